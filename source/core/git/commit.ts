import type {GitContext} from './context.js';
import {AgentgridError} from '../errors.js';
import {OperationInProgress, SessionBranchGone, WorktreeMissing} from './errors.js';
import {git, gitWithLockRetry, runGit} from './run-git.js';
import {type SessionRecord, findSession, resolveCommit} from './session-records.js';
import {readStatus} from './status.js';

export interface CommitOptions {
	/** Skip commit hooks: a salvage must not fail because work in progress does not pass a linter. */
	noVerify?: boolean;
}

/** Commits every change in a session worktree, untracked files included; null when there was nothing to commit. */
export async function commitSession(context: GitContext, slug: string, message: string, options: CommitOptions = {}): Promise<string | null> {
	return commitRecord(await findSession(context, slug), message, options);
}

export async function commitRecord(record: SessionRecord, message: string, options: CommitOptions = {}): Promise<string | null> {
	if (message.trim().length === 0) {
		throw new AgentgridError('EMPTY_COMMIT_MESSAGE', 'A commit needs a message.');
	}
	if (!record.exists) {
		throw new WorktreeMissing(record.slug, record.worktree, record.movedTo);
	}
	const cwd = record.worktree;
	if (record.inProgress) {
		// Mid-rebase HEAD is detached: a commit there would not land on the session's branch.
		throw new OperationInProgress(cwd, record.inProgress);
	}
	const [status, head] = await Promise.all([readStatus(cwd, 'normal'), resolveCommit(cwd, 'HEAD')]);
	if (status.length === 0) {
		return null;
	}
	if (!head) {
		// An unborn branch: the session's branch was deleted by hand, and a commit now would start a new root.
		throw new SessionBranchGone(record.slug, record.branch, record.worktree);
	}
	await gitWithLockRetry(cwd, ['add', '--all']);
	// Changes only inside a submodule's own working tree cannot be staged from here.
	const staged = await runGit(['diff', '--cached', '--quiet'], {cwd, okExitCodes: [0, 1]});
	if (staged.exitCode === 0) {
		return null;
	}
	await gitWithLockRetry(cwd, ['commit', '--quiet', ...(options.noVerify ? ['--no-verify'] : []), '-m', message]);
	return (await git(cwd, ['rev-parse', 'HEAD'])).trim();
}
