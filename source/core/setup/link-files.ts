import {lstat, mkdir, symlink} from 'node:fs/promises';
import path from 'node:path';
import {AgentgridError} from '../errors.js';
import {runGit, splitNul} from '../git/run-git.js';
import {excludeFromCommits} from './task-brief.js';

export interface LinkResult {
	/** Paths (relative to the root) now linked to the main checkout's copy. */
	linked: string[];
	/** Paths not linked, each with why (nothing there to link, the worktree already has one). */
	skipped: Array<{path: string; reason: string}>;
}

/**
 * Links each path of the main checkout into the worktree as a symlink to the absolute original, so large caches or a
 * shared node_modules cost no copy. A path git tracks is refused before anything is linked: the worktree already has
 * its own checked-out copy, and a link there would make every edit in the session an edit of the main checkout.
 * A link git would not ignore by itself (a `node_modules/` rule matches directories, not links) is added to git's
 * exclude file, so it never shows up as a change of the session.
 */
export async function linkIntoWorktree(root: string, worktree: string, paths: readonly string[]): Promise<LinkResult> {
	const wanted = [...new Set(paths.map(item => path.posix.normalize(item).replace(/\/+$/u, '')))];
	const tracked = await trackedAmong(root, wanted);
	if (tracked.length > 0) {
		throw new AgentgridError(
			'link-tracked',
			`linkFiles names ${tracked.length === 1 ? 'a path' : 'paths'} git tracks: ${tracked.join(', ')}. Tracked files are checked out in every worktree; a link would share the main checkout's copy.`,
			'Remove it from "linkFiles" in .agentgrid.json (use copyFiles for untracked files each session should own).',
		);
	}
	const result: LinkResult = {linked: [], skipped: []};
	for (const item of wanted) {
		const source = path.join(root, item);
		const target = path.join(worktree, item);
		if (!(await exists(source))) {
			result.skipped.push({path: item, reason: 'not in the main checkout'});
			continue;
		}
		if (await exists(target)) {
			result.skipped.push({path: item, reason: 'the worktree already has it'});
			continue;
		}
		await mkdir(path.dirname(target), {recursive: true});
		await symlink(source, target);
		result.linked.push(item);
	}
	const visible = await notIgnored(worktree, result.linked);
	for (const item of visible) await excludeFromCommits(worktree, item);
	return result;
}

/** The paths that are tracked files, or directories holding tracked files, in the main checkout. */
async function trackedAmong(root: string, paths: readonly string[]): Promise<string[]> {
	if (paths.length === 0) return [];
	const {stdout} = await runGit(['ls-files', '-z', '--', ...paths.map(item => `:(literal)${item}`)], {cwd: root});
	const files = splitNul(stdout);
	return paths.filter(item => files.some(file => file === item || file.startsWith(`${item}/`)));
}

async function notIgnored(worktree: string, paths: readonly string[]): Promise<string[]> {
	if (paths.length === 0) return [];
	const result = await runGit(['check-ignore', '-z', '--no-index', '--stdin'], {cwd: worktree, input: `${paths.join('\0')}\0`, okExitCodes: [0, 1]});
	const ignored = new Set(splitNul(result.stdout));
	return paths.filter(item => !ignored.has(item));
}

async function exists(file: string): Promise<boolean> {
	try {
		await lstat(file);
		return true;
	} catch {
		return false;
	}
}
