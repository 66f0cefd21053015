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
	const [status, unmergedCommits] = await Promise.all([
		record.exists ? readStatus(record.worktree, 'all') : Promise.resolve([]),
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
