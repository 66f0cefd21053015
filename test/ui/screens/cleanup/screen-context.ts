/**
 * A screen's surroundings for unit tests: a real WorktreeService on a temp repository, and a workspace and host that
 * record what the screen asked of them (the real ones need a terminal and running agents).
 */
import {Box, renderToString} from 'ink';
import React from 'react';
import {SessionSlotStore, sessionSlotsFile} from '../../../../source/core/config/session-slots.js';
import type {RemoveChoice, RemoveResult, WorktreeService} from '../../../../source/core/git/worktree-service.js';
import type {WorkspaceEntry, WorkspaceEvent} from '../../../../source/core/workspace/types.js';
import type {AgentWorkspace} from '../../../../source/core/workspace/workspace.js';
import type {KeyEvent} from '../../../../source/ui/input/key-event.js';
import {keyEvent} from '../../../../source/ui/input/key-event.js';
import {buildKeymap} from '../../../../source/ui/keymap/index.js';
import type {ScreenOpenContext} from '../../../../source/ui/screens/registry.js';
import type {ScreenServices} from '../../../../source/ui/screens/types.js';

export class RecordingWorkspace {
	list: WorkspaceEntry[] = [];
	stopped: string[] = [];
	loads = 0;
	private readonly listeners = new Set<(event: WorkspaceEvent) => void>();

	constructor(private readonly worktrees: WorktreeService) {}

	entries(): readonly WorkspaceEntry[] {
		return this.list;
	}

	subscribe(listener: (event: WorkspaceEvent) => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	emit(event: WorkspaceEvent): void {
		for (const listener of this.listeners) listener(event);
	}

	/** Adds an entry for an existing session, with the given agent status. */
	add(slug: string, status: WorkspaceEntry['status']): void {
		this.list.push({id: slug, slug, branch: this.worktrees.branchFor(slug), worktree: this.worktrees.worktreePathFor(slug), base: 'main', agent: 'fake', status, statusSince: 0, changedFiles: 0});
	}

	/** The real workspace describes isolation from settings and slots; none here. */
	async isolation(): Promise<Map<string, unknown>> {
		return new Map<string, unknown>();
	}

	/** Slots given back, by removal or otherwise. */
	released: string[] = [];

	/** The workspace's removal without its teardown (covered by the workspace's own tests): git removal, then the slot. */
	async remove(slug: string, choice: RemoveChoice, options: {keepBranch?: boolean}): Promise<RemoveResult> {
		const result = await this.worktrees.removeSession(slug, choice, options);
		await new SessionSlotStore(sessionSlotsFile(this.worktrees.repo.commonDir)).release(slug);
		this.released.push(slug);
		return result;
	}

	async stop(id: string): Promise<void> {
		this.stopped.push(id);
		this.list = this.list.map(entry => (entry.id === id ? {...entry, status: 'exited'} : entry));
	}

	async load(): Promise<void> {
		this.loads++;
		const live = new Set((await this.worktrees.listSessions()).filter(info => info.exists).map(info => info.slug));
		this.list = this.list.filter(entry => live.has(entry.slug));
	}
}

export interface RecordingHost {
	flashes: Array<{text: string; kind?: string}>;
	closed: number;
	changes: number;
	extras: Map<string, unknown>;
}

export function screenContext(worktrees: WorktreeService, workspace: RecordingWorkspace): {context: ScreenOpenContext; host: RecordingHost} {
	const host: RecordingHost = {flashes: [], closed: 0, changes: 0, extras: new Map()};
	const services = {workspace: workspace as unknown as AgentWorkspace, worktrees, repoRoot: worktrees.repo.root, keymap: buildKeymap()} as ScreenServices;
	const context: ScreenOpenContext = {
		services,
		host: {
			close: () => void host.closed++,
			flash: (text, kind) => void host.flashes.push({text, kind}),
			openCopyAt: () => undefined,
			focusSession: () => undefined,
			changed: () => void host.changes++,
			relayout: () => undefined,
			runInTerminal: async () => 0,
			size: () => ({cols: 120, rows: 30}),
		},
		entry: undefined,
		marked: [],
		setPaneExtras: (id, extras) => void host.extras.set(id, extras.overlap),
		clearMarks: () => undefined,
	};
	return {context, host};
}

/** A printable key as the parser delivers it. */
export function typed(text: string): KeyEvent {
	return keyEvent(text === ' ' ? 'space' : text, text, {}, text === ' ' ? undefined : text);
}

/** Polls until `check` passes (or throws its last failure after the timeout). */
export async function eventually<T>(check: () => T | Promise<T>, timeoutMs = 10_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		try {
			return await check();
		} catch (error) {
			if (Date.now() > deadline) throw error;
			await new Promise(resolve => setTimeout(resolve, 20));
		}
	}
}

/** A screen's element as text; the screen draws absolutely positioned, so it is given a parent of its size. */
export function renderScreen(element: React.ReactElement, cols: number, rows: number): string {
	return renderToString(React.createElement(Box, {width: cols, height: rows}, element), {columns: cols});
}
