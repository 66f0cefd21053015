import {lstat} from 'node:fs/promises';
import {mapLimit} from './concurrency.js';
import {git, runGit, splitNul} from './run-git.js';
import {fsPath, pathspecUnder} from './raw-path.js';

/**
 * Files in `checkout` that moving it from `from` to `to` would overwrite or delete although git does not track them
 * at `from`: untracked files and, above all, ignored ones, which git replaces without asking and which were never
 * in git, so nothing could bring them back. The checkout's index is expected to match `from` (a clean checkout).
 */
export async function untrackedFilesInTheWay(checkout: string, from: string, to: string): Promise<string[]> {
	const changes = splitNul(await git(checkout, ['diff', '--name-status', '--no-renames', '-z', from, to, '--']));
	const added: string[] = [];
	// Paths tracked at `from` (modified or deleted by the move); git takes care of those itself.
	const trackedAtFrom = new Set<string>();
	for (let index = 0; index + 1 < changes.length; index += 2) {
		const status = changes[index]!;
		const file = changes[index + 1]!;
		if (status === 'A') {
			added.push(file);
		} else {
			trackedAtFrom.add(file);
		}
	}
	const found = await mapLimit(added, 16, async file => inTheWay(checkout, file, trackedAtFrom));
	return [...new Set(found.flat())];
}

async function inTheWay(checkout: string, file: string, trackedAtFrom: ReadonlySet<string>): Promise<string[]> {
	const parts = file.split('/');
	// A file where the new path needs a directory is replaced just the same.
	for (let depth = 1; depth < parts.length; depth++) {
		const prefix = parts.slice(0, depth).join('/');
		const entry = await lstatOrNull(fsPath(checkout, prefix));
		if (!entry) {
			return [];
		}
		if (!entry.isDirectory()) {
			return trackedAtFrom.has(prefix) ? [] : [prefix];
		}
	}
	const entry = await lstatOrNull(fsPath(checkout, file));
	if (!entry) {
		return [];
	}
	if (!entry.isDirectory()) {
		return [file];
	}
	// A directory where the new file goes: whatever git does not track in it would go with it.
	const inside = await runGit(['ls-files', '-z', '--others', '--', pathspecUnder(file)], {cwd: checkout});
	return splitNul(inside.stdout);
}

async function lstatOrNull(file: string | Buffer): Promise<Awaited<ReturnType<typeof lstat>> | null> {
	return lstat(file).catch(() => null);
}
