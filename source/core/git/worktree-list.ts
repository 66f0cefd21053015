import {stat} from 'node:fs/promises';
import {git, splitNul} from './run-git.js';

export interface WorktreeEntry {
	path: string;
	head: string | null;
	/** Short branch name, null when detached or bare. */
	branch: string | null;
	bare: boolean;
	detached: boolean;
	locked: boolean;
	/** git considers the entry stale (its directory is gone). */
	prunable: boolean;
}

/** Parses `git worktree list --porcelain -z`: attribute lines separated by NUL, entries by an empty field. */
export function parseWorktreeList(output: string): WorktreeEntry[] {
	const entries: WorktreeEntry[] = [];
	let current: WorktreeEntry | undefined;
	for (const field of output.split('\0')) {
		if (field === '') {
			current = undefined;
			continue;
		}
		const space = field.indexOf(' ');
		const key = space === -1 ? field : field.slice(0, space);
		const value = space === -1 ? '' : field.slice(space + 1);
		if (key === 'worktree') {
			current = {path: value, head: null, branch: null, bare: false, detached: false, locked: false, prunable: false};
			entries.push(current);
			continue;
		}
		if (!current) {
			continue;
		}
		switch (key) {
			case 'HEAD': {
				current.head = /^0+$/.test(value) ? null : value;
				break;
			}
			case 'branch': {
				current.branch = value.replace(/^refs\/heads\//, '');
				break;
			}
			case 'bare': {
				current.bare = true;
				break;
			}
			case 'detached': {
				current.detached = true;
				break;
			}
			case 'locked': {
				current.locked = true;
				break;
			}
			case 'prunable': {
				current.prunable = true;
				break;
			}
			default: {
				break;
			}
		}
	}
	return entries;
}

export async function listWorktrees(cwd: string): Promise<WorktreeEntry[]> {
	return parseWorktreeList(await git(cwd, ['worktree', 'list', '--porcelain', '-z']));
}

export async function isDirectory(path: string): Promise<boolean> {
	try {
		return (await stat(path)).isDirectory();
	} catch {
		return false;
	}
}

/** Operations that leave a checkout half-done; none of ours may start while one is in progress. */
export async function operationInProgress(worktree: string): Promise<string | null> {
	const markers = [['rebase-merge', 'rebase'], ['rebase-apply', 'rebase'], ['MERGE_HEAD', 'merge'], ['CHERRY_PICK_HEAD', 'cherry-pick'], ['REVERT_HEAD', 'revert']] as const;
	const args = ['rev-parse', '--path-format=absolute', ...markers.flatMap(([marker]) => ['--git-path', marker])];
	const paths = splitNul((await git(worktree, args)).replaceAll('\n', '\0'));
	const present = await Promise.all(paths.map(async path => stat(path).then(() => true, () => false)));
	const index = present.indexOf(true);
	return index === -1 ? null : markers[index]![1];
}
