/**
 * One run of a session's tests in its worktree, in its own pty and headless terminal (shown live like a pane).
 * The commit and the worktree state are taken before the program starts, so the result says exactly what it ran on.
 */
import {git} from '../git/run-git.js';
import {snapshotWorktree} from '../git/snapshot.js';
import {Session} from '../session/session.js';
import type {HeadlessTerminal} from '../terminal/headless-terminal.js';
import type {TerminalColors} from '../terminal/colors.js';
import type {TestLaunch} from './test-launch.js';
import type {TestResult} from './test-results.js';

export interface TestRunOptions {
	slug: string;
	branch: string;
	worktree: string;
	launch: TestLaunch;
	/** The environment the launch's variables are added to. */
	env: NodeJS.ProcessEnv;
	cols: number;
	rows: number;
	scrollback?: number;
	colors?: TerminalColors;
	version?: string;
	clock?: () => number;
}

export type TestRunEnd = {kind: 'finished'; result: TestResult} | {kind: 'stopped'};
export type TestRunState = 'running' | 'passed' | 'failed' | 'stopped';

export class TestRun {
	readonly commit: string;
	readonly dirty: boolean;
	readonly snapshot: string;
	readonly label: string;
	readonly startedAt: number;
	/** Settles when the program has exited and all its output is on the terminal. */
	readonly finished: Promise<TestRunEnd>;
	private readonly session: Session;
	private readonly clock: () => number;
	private stopRequested = false;
	private end: TestRunEnd | undefined;

	static async start(options: TestRunOptions): Promise<TestRun> {
		const [commit, snapshot] = await Promise.all([
			git(options.worktree, ['rev-parse', 'HEAD']).then(out => out.trim()),
			snapshotWorktree(options.worktree),
		]);
		const clock = options.clock ?? Date.now;
		const startedAt = clock();
		const session = await Session.start({
			file: options.launch.file,
			args: options.launch.args,
			cwd: options.worktree,
			env: {...options.env, ...options.launch.env},
			cols: options.cols,
			rows: options.rows,
			scrollback: options.scrollback,
			colors: options.colors,
			version: options.version,
		});
		return new TestRun(options, session, {commit, dirty: snapshot.includesUncommitted, snapshot: snapshot.commit, startedAt, clock});
	}

	private constructor(options: TestRunOptions, session: Session, facts: {commit: string; dirty: boolean; snapshot: string; startedAt: number; clock: () => number}) {
		this.session = session;
		this.commit = facts.commit;
		this.dirty = facts.dirty;
		this.snapshot = facts.snapshot;
		this.startedAt = facts.startedAt;
		this.clock = facts.clock;
		this.label = options.launch.label;
		this.finished = new Promise(resolve => {
			session.onExit(exit => {
				if (this.stopRequested) {
					this.end = {kind: 'stopped'};
				} else {
					const result: TestResult = {
						slug: options.slug,
						branch: options.branch,
						passed: exit.exitCode === 0 && exit.signal === undefined,
						exitCode: exit.exitCode,
						durationMs: Math.max(0, this.clock() - this.startedAt),
						commit: this.commit,
						dirty: this.dirty,
						snapshot: this.snapshot,
						command: this.label,
						finishedAt: new Date().toISOString(),
					};
					if (exit.signal !== undefined) {
						result.signal = exit.signal;
					}
					this.end = {kind: 'finished', result};
				}
				resolve(this.end);
			});
		});
	}

	get terminal(): HeadlessTerminal {
		return this.session.terminal;
	}

	get state(): TestRunState {
		if (!this.end) {
			return 'running';
		}
		return this.end.kind === 'stopped' ? 'stopped' : this.end.result.passed ? 'passed' : 'failed';
	}

	get result(): TestResult | undefined {
		return this.end?.kind === 'finished' ? this.end.result : undefined;
	}

	/** Ends the whole process tree of the run (politely, then by force); a stopped run records no result. */
	async stop(): Promise<void> {
		if (this.end) {
			return;
		}
		this.stopRequested = true;
		await this.session.close({graceMs: 1000});
	}

	resize(cols: number, rows: number): void {
		// A finished run keeps its last screen as it was; its pty is gone.
		if (this.end === undefined && cols > 0 && rows > 0 && (cols !== this.terminal.cols || rows !== this.terminal.rows)) {
			this.session.resize(cols, rows);
		}
	}

	async dispose(): Promise<void> {
		this.stopRequested ||= this.end === undefined;
		await this.session.dispose();
	}
}
