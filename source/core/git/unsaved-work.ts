import type {UnmergedCommit} from './errors.js';
import {runGit, splitNul} from './run-git.js';
import type {SessionRecord} from './session-records.js';
import {readStatus, statusPaths} from './status.js';

export interface UnsavedWork {
	uncommittedFiles: string[];
	unmergedCommits: UnmergedCommit[];
}

/**
 * What removing a session would lose: uncommitted files, and commits its base does not contain (or, when
 * the base is gone, commits no other branch or remote-tracking branch contains).
 */
export async function findUnsavedWork(root: string, record: SessionRecord): Promise<UnsavedWork> {
	// A worktree moved by hand still works where it is now; its uncommitted files are as much at stake.
	const checkout = record.exists ? record.worktree : record.movedTo;
	const [status, unmergedCommits] = await Promise.all([
		checkout === undefined ? Promise.resolve([]) : readStatus(checkout, 'all'),
		unmergedCommitsOf(root, record.branch, record.base),
	]);
	return {uncommittedFiles: statusPaths(status), unmergedCommits};
}

export async function unmergedCommitsOf(root: string, branch: string, base: string): Promise<UnmergedCommit[]> {
	const ref = `refs/heads/${branch}`;
	const format = '--format=%H%x1f%s';
	let result = await runGit(['log', '-z', format, `${base}..${ref}`, '--'], {cwd: root, okExitCodes: [0, 128]});
	if (result.exitCode !== 0) {
		result = await runGit(['log', '-z', format, ref, `--exclude=${ref}`, '--not', '--branches', '--remotes', '--'], {cwd: root});
	}
	return splitNul(result.stdout).map(line => {
		const [sha = '', subject = ''] = line.split('\x1F');
		return {sha, subject};
	});
}
