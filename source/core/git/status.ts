import {git, splitNul} from './run-git.js';

export interface StatusEntry {
	path: string;
	/** Source path of a rename or copy. */
	origPath?: string;
	kind: 'changed' | 'renamed' | 'unmerged' | 'untracked';
	/** Index differs from HEAD. */
	staged: boolean;
	/** Working tree differs from the index. */
	unstaged: boolean;
}

/** Number of space-separated fields before the path in each porcelain v2 record type. */
const fieldsBeforePath: Record<string, number> = {'1': 8, '2': 9, u: 10, '?': 1};

/** Parses `git status --porcelain=v2 -z`; renames carry their source path in the following NUL field. */
export function parseStatus(output: string): StatusEntry[] {
	const fields = splitNul(output);
	const entries: StatusEntry[] = [];
	for (let index = 0; index < fields.length; index++) {
		const field = fields[index]!;
		const type = field[0]!;
		const count = fieldsBeforePath[type];
		if (count === undefined) {
			continue;
		}
		let cut = 0;
		for (let seen = 0; seen < count; seen++) {
			cut = field.indexOf(' ', cut) + 1;
		}
		const path = field.slice(cut);
		const xy = field.slice(2, 4);
		if (type === '?') {
			entries.push({path, kind: 'untracked', staged: false, unstaged: true});
		} else if (type === 'u') {
			entries.push({path, kind: 'unmerged', staged: true, unstaged: true});
		} else {
			const entry: StatusEntry = {path, kind: type === '2' ? 'renamed' : 'changed', staged: xy[0] !== '.', unstaged: xy[1] !== '.'};
			if (type === '2') {
				entry.origPath = fields[++index];
			}
			entries.push(entry);
		}
	}
	return entries;
}

export type UntrackedMode = 'no' | 'normal' | 'all';

export async function readStatus(worktree: string, untracked: UntrackedMode = 'normal'): Promise<StatusEntry[]> {
	return parseStatus(await git(worktree, ['status', '--porcelain=v2', '-z', `--untracked-files=${untracked}`, '--ignore-submodules=none']));
}

export function statusPaths(entries: readonly StatusEntry[]): string[] {
	return entries.map(entry => entry.path);
}
