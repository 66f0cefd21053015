/**
 * Tokens and estimated cost of every session, from the agents' own logs of its worktree (Claude Code transcripts,
 * Codex rollouts), read incrementally on a slow timer: only what was appended since the last look is parsed. The
 * timer looks only at sessions whose agent printed something since (`activity`), and once more after, as an agent
 * writes its log as it works: an idle grid reads no directory at all.
 */
import {realpath} from 'node:fs/promises';
import {ClaudeUsage, claudeProjectDir} from './claude-usage.js';
import {CodexUsage, codexSessionsDir} from './codex-usage.js';
import {addTokens, summarize, type PriceTable, type TokenCounts, type UsageSummary} from './prices.js';

export interface UsageTrackerOptions {
	env: NodeJS.ProcessEnv;
	prices: PriceTable;
	/** How often the logs are looked at. */
	intervalMs?: number;
	onChange(id: string, usage: UsageSummary): void;
}

interface Tracked {
	claude: ClaudeUsage;
	codex: CodexUsage;
	last?: UsageSummary;
}

/** Timer passes that still read a session after its last output: the one due, and one for a log written late. */
const passesAfterActivity = 2;

export class UsageTracker {
	private readonly tracked = new Map<string, Promise<Tracked>>();
	/** Sessions the timer still reads, with the passes left. */
	private readonly active = new Map<string, number>();
	private timer: NodeJS.Timeout | undefined;
	private refreshing: Promise<void> | undefined;

	constructor(private readonly options: UsageTrackerOptions) {}

	/** Starts following a session's worktree (again: a no-op). */
	track(id: string, worktree: string): void {
		if (this.tracked.has(id)) return;
		// Read once at the start, for what an earlier run of the agent logged.
		this.active.set(id, 1);
		this.tracked.set(id, (async () => {
			// Agents name their logs by the path they run in, which may be the resolved one.
			const real = await realpath(worktree).catch(() => worktree);
			const paths = [...new Set([worktree, real])];
			return {
				claude: new ClaudeUsage(paths.map(candidate => claudeProjectDir(candidate, this.options.env))),
				codex: new CodexUsage(codexSessionsDir(this.options.env), paths),
			};
		})());
	}

	/** Stops following the sessions not in `ids` (removed). */
	retain(ids: ReadonlySet<string>): void {
		for (const id of [...this.tracked.keys()]) {
			if (ids.has(id)) continue;
			this.tracked.delete(id);
			this.active.delete(id);
		}
	}

	/** The session's agent printed something: its logs are read at the next passes. */
	activity(id: string): void {
		if (this.tracked.has(id)) this.active.set(id, passesAfterActivity);
	}

	start(): void {
		if (this.timer) return;
		void this.refresh();
		this.timer = setInterval(() => void this.refreshActive(), this.options.intervalMs ?? 5000);
		this.timer.unref();
	}

	stop(): void {
		clearInterval(this.timer);
		this.timer = undefined;
	}

	/** Reads every tracked session's logs once (after a pass that may cover fewer); reports those whose usage changed. */
	async refresh(): Promise<void> {
		while (this.refreshing) await this.refreshing;
		return this.pass([...this.tracked.keys()]);
	}

	/** What the timer reads: the sessions active since their last passes. */
	async refreshActive(): Promise<void> {
		// A pass still running (a slow disk) keeps the due sessions due.
		if (this.refreshing) return;
		const due = [...this.active.keys()];
		for (const id of due) {
			const left = this.active.get(id)! - 1;
			if (left > 0) this.active.set(id, left);
			else this.active.delete(id);
		}
		if (due.length > 0) await this.pass(due);
	}

	private async pass(ids: string[]): Promise<void> {
		// One pass at a time; `finally` runs after this assignment even when the pass has nothing to wait for.
		this.refreshing ??= this.read(ids).finally(() => {
			this.refreshing = undefined;
		});
		return this.refreshing;
	}

	private async read(ids: string[]): Promise<void> {
		for (const id of ids) {
			const pending = this.tracked.get(id);
			if (!pending) continue;
			const tracked = await pending;
			const changed = [await tracked.claude.refresh().catch(() => false), await tracked.codex.refresh().catch(() => false)].some(Boolean);
			if (!changed && tracked.last) continue;
			const usage = this.summaryOf(tracked);
			tracked.last = usage;
			if (this.tracked.has(id) && (changed || usage.responses > 0)) this.options.onChange(id, usage);
		}
	}

	private summaryOf(tracked: Tracked): UsageSummary {
		const models = new Map<string, TokenCounts>(tracked.claude.byModel());
		for (const [model, tokens] of tracked.codex.byModel()) {
			const known = models.get(model);
			models.set(model, known ? addTokens(known, tokens) : tokens);
		}

		return summarize(models, tracked.claude.responseCount + tracked.codex.responseCount, this.options.prices);
	}
}

/** The sum over sessions, for the totals row. */
export function totalUsage(usages: ReadonlyArray<Pick<UsageSummary, 'total' | 'cost' | 'unpriced'> | undefined>): {total: number; cost: number; unpriced: string[]} {
	let total = 0;
	let cost = 0;
	const unpriced = new Set<string>();
	for (const usage of usages) {
		if (!usage) continue;
		total += usage.total;
		cost += usage.cost;
		for (const model of usage.unpriced) unpriced.add(model);
	}

	return {total, cost, unpriced: [...unpriced]};
}
