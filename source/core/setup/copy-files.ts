import {cp, mkdir, readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {runGit, splitNul} from '../git/run-git.js';
import {withScratchDir} from '../git/scratch-dir.js';

export const worktreeIncludeFileName = '.worktreeinclude';

/**
 * Untracked files of the main checkout to carry into a new worktree (paths relative to the root), from two sources:
 * - `copyFiles` patterns from .agentgrid.json: any untracked file they match;
 * - `.worktreeinclude` (the convention Claude Code and others share): files it matches that git also ignores, so a
 *   pattern there never duplicates a file the worktree already has.
 * Both use gitignore syntax, matched by git itself so negation, `**` and anchoring behave exactly as in .gitignore.
 */
export async function findFilesToCopy(root: string, copyPatterns: readonly string[]): Promise<string[]> {
	const selected = new Set<string>();
	if (copyPatterns.length > 0) {
		for (const file of await untrackedMatching(root, copyPatterns.join('\n'))) {
			selected.add(file);
		}
	}
	const includeText = await readOptional(path.join(root, worktreeIncludeFileName));
	if (includeText !== undefined) {
		const candidates = await untrackedMatching(root, includeText);
		for (const file of await ignoredByGit(root, candidates)) {
			selected.add(file);
		}
	}
	return [...selected].sort();
}

/** Copies the files, keeping symlinks as links and never replacing a file the worktree already has. */
export async function copyIntoWorktree(root: string, worktree: string, files: readonly string[]): Promise<void> {
	for (const file of files) {
		const target = path.join(worktree, file);
		await mkdir(path.dirname(target), {recursive: true});
		await cp(path.join(root, file), target, {force: false, errorOnExist: false, verbatimSymlinks: true, preserveTimestamps: true});
	}
}

async function untrackedMatching(root: string, patterns: string): Promise<string[]> {
	// git reads patterns from a file only; a private temp dir keeps it out of the repository.
	return withScratchDir(async directory => {
		const patternFile = path.join(directory, 'patterns');
		await writeFile(patternFile, `${patterns}\n`);
		const result = await runGit(['ls-files', '-z', '--others', '--ignored', `--exclude-from=${patternFile}`], {cwd: root});
		return splitNul(result.stdout);
	});
}

async function ignoredByGit(root: string, files: string[]): Promise<string[]> {
	if (files.length === 0) {
		return [];
	}
	const result = await runGit(['check-ignore', '-z', '--stdin'], {cwd: root, input: `${files.join('\0')}\0`, okExitCodes: [0, 1]});
	return splitNul(result.stdout);
}

async function readOptional(file: string): Promise<string | undefined> {
	try {
		return await readFile(file, 'utf8');
	} catch {
		return undefined;
	}
}
