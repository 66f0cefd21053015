import type {GitContext} from './context.js';
import {GitCommandFailed, OperationInProgress, RebaseConflict, SessionDirty, UnrelatedHistory, type UpstreamCommit, WorktreeMissing} from './errors.js';
import {git, runGit, splitNul} from './run-git.js';
import {assertSessionBranchesExist} from './branch-checks.js';
import {findSession} from './session-records.js';
import {readStatus, statusPaths} from './status.js';
import {operationInProgress} from './worktree-list.js';
import {pathspecFor} from './raw-path.js';

export interface RebaseResult {
	status: 'rebased' | 'up-to-date';
	base: string;
	baseCommit: string;
	/** Branch tip before and after. */
	previousHead: string;
	head: string;
}

/**
 * Replays the session's commits onto the current tip of its base. On conflict the rebase is aborted (the
 * worktree is exactly as before) and RebaseConflict reports the files and the upstream commits that touched them.
 */
export async function rebaseSession(context: GitContext, slug: string): Promise<RebaseResult> {
	const record = await findSession(context, slug);
	if (!record.exists) {
		throw new WorktreeMissing(record.slug, record.worktree, record.movedTo);
	}
	const cwd = record.worktree;
	const baseCommit = await assertSessionBranchesExist(context.repo.root, record);
	const [operation, status, previousHead] = await Promise.all([
		operationInProgress(cwd),
		readStatus(cwd, 'no'),
		git(cwd, ['rev-parse', 'HEAD']).then(out => out.trim()),
	]);
	if (operation) {
		throw new OperationInProgress(cwd, operation);
	}
	if (status.length > 0) {
		throw new SessionDirty(record.slug, 'be rebased', statusPaths(status));
	}
	const upToDate = await runGit(['merge-base', '--is-ancestor', baseCommit, previousHead], {cwd, okExitCodes: [0, 1]});
	if (upToDate.exitCode === 0) {
		return {status: 'up-to-date', base: record.base, baseCommit, previousHead, head: previousHead};
	}
	const mergeBase = await runGit(['merge-base', baseCommit, previousHead], {cwd, okExitCodes: [0, 1]});
	if (mergeBase.exitCode === 1) {
		throw new UnrelatedHistory(record.branch, record.base);
	}
	const forkPoint = mergeBase.stdout.trim();
	const rebase = await runGit(['-c', 'rebase.autoStash=false', '-c', 'rebase.updateRefs=false', 'rebase', '--no-autosquash', baseCommit], {cwd, okExitCodes: [0, 1, 128]});
	if (rebase.exitCode === 0) {
		const head = (await git(cwd, ['rev-parse', 'HEAD'])).trim();
		return {status: 'rebased', base: record.base, baseCommit, previousHead, head};
	}
	const conflicted = splitNul(await git(cwd, ['diff', '--name-only', '--diff-filter=U', '-z']));
	await abortRebase(cwd);
	if (conflicted.length === 0) {
		throw new GitCommandFailed(['rebase', baseCommit], rebase.exitCode, rebase.stderr || rebase.stdout);
	}
	const upstreamCommits = await commitsTouching(cwd, `${forkPoint}..${baseCommit}`, conflicted);
	throw new RebaseConflict(record.slug, record.base, conflicted, upstreamCommits);
}

async function abortRebase(cwd: string): Promise<void> {
	if ((await operationInProgress(cwd)) === 'rebase') {
		await git(cwd, ['rebase', '--abort']);
	}
}

/** Commits in `range` that changed any of `files`, newest first, each with the subset of files it touched. */
export async function commitsTouching(cwd: string, range: string, files: string[]): Promise<UpstreamCommit[]> {
	const wanted = new Set(files);
	const output = await git(cwd, ['log', '-z', '--name-only', '--format=%x1e%H%x1f%s', range, '--', ...files.map(pathspecFor)]);
	const commits: UpstreamCommit[] = [];
	for (const record of output.split('\x1E').slice(1)) {
		// With -z the header ends in NUL, then a newline, then NUL-terminated file names.
		const [header = '', ...names] = splitNul(record);
		const [sha = '', subject = ''] = header.split('\x1F');
		const touched = names.map(name => name.replace(/^\n/, '')).filter(name => wanted.has(name));
		commits.push({sha, subject, files: [...new Set(touched)]});
	}
	return commits;
}
