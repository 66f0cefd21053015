/**
 * Starts test runs for sessions and records every finished one, so the test screen and the merge gate share one
 * way of running tests and one history.
 */
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

export class TestRunner {
	constructor(private readonly options: TestRunnerOptions) {}

	get results(): TestResultStore {
		return this.options.results;
	}

	/**
	 * Starts the session's tests. `recorded` settles once the run has ended and its result (if it finished rather
	 * than being stopped) is saved.
	 */
	async start(target: TestTarget, size: {cols: number; rows: number}): Promise<StartedTestRun> {
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
			return end;
		});
		return {run, recorded};
	}
}

export interface StartedTestRun {
	run: TestRun;
	recorded: Promise<TestRunEnd>;
}
