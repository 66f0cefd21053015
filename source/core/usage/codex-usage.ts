/**
 * Tokens from Codex's rollout files (`<codex home>/sessions/YYYY/MM/DD/rollout-*.jsonl`): a file belongs to the
 * session when its `session_meta` names the worktree as its cwd; its `token_count` events carry the running total of
 * the conversation, so each increase is counted once, for the model of the latest `turn_context`.
 */
import {open, readdir} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {JsonlTail} from './jsonl-tail.js';
import type {TokenCounts} from './prices.js';

export function codexSessionsDir(env: NodeJS.ProcessEnv): string {
	return path.join(env.CODEX_HOME || path.join(env.HOME || os.homedir(), '.codex'), 'sessions');
}

/** The whole tree is listed at most this often; in between only the rollouts found so far are read. */
const relistMs = 30_000;

interface Rollout {
	tail: JsonlTail;
	model: string;
	/** The last running total seen (input includes cached input, as Codex reports it). */
	last: {input: number; cached: number; output: number};
}

function count(value: unknown): number {
	return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
}

export class CodexUsage {
	private readonly rollouts = new Map<string, Rollout>();
	private readonly others = new Set<string>();
	private readonly models = new Map<string, TokenCounts>();
	private responses = 0;
	private listedAt = -Infinity;

	constructor(private readonly sessionsDir: string, private readonly worktrees: readonly string[], private readonly clock: () => number = Date.now) {}

	async refresh(): Promise<boolean> {
		if (this.clock() - this.listedAt >= relistMs) {
			this.listedAt = this.clock();
			await this.discover();
		}

		let changed = false;
		for (const rollout of this.rollouts.values()) {
			const {entries} = await rollout.tail.read();
			for (const entry of entries) changed = this.take(rollout, entry) || changed;
		}

		return changed;
	}

	byModel(): Map<string, TokenCounts> {
		return new Map(this.models);
	}

	get responseCount(): number {
		return this.responses;
	}

	private take(rollout: Rollout, entry: unknown): boolean {
		if (typeof entry !== 'object' || entry === null) return false;
		const {type, payload} = entry as {type?: unknown; payload?: Record<string, unknown>};
		if (type === 'turn_context' && typeof payload?.model === 'string') {
			rollout.model = payload.model;
			return false;
		}

		if (type !== 'event_msg' || payload?.type !== 'token_count') return false;
		const info = payload.info as {total_token_usage?: Record<string, unknown>} | null | undefined;
		const total = info?.total_token_usage;
		if (!total) return false;
		const now = {input: count(total.input_tokens), cached: count(total.cached_input_tokens), output: count(total.output_tokens)};
		const delta = {input: now.input - rollout.last.input, cached: now.cached - rollout.last.cached, output: now.output - rollout.last.output};
		rollout.last = now;
		// The same total repeated (Codex sends one after each response and some in between) adds nothing.
		if (delta.input <= 0 && delta.output <= 0 && delta.cached <= 0) return false;
		const sum = this.models.get(rollout.model) ?? {input: 0, output: 0, cacheWrite: 0, cacheRead: 0};
		const cached = Math.max(0, delta.cached);
		this.models.set(rollout.model, {
			input: sum.input + Math.max(0, delta.input - cached),
			output: sum.output + Math.max(0, delta.output),
			cacheWrite: sum.cacheWrite,
			cacheRead: sum.cacheRead + cached,
		});
		this.responses++;
		return true;
	}

	private async discover(): Promise<void> {
		const names = await readdir(this.sessionsDir, {recursive: true}).catch(() => [] as string[]);
		for (const name of names) {
			const file = path.join(this.sessionsDir, String(name));
			if (!/rollout-[^/]*\.jsonl$/.test(file) || this.rollouts.has(file) || this.others.has(file)) continue;
			const cwd = await sessionCwd(file);
			// A file whose first line is not written yet is looked at again at the next listing.
			if (cwd === undefined) continue;
			if (this.worktrees.includes(cwd)) this.rollouts.set(file, {tail: new JsonlTail(file), model: 'unknown', last: {input: 0, cached: 0, output: 0}});
			else this.others.add(file);
		}
	}
}

/** The cwd in a rollout's session_meta line (its first), '' when it has none, undefined when not written yet. */
async function sessionCwd(file: string): Promise<string | undefined> {
	const handle = await open(file, 'r').catch(() => undefined);
	if (!handle) return undefined;
	try {
		const buffer = Buffer.alloc(64 * 1024);
		const {bytesRead} = await handle.read(buffer, 0, buffer.length, 0);
		const text = buffer.subarray(0, bytesRead).toString('utf8');
		const end = text.indexOf('\n');
		if (end === -1) return bytesRead === buffer.length ? '' : undefined;
		const first = JSON.parse(text.slice(0, end)) as {type?: string; payload?: {cwd?: unknown}};
		return first.type === 'session_meta' && typeof first.payload?.cwd === 'string' ? first.payload.cwd : '';
	} catch {
		return '';
	} finally {
		await handle.close();
	}
}
