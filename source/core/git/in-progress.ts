import type {GitContext} from './context.js';
import {GitCommandFailed, NothingInProgress, OperationInProgress, WorktreeMissing} from './errors.js';
import {git, gitWithLockRetry, runGit, splitNul} from './run-git.js';
import {type SessionRecord, findSession} from './session-records.js';
import type {InProgress} from './worktree-admin.js';
import {operationInProgress} from './worktree-list.js';

export interface ContinueResult {
	/** false when the rebase stopped again; `conflicted` then lists the files to resolve. */
	finished: boolean;
	conflicted: string[];
}

async function sessionWithOperation(context: GitContext, slug: string): Promise<SessionRecord & {inProgress: InProgress}> {
	const record = await findSession(context, slug);
	if (!record.exists) {
		throw new WorktreeMissing(record.slug, record.worktree, record.movedTo);
	}
	if (!record.inProgress) {
		throw new NothingInProgress(record.slug);
	}
	return {...record, inProgress: record.inProgress};
}

/** Undoes the stopped rebase, merge or cherry-pick: the worktree and branch are as they were before it started. */
export async function abortInProgress(context: GitContext, slug: string): Promise<InProgress> {
	const record = await sessionWithOperation(context, slug);
	await gitWithLockRetry(record.worktree, [record.inProgress, '--abort']);
	return record.inProgress;
}

async function conflictedFiles(cwd: string): Promise<string[]> {
	return splitNul(await git(cwd, ['diff', '--name-only', '--diff-filter=U', '-z']));
}

/** Goes on with a stopped rebase whose conflicts were resolved and staged (`git add`), until it ends or stops again. */
export async function continueRebase(context: GitContext, slug: string): Promise<ContinueResult> {
	const record = await sessionWithOperation(context, slug);
	const cwd = record.worktree;
	if (record.inProgress !== 'rebase') {
		throw new OperationInProgress(cwd, record.inProgress);
	}
	const unresolved = await conflictedFiles(cwd);
	if (unresolved.length > 0) {
		return {finished: false, conflicted: unresolved};
	}
	const result = await runGit(['-c', 'rebase.autoStash=false', 'rebase', '--continue'], {cwd, okExitCodes: [0, 1]});
	if ((await operationInProgress(cwd)) !== 'rebase') {
		return {finished: true, conflicted: []};
	}
	const conflicted = await conflictedFiles(cwd);
	if (conflicted.length === 0) {
		// Stopped for another reason (an empty commit, a failing exec line): git's own words say what to do.
		throw new GitCommandFailed(['rebase', '--continue'], result.exitCode, result.stderr || result.stdout);
	}
	return {finished: false, conflicted};
}
