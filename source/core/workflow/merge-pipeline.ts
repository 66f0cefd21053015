/**
 * Merging one session into its base, step by step: check the base checkout, commit pending work (asking first),
 * rebase onto the current base, run the tests on exactly that commit, then integrate it. Each step reports its
 * progress; any refusal stops the merge with the reason and leaves every checkout as it was.
 */
import {AgentgridError, isAgentgridError} from '../errors.js';
import {assertSessionBranchesExist} from '../git/branch-checks.js';
import {RebaseConflict} from '../git/errors.js';
import {readStatus, statusPaths} from '../git/status.js';
import type {IntegrateResult, WorktreeService} from '../git/worktree-service.js';
import {assertBaseCheckoutClean} from './base-checkout.js';
import {suggestCommitMessage} from './commit-message.js';
import type {TestResult} from './test-results.js';
import type {TestRun} from './test-run.js';
import type {StartedTestRun, TestTarget} from './test-runner.js';

export type MergeStepId = 'check' | 'commit' | 'rebase' | 'tests' | 'integrate';
export type MergeStepState = 'pending' | 'running' | 'waiting' | 'done' | 'skipped' | 'failed';

export interface MergeStep {
	id: MergeStepId;
	label: string;
	state: MergeStepState;
	detail?: string;
}

export type MergeTarget = TestTarget;

/** Questions only the user can answer; each resolves when they have. */
export interface MergeDecisions {
	/** The session has uncommitted files: the message to commit them with, or null to stop the merge. */
	commitMessage(target: MergeTarget, files: string[], suggested: string): Promise<string | null>;
	/** The tests failed or could not run: true merges anyway. */
	overrideTests(target: MergeTarget, reason: string, result: TestResult | undefined): Promise<boolean>;
}

export interface MergeObserver {
	steps(target: MergeTarget, steps: readonly MergeStep[]): void;
	/** The test gate's live run, then undefined once it ended. */
	testRun?(target: MergeTarget, run: TestRun | undefined): void;
}

export interface TestStarter {
	start(target: TestTarget, size: {cols: number; rows: number}): Promise<StartedTestRun>;
}

export interface MergeDependencies {
	worktrees: Pick<WorktreeService, 'repo' | 'commitAll' | 'rebaseOntoBase' | 'integrate'>;
	tests: TestStarter;
	/** Size of the terminal the test gate runs in. */
	testSize(): {cols: number; rows: number};
	/** The task brief file name in worktrees, for the suggested commit message. */
	taskFile: string;
	decisions: MergeDecisions;
	observer: MergeObserver;
	/** Merge without running the test gate (the user asked for it explicitly, e.g. `agentgrid merge --no-test`). */
	skipTests?: boolean;
}

export type MergeOutcome =
	| {kind: 'merged'; slug: string; commit: string; integrate: IntegrateResult; tests: TestResult | undefined; overridden: boolean}
	| {kind: 'conflict'; slug: string; conflict: RebaseConflict}
	| {kind: 'tests-failed'; slug: string; reason: string; result: TestResult | undefined}
	| {kind: 'refused'; slug: string; error: AgentgridError}
	| {kind: 'cancelled'; slug: string; reason: string};

/** A short summary of why a merge did not land (or that it did). */
export function describeOutcome(outcome: MergeOutcome): string {
	switch (outcome.kind) {
		case 'merged':
			return `${outcome.slug}: ${outcome.integrate.status === 'up-to-date' ? 'already in' : 'merged into'} ${outcome.integrate.base} at ${outcome.integrate.baseCommit.slice(0, 7)}${outcome.overridden ? ' (tests overridden)' : ''}`;
		case 'conflict':
			return `${outcome.slug}: ${outcome.conflict.message}`;
		case 'tests-failed':
			return `${outcome.slug}: ${outcome.reason}; nothing was merged`;
		case 'refused':
			return `${outcome.slug}: ${outcome.error.message}`;
		case 'cancelled':
			return `${outcome.slug}: ${outcome.reason}`;
	}
}

class StepList {
	readonly steps: MergeStep[];

	constructor(private readonly target: MergeTarget, private readonly observer: MergeObserver) {
		this.steps = [
			{id: 'check', label: `Check that ${target.base} can be updated`, state: 'pending'},
			{id: 'commit', label: 'Commit pending changes', state: 'pending'},
			{id: 'rebase', label: `Rebase onto ${target.base}`, state: 'pending'},
			{id: 'tests', label: 'Run the tests on the rebased commit', state: 'pending'},
			{id: 'integrate', label: `Bring ${target.branch} into ${target.base}`, state: 'pending'},
		];
		this.report();
	}

	set(id: MergeStepId, state: MergeStepState, detail?: string): void {
		const step = this.steps.find(candidate => candidate.id === id)!;
		step.state = state;
		step.detail = detail;
		this.report();
	}

	private report(): void {
		this.observer.steps(this.target, this.steps.map(step => ({...step})));
	}
}

export async function mergeSession(target: MergeTarget, deps: MergeDependencies): Promise<MergeOutcome> {
	const steps = new StepList(target, deps.observer);
	const {slug} = target;
	const refused = (id: MergeStepId, error: unknown): MergeOutcome => {
		const known = isAgentgridError(error) ? error : new AgentgridError('merge-failed', error instanceof Error ? error.message : String(error));
		steps.set(id, 'failed', known.message);
		return {kind: 'refused', slug, error: known};
	};

	steps.set('check', 'running');
	try {
		await assertSessionBranchesExist(deps.worktrees.repo.root, target);
		await assertBaseCheckoutClean(deps.worktrees.repo.root, target.base);
	} catch (error) {
		return refused('check', error);
	}
	steps.set('check', 'done', 'no uncommitted changes where it is checked out');

	steps.set('commit', 'running');
	try {
		const files = statusPaths(await readStatus(target.worktree, 'normal'));
		if (files.length === 0) {
			steps.set('commit', 'skipped', 'nothing to commit');
		} else {
			steps.set('commit', 'waiting', `${files.length} uncommitted file${files.length === 1 ? '' : 's'}`);
			const suggested = await suggestCommitMessage(target.worktree, deps.taskFile, slug);
			const message = await deps.decisions.commitMessage(target, files, suggested);
			if (message === null) {
				steps.set('commit', 'failed', 'not committed');
				return {kind: 'cancelled', slug, reason: 'the pending changes were not committed, so nothing was merged'};
			}
			steps.set('commit', 'running');
			const sha = await deps.worktrees.commitAll(slug, message);
			steps.set('commit', 'done', sha ? `${sha.slice(0, 7)} ${message}` : 'nothing to commit');
		}
	} catch (error) {
		return refused('commit', error);
	}

	steps.set('rebase', 'running');
	let head: string;
	try {
		const rebase = await deps.worktrees.rebaseOntoBase(slug);
		head = rebase.head;
		steps.set('rebase', 'done', rebase.status === 'up-to-date'
			? `already on top of ${target.base} (${rebase.baseCommit.slice(0, 7)})`
			: `rebased onto ${target.base} at ${rebase.baseCommit.slice(0, 7)}, now ${head.slice(0, 7)}`);
	} catch (error) {
		if (error instanceof RebaseConflict) {
			steps.set('rebase', 'failed', `conflicts in ${error.files.join(', ')}; rebase aborted, worktree unchanged`);
			return {kind: 'conflict', slug, conflict: error};
		}
		return refused('rebase', error);
	}

	const gate = await runGate(target, head, deps, steps);
	if (gate.kind !== 'pass') {
		return gate.outcome;
	}

	steps.set('integrate', 'running');
	try {
		// expectedHead: what lands is exactly the commit that was tested, even if the agent committed meanwhile.
		const integrate = await deps.worktrees.integrate(slug, {expectedHead: head});
		steps.set('integrate', 'done', integrate.status === 'up-to-date'
			? `${target.base} already contains it`
			: `${integrate.status === 'merged' ? 'merged into' : 'fast-forwarded'} ${target.base}: ${integrate.previousBaseCommit.slice(0, 7)} → ${integrate.baseCommit.slice(0, 7)}`);
		return {kind: 'merged', slug, commit: head, integrate, tests: gate.result, overridden: gate.overridden};
	} catch (error) {
		return refused('integrate', error);
	}
}

type GateResult =
	| {kind: 'pass'; result: TestResult | undefined; overridden: boolean}
	| {kind: 'stop'; outcome: MergeOutcome};

async function runGate(target: MergeTarget, head: string, deps: MergeDependencies, steps: StepList): Promise<GateResult> {
	if (deps.skipTests) {
		steps.set('tests', 'skipped', 'not run, as asked');
		return {kind: 'pass', result: undefined, overridden: true};
	}
	steps.set('tests', 'running');
	let reason: string;
	let result: TestResult | undefined;
	try {
		const {run, recorded} = await deps.tests.start(target, deps.testSize());
		steps.set('tests', 'running', `${run.label} on ${run.commit.slice(0, 7)}`);
		deps.observer.testRun?.(target, run);
		const end = await recorded;
		deps.observer.testRun?.(target, undefined);
		if (end.kind === 'stopped') {
			steps.set('tests', 'failed', 'stopped');
			return {kind: 'stop', outcome: {kind: 'cancelled', slug: target.slug, reason: 'the test run was stopped, so nothing was merged'}};
		}
		result = end.result;
		if (result.commit !== head) {
			reason = `the tests ran on ${result.commit.slice(0, 7)}, not on the rebased ${head.slice(0, 7)}`;
		} else if (result.passed) {
			steps.set('tests', 'done', `passed in ${formatDuration(result.durationMs)} on ${head.slice(0, 7)}`);
			return {kind: 'pass', result, overridden: false};
		} else {
			reason = `tests failed (exit ${result.exitCode}${result.signal ? `, ${result.signal}` : ''}) after ${formatDuration(result.durationMs)} on ${head.slice(0, 7)}`;
		}
	} catch (error) {
		if (!isAgentgridError(error)) {
			throw error;
		}
		reason = `the tests could not run: ${error.message}`;
	}
	steps.set('tests', 'waiting', reason);
	if (await deps.decisions.overrideTests(target, reason, result)) {
		steps.set('tests', 'done', `${reason}; merged anyway (confirmed twice)`);
		return {kind: 'pass', result, overridden: true};
	}
	steps.set('tests', 'failed', reason);
	return {kind: 'stop', outcome: {kind: 'tests-failed', slug: target.slug, reason, result}};
}

export function formatDuration(ms: number): string {
	if (ms < 1000) {
		return `${ms} ms`;
	}
	const seconds = ms / 1000;
	if (seconds < 60) {
		return `${seconds.toFixed(1)} s`;
	}
	return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
}
