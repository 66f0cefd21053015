import {splitNul} from './run-git.js';

export type FileChangeStatus = 'added' | 'modified' | 'deleted' | 'renamed' | 'copied' | 'type-changed' | 'unmerged';

export interface NumstatEntry {
	path: string;
	oldPath?: string;
	added: number;
	removed: number;
	binary: boolean;
}

export interface NameStatusEntry {
	path: string;
	oldPath?: string;
	status: FileChangeStatus;
}

/** `git diff --numstat -z`: renames have an empty path field followed by the old and new paths. */
export function parseNumstat(output: string): NumstatEntry[] {
	const fields = splitNul(output);
	const entries: NumstatEntry[] = [];
	for (let index = 0; index < fields.length; index++) {
		const [added = '', removed = '', inlinePath = ''] = fields[index]!.split('\t');
		const binary = added === '-';
		const entry: NumstatEntry = {path: inlinePath, added: binary ? 0 : Number(added), removed: binary ? 0 : Number(removed), binary};
		if (inlinePath === '') {
			entry.oldPath = fields[++index];
			entry.path = fields[++index] ?? '';
		}
		entries.push(entry);
	}
	return entries;
}

const statusWords: Record<string, FileChangeStatus> = {
	A: 'added', M: 'modified', D: 'deleted', R: 'renamed', C: 'copied', T: 'type-changed', U: 'unmerged',
};

/** `git diff --name-status -z`: a status field, then one path (two for renames and copies). */
export function parseNameStatus(output: string): NameStatusEntry[] {
	const fields = splitNul(output);
	const entries: NameStatusEntry[] = [];
	for (let index = 0; index < fields.length; index++) {
		const letter = fields[index]![0]!;
		const status = statusWords[letter] ?? 'modified';
		if (letter === 'R' || letter === 'C') {
			const oldPath = fields[++index]!;
			entries.push({status, oldPath, path: fields[++index]!});
		} else {
			entries.push({status, path: fields[++index]!});
		}
	}
	return entries;
}
