/**
 * The test matrix: the test command in every session's worktree and in the main checkout (the baseline), a few at
 * a time, each through the repository's one test runner (so results are recorded per commit as single runs are).
 * When a run ends, the names of its failing tests are read from its output, so the matrix can say which failures a
 * session added to those the base already has.
 */
import os from 'node:os';
import type {HeadlessTerminal} from '../terminal/headless-terminal.js';
import type {TestRun} from './test-run.js';
import type {TestRunner, TestTarget} from './test-runner.js';

export type MatrixState = 'queued' | 'running' | 'passed' | 'failed' | 'stopped' | 'error';

export interface MatrixRow {
	target: TestTarget;
	/** The baseline row: the main checkout. */
	base: boolean;
	state: MatrixState;
	startedAt?: number;
	durationMs?: number;
	commit?: string;
	/** Failing tests named in the output (empty when it names none). */
	failures: string[];
	/** Why the run could not start. */
	error?: string;
	run?: TestRun;
}

/** Slug under which the baseline's results are recorded; no session can be named so (slugs cannot start with @). */
export const baseSlug = '@base';

/** Half the cores, at least one: tests are often parallel themselves. */
export function defaultConcurrency(): number {
	return Math.max(1, Math.floor(os.availableParallelism() / 2));
}

/** Lines that name a failing test in the output of common runners (vitest/jest, mocha, TAP, pytest, go, cargo). */
const failurePatterns = [
	// FAIL, \u2717 ✗, \u00d7 ×, \u2715 ✕: escapes keep the bundle ASCII (see scripts/bundle.mjs).
	/^\s*(?:FAIL|\u2717|\u00d7|\u2715)\s+(.+?)\s*(?:\d+ms|\(\d+\s*m?s\))?$/,
	/^\s*not ok \d+ (?:- )?(.+)$/,
	/^FAILED (.+?)(?: - .*)?$/,
	/^--- FAIL: (\S+)/,
	/^test (\S+) \.\.\. FAILED$/,
];

export function failingTests(lines: readonly string[]): string[] {
	const found = new Set<string>();
	for (const line of lines) {
		for (const pattern of failurePatterns) {
			const match = pattern.exec(line.trimEnd());
			if (match?.[1]) {
				found.add(match[1].trim());
				break;
			}
		}
	}

	return [...found];
}

/**
 * What a session's row adds to the base: its failing tests the base does not have. When the output names no test,
 * a failing run over a passing base counts as one new failure ("the run").
 */
export function newFailures(row: MatrixRow, base: MatrixRow | undefined): string[] | undefined {
	if (row.base || row.state !== 'failed' && row.state !== 'passed') return undefined;
	if (!base || (base.state !== 'passed' && base.state !== 'failed')) return undefined;
	if (row.state === 'passed') return [];
	const known = new Set(base.failures);
	const added = row.failures.filter(name => !known.has(name));
	if (row.failures.length === 0) return base.state === 'passed' ? ['the run'] : [];
	return added;
}

export interface MatrixOptions {
	runner: Pick<TestRunner, 'start'>;
	targets: TestTarget[];
	base: TestTarget;
	concurrency: number;
	size: () => {cols: number; rows: number};
	onChange: () => void;
	clock?: () => number;
}

export class TestMatrix {
	readonly rows: MatrixRow[];
	private stopped = false;
	private readonly clock: () => number;

	constructor(private readonly options: MatrixOptions) {
		this.clock = options.clock ?? Date.now;
		this.rows = [{target: options.base, base: true, state: 'queued', failures: []}, ...options.targets.map(target => ({target, base: false, state: 'queued' as const, failures: []}))];
	}

	/** Runs every row, at most `concurrency` at once; resolves when all have ended. */
	async run(): Promise<void> {
		let next = 0;
		const worker = async () => {
			while (!this.stopped && next < this.rows.length) {
				const row = this.rows[next++]!;
				await this.runRow(row);
			}
		};

		await Promise.all(Array.from({length: Math.max(1, Math.min(this.options.concurrency, this.rows.length))}, worker));
		for (const row of this.rows) if (row.state === 'queued') row.state = 'stopped';
		this.options.onChange();
	}

	get finished(): boolean {
		return this.rows.every(row => row.state !== 'queued' && row.state !== 'running');
	}

	/** Stops the runs in progress; queued rows do not start. */
	async stop(): Promise<void> {
		this.stopped = true;
		await Promise.all(this.rows.map(row => (row.state === 'running' ? row.run?.stop() : undefined)));
	}

	newFailures(row: MatrixRow): string[] | undefined {
		return newFailures(row, this.rows[0]);
	}

	private async runRow(row: MatrixRow): Promise<void> {
		row.state = 'running';
		row.startedAt = this.clock();
		this.options.onChange();
		try {
			const started = await this.options.runner.start(row.target, this.options.size());
			row.run = started.run;
			row.commit = started.run.commit;
			this.options.onChange();
			const end = await started.recorded;
			row.durationMs = this.clock() - row.startedAt;
			if (end.kind === 'stopped') {
				row.state = 'stopped';
			} else {
				row.state = end.result.passed ? 'passed' : 'failed';
				row.failures = end.result.passed ? [] : failingTests(outputLines(started.run.terminal));
			}
		} catch (error) {
			row.state = 'error';
			row.error = error instanceof Error ? error.message.split('\n')[0] : String(error);
		}

		this.options.onChange();
	}
}

function outputLines(terminal: HeadlessTerminal): string[] {
	return terminal.historyText(10_000);
}
