/**
 * Tokens from Claude Code's own transcripts of a worktree: `<claude home>/projects/<the worktree's path with every
 * character but letters and digits replaced by ->/*.jsonl`, plus its sub-agents' `<session id>/subagents/*.jsonl`.
 * Each assistant entry carries `message.usage` (input, output, cache write and cache read tokens) and the model;
 * Claude Code writes one entry per content block of a response, each repeating its usage, so a response is counted
 * once, by its message id and request id (a later entry of the same response replaces the earlier one).
 */
import {readdir} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {JsonlTail} from './jsonl-tail.js';
import type {TokenCounts} from './prices.js';

export function claudeHome(env: NodeJS.ProcessEnv): string {
	return env.CLAUDE_CONFIG_DIR || path.join(env.HOME || os.homedir(), '.claude');
}

export function claudeProjectDir(worktree: string, env: NodeJS.ProcessEnv): string {
	return path.join(claudeHome(env), 'projects', worktree.replaceAll(/[^A-Za-z0-9]/g, '-'));
}

function count(value: unknown): number {
	return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
}

/** One response's model and tokens, or undefined for an entry that is not an API response. */
export function claudeResponse(entry: unknown): {key: string; model: string; tokens: TokenCounts} | undefined {
	if (typeof entry !== 'object' || entry === null) return undefined;
	const {message, requestId, uuid} = entry as {message?: unknown; requestId?: unknown; uuid?: unknown};
	if (typeof message !== 'object' || message === null) return undefined;
	const {usage, id, model} = message as {usage?: unknown; id?: unknown; model?: unknown};
	if (typeof usage !== 'object' || usage === null) return undefined;
	const u = usage as Record<string, unknown>;
	const tokens = {input: count(u.input_tokens), output: count(u.output_tokens), cacheWrite: count(u.cache_creation_input_tokens), cacheRead: count(u.cache_read_input_tokens)};
	const key = typeof id === 'string' || typeof requestId === 'string' ? `${String(id ?? '')}:${String(requestId ?? '')}` : typeof uuid === 'string' ? uuid : undefined;
	if (key === undefined) return undefined;
	return {key, model: typeof model === 'string' && model !== '' ? model : 'unknown', tokens};
}

export class ClaudeUsage {
	private readonly tails = new Map<string, JsonlTail>();
	private readonly responses = new Map<string, {model: string; tokens: TokenCounts}>();

	constructor(private readonly directories: readonly string[]) {}

	/** Reads what was appended since the last call; true when a count changed. */
	async refresh(): Promise<boolean> {
		let changed = false;
		for (const file of await this.files()) {
			let tail = this.tails.get(file);
			if (!tail) this.tails.set(file, (tail = new JsonlTail(file)));
			const {entries} = await tail.read();
			for (const entry of entries) {
				const response = claudeResponse(entry);
				if (!response) continue;
				const known = this.responses.get(response.key);
				if (known && sameTokens(known.tokens, response.tokens)) continue;
				// Responses without any token are synthetic (errors, interruptions): nothing to count.
				if (!known && response.model === '<synthetic>') continue;
				this.responses.set(response.key, {model: response.model, tokens: response.tokens});
				changed = true;
			}
		}

		return changed;
	}

	byModel(): Map<string, TokenCounts> {
		const models = new Map<string, TokenCounts>();
		for (const {model, tokens} of this.responses.values()) {
			const sum = models.get(model) ?? {input: 0, output: 0, cacheWrite: 0, cacheRead: 0};
			models.set(model, {input: sum.input + tokens.input, output: sum.output + tokens.output, cacheWrite: sum.cacheWrite + tokens.cacheWrite, cacheRead: sum.cacheRead + tokens.cacheRead});
		}

		return models;
	}

	get responseCount(): number {
		return this.responses.size;
	}

	private async files(): Promise<string[]> {
		const files: string[] = [];
		for (const directory of this.directories) {
			const entries = await readdir(directory, {withFileTypes: true}).catch(() => []);
			for (const entry of entries) {
				if (entry.isFile() && entry.name.endsWith('.jsonl')) files.push(path.join(directory, entry.name));
				if (entry.isDirectory()) {
					const subagents = path.join(directory, entry.name, 'subagents');
					for (const name of await readdir(subagents).catch(() => [] as string[])) {
						if (name.endsWith('.jsonl')) files.push(path.join(subagents, name));
					}
				}
			}
		}

		return files;
	}
}

function sameTokens(a: TokenCounts, b: TokenCounts): boolean {
	return a.input === b.input && a.output === b.output && a.cacheWrite === b.cacheWrite && a.cacheRead === b.cacheRead;
}
