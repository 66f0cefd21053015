import {copyFile, stat, utimes} from 'node:fs/promises';
import path from 'node:path';
import {git} from './run-git.js';
import {withScratchDir} from './scratch-dir.js';

/**
 * Runs `fn` with an environment whose GIT_INDEX_FILE is a scratch copy of the worktree's index, so staging
 * into it never disturbs the session's own index (or races with the agent's git commands over its lock).
 * Pass `indexPath` when it is already known, to save a git call.
 */
export async function withPrivateIndex<T>(worktree: string, fn: (env: Record<string, string>) => Promise<T>, indexPath?: string): Promise<T> {
	const index = indexPath ?? (await git(worktree, ['rev-parse', '--path-format=absolute', '--git-path', 'index'])).trim();
	return withScratchDir(async scratch => {
		const privateIndex = path.join(scratch, 'index');
		await copyFile(index, privateIndex);
		/*
		 * git trusts cached file stats only for files older than the index file itself ("racy git"). A fresh copy
		 * would look newer than a file edited in the same second as the real index was written, hiding that edit;
		 * keeping the original time keeps git's answer identical to what it would give for the real index.
		 */
		const {atime, mtime} = await stat(index);
		await utimes(privateIndex, atime, mtime);
		return fn({GIT_INDEX_FILE: privateIndex});
	});
}
