import {mkdir, rename, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {AgentgridError} from '../errors.js';
import {withFileLock} from './file-lock.js';
import {readOptionalFile} from './json-file.js';
import {isPortFree} from './port-probe.js';
import type {PortSettings} from './repository-settings-schema.js';
import {isPlainObject} from './validate.js';

/** What a live session holds for its lifetime: its position among the sessions and its ports. */
export interface SessionSlot {
	slug: string;
	index: number;
	ports: number[];
}

export interface SessionSlotStoreOptions {
	/** Overridable so tests can mark ports busy; the default binds real sockets. */
	isPortFree?: (port: number) => Promise<boolean>;
}

/** Where a repository keeps its slots: in the git common dir, shared by all its worktrees, never committed. */
export function sessionSlotsFile(gitCommonDir: string): string {
	return path.join(gitCommonDir, 'agentgrid', 'sessions.json');
}

/**
 * Hands out indexes and ports to sessions and remembers them in a file, so a session keeps its port across
 * restarts of agentgrid (its dev server may still be running on it) and two sessions never share one.
 */
export class SessionSlotStore {
	readonly file: string;
	readonly #isPortFree: (port: number) => Promise<boolean>;

	constructor(file: string, options: SessionSlotStoreOptions = {}) {
		this.file = file;
		this.#isPortFree = options.isPortFree ?? isPortFree;
	}

	/**
	 * The session's slot, allocating one if it has none. `liveSlugs`, when given, lists the sessions that still
	 * exist: slots of any other session are freed first.
	 */
	async claim(slug: string, ports: PortSettings, liveSlugs?: readonly string[]): Promise<SessionSlot> {
		return this.#locked(async () => {
			let slots = await this.#read();
			if (liveSlugs) {
				const live = new Set([...liveSlugs, slug]);
				slots = slots.filter(slot => live.has(slot.slug));
			}
			const existing = slots.find(slot => slot.slug === slug);
			// An existing slot is kept even if its ports are busy now: the busy one is most likely this session's own server.
			if (existing && existing.ports.length >= ports.perSession) {
				await this.#write(slots);
				return existing;
			}
			const others = slots.filter(slot => slot.slug !== slug);
			const slot: SessionSlot = {
				slug,
				index: existing?.index ?? lowestFreeIndex(others),
				ports: await this.#allocatePorts(ports, others, existing?.ports ?? []),
			};
			await this.#write([...others, slot]);
			return slot;
		});
	}

	async release(slug: string): Promise<void> {
		await this.#locked(async () => {
			const slots = await this.#read();
			await this.#write(slots.filter(slot => slot.slug !== slug));
		});
	}

	async list(): Promise<SessionSlot[]> {
		return this.#read();
	}

	async #allocatePorts(settings: PortSettings, others: SessionSlot[], kept: number[]): Promise<number[]> {
		const taken = new Set(others.flatMap(slot => slot.ports));
		const chosen = kept.slice(0, settings.perSession);
		for (let port = settings.first; port <= settings.last && chosen.length < settings.perSession; port++) {
			if (!taken.has(port) && !chosen.includes(port) && await this.#isPortFree(port)) {
				chosen.push(port);
			}
		}
		if (chosen.length < settings.perSession) {
			throw new AgentgridError(
				'ports-exhausted',
				`No free port left in ${settings.first}-${settings.last} (${taken.size} held by other sessions, the rest in use on this machine).`,
				'Widen "ports" in .agentgrid.json or remove finished sessions.',
			);
		}
		return chosen;
	}

	async #locked<T>(action: () => Promise<T>): Promise<T> {
		await mkdir(path.dirname(this.file), {recursive: true});
		return withFileLock(this.file, action);
	}

	async #read(): Promise<SessionSlot[]> {
		const text = await readOptionalFile(this.file);
		if (text === undefined) {
			return [];
		}
		try {
			const data = JSON.parse(text) as unknown;
			const sessions = isPlainObject(data) && Array.isArray(data.sessions) ? data.sessions as unknown[] : [];
			return sessions.filter(isSlot);
		} catch {
			// This file is agentgrid's own bookkeeping, never hand-edited; a torn or corrupt one only costs stable ports.
			return [];
		}
	}

	async #write(slots: SessionSlot[]): Promise<void> {
		const temporary = `${this.file}.${Date.now()}.tmp`;
		await writeFile(temporary, `${JSON.stringify({sessions: slots}, null, '\t')}\n`);
		await rename(temporary, this.file);
	}
}

function lowestFreeIndex(slots: SessionSlot[]): number {
	const used = new Set(slots.map(slot => slot.index));
	let index = 1;
	while (used.has(index)) {
		index++;
	}
	return index;
}

function isSlot(value: unknown): value is SessionSlot {
	return isPlainObject(value)
		&& typeof value.slug === 'string'
		&& typeof value.index === 'number'
		&& Array.isArray(value.ports)
		&& value.ports.every(port => typeof port === 'number');
}
