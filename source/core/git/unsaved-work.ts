import {GitCommandFailed, type UnmergedCommit} from './errors.js';
import {gitTask} from './run-git.js';
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

/** Commits on the branch that its base does not have; with the base gone, those no other branch or remote has. */
export async function unmergedCommitsOf(root: string, branch: string, base: string): Promise<UnmergedCommit[]> {
	const ref = `refs/heads/${branch}`;
	// simple-git's log parser: only hashes and subjects are read here, no file names it could decode wrongly.
	const format = {sha: '%H', subject: '%s'};
	try {
		const log = await gitTask(root, ['log', `${base}..${ref}`], 'log', {format, from: base, to: ref, symmetric: false});
		return log.all.map(({sha, subject}) => ({sha, subject}));
	} catch (error) {
		// 128: the base does not resolve (deleted, or a remote branch never fetched).
		if (!(error instanceof GitCommandFailed && error.exitCode === 128)) throw error;
	}
	// --exclude patterns for --branches are matched without the refs/heads/ prefix.
	const log = await gitTask(root, ['log', ref, '--not', '--branches', '--remotes'], 'log',
		{format, [ref]: null, [`--exclude=${branch}`]: null, '--not': null, '--branches': null, '--remotes': null});
	return log.all.map(({sha, subject}) => ({sha, subject}));
}
