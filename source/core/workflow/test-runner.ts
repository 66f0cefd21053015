/**
 * Starts test runs for sessions and records every finished one, so the test screen and the merge gate share one
 * way of running tests and one history. It is also the registry of runs in progress: a run belongs to the runner,
 * not to the screen that started it, so leaving the screen (or detaching) lets it finish, and opening the screen
 * again shows the same run.
 */
import {AgentgridError} from '../errors.js';
import type {RepositorySettings} from '../config/repository-settings.js';
import type {TrustStatus} from '../config/trust.js';
import type {TerminalColors} from '../terminal/colors.js';
import {planTestLaunch} from './test-launch.js';
import type {TestResultStore} from './test-results.js';
import {TestRun, type TestRunEnd} from './test-run.js';

export interface TestTarget {
	slug: string;
	branch: string;
	worktree: string;
	base: string;
}

export interface TestRunnerOptions {
	repoRoot: string;
	gitCommonDir: string;
	repository: RepositorySettings;
	trust: TrustStatus;
	env: NodeJS.ProcessEnv;
	results: TestResultStore;
	scrollback?: number;
	colors?: TerminalColors;
	version?: string;
	/** Told when a finished result could not be saved (the run itself still counts). */
	onRecordError?: (error: unknown) => void;
}

export class TestsAlreadyRunning extends AgentgridError {
	constructor(slug: string) {
		super('tests-running', `The tests of ${slug} are already running.`, 'Wait for them to end, or open them (t) and stop them with Ctrl-C.');
	}
}

export class TestRunner {
	private readonly live = new Map<string, StartedTestRun>();
	private readonly starting = new Set<string>();
	private readonly holders = new Map<TestRun, number>();
	private readonly finishedListeners = new Set<(target: TestTarget, end: TestRunEnd) => void>();

	constructor(private readonly options: TestRunnerOptions) {}

	/**
	 * A screen shows `run`. Once every screen that held a run has let go and the run has ended, its terminal is
	 * freed; until then it keeps running unseen. Runs nobody held (the merge gate's) are their starter's to free.
	 */
	hold(run: TestRun): void {
		this.holders.set(run, (this.holders.get(run) ?? 0) + 1);
	}

	release(run: TestRun): void {
		const count = (this.holders.get(run) ?? 1) - 1;
		this.holders.set(run, count);
		if (count > 0) return;
		void run.finished.then(() => {
			if (this.holders.get(run) === 0) {
				this.holders.delete(run);
				void run.dispose();
			}
		});
	}

	/** The run in progress for a session, if any. */
	running(slug: string): StartedTestRun | undefined {
		return this.live.get(slug);
	}

	/** Told of every run that ends, whoever started it and whether or not a screen still shows it. */
	onFinished(listener: (target: TestTarget, end: TestRunEnd) => void): () => void {
		this.finishedListeners.add(listener);
		return () => this.finishedListeners.delete(listener);
	}

	get results(): TestResultStore {
		return this.options.results;
	}

	/**
	 * Starts the session's tests. `recorded` settles once the run has ended and its result (if it finished rather
	 * than being stopped) is saved.
	 */
	async start(target: TestTarget, size: {cols: number; rows: number}): Promise<StartedTestRun> {
		// Two runs in one worktree would fight over its files and ports.
		if (this.live.has(target.slug) || this.starting.has(target.slug)) throw new TestsAlreadyRunning(target.slug);
		this.starting.add(target.slug);
		try {
			return await this.launch(target, size);
		} finally {
			this.starting.delete(target.slug);
		}
	}

	private async launch(target: TestTarget, size: {cols: number; rows: number}): Promise<StartedTestRun> {
		const {options} = this;
		const launch = await planTestLaunch({
			...target,
			repoRoot: options.repoRoot,
			gitCommonDir: options.gitCommonDir,
			repository: options.repository,
			trust: options.trust,
		});
		const run = await TestRun.start({
			...target,
			launch,
			env: options.env,
			cols: size.cols,
			rows: size.rows,
			scrollback: options.scrollback,
			colors: options.colors,
			version: options.version,
		});
		const recorded = run.finished.then(async end => {
			if (end.kind === 'finished') {
				await options.results.record(end.result).catch((error: unknown) => options.onRecordError?.(error));
			}
			this.live.delete(target.slug);
			for (const listener of this.finishedListeners) listener(target, end);
			return end;
		});
		const started = {run, recorded};
		this.live.set(target.slug, started);
		return started;
	}
}

export interface StartedTestRun {
	run: TestRun;
	recorded: Promise<TestRunEnd>;
}
