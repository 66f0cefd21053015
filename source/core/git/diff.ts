import path from 'node:path';
import type {GitContext} from './context.js';
import {mapLimit} from './concurrency.js';
import {type FileChangeStatus, parseNameStatus, parseNumstat} from './diff-parse.js';
import {BaseNotFound, InvalidRef} from './errors.js';
import {diffRawNames} from './diff-raw-names.js';
import {withPrivateIndex} from './private-index.js';
import {hasRawBytes} from './raw-path.js';
import {git, runGit} from './run-git.js';
import {type SessionRecord, findSession} from './session-records.js';
import {readStatus} from './status.js';
import {untrackedStats} from './untracked-stats.js';

/** Where a change lives: in the branch's commits, the index, the working tree, or a new file git does not track. */
export type ChangeOrigin = 'committed' | 'staged' | 'unstaged' | 'untracked';

export interface DiffFile {
	path: string;
	oldPath?: string;
	status: FileChangeStatus;
	added: number;
	removed: number;
	binary: boolean;
	/** The least safe place the change is in (untracked > unstaged > staged > committed). */
	origin: ChangeOrigin;
}

export interface DiffSummary {
	slug: string;
	base: string;
	mergeBase: string;
	files: DiffFile[];
	added: number;
	removed: number;
}

export async function mergeBaseOf(cwd: string, base: string, branch: string): Promise<string> {
	const result = await runGit(['merge-base', base, `refs/heads/${branch}`], {cwd, okExitCodes: [0, 1, 128]});
	if (result.exitCode !== 0) {
		throw new BaseNotFound(base);
	}
	return result.stdout.trim();
}

/**
 * Everything the session changed since it forked from its base: committed, staged, unstaged and untracked.
 * The session's index is never written (git diff compares the working tree directly; untracked files are
 * counted in-process).
 */
export async function diffSession(context: GitContext, slug: string): Promise<DiffSummary> {
	const record = await findSession(context, slug);
	const mergeBase = await mergeBaseOf(context.repo.root, record.base, record.branch);
	const {cwd, range} = diffTarget(context, record, mergeBase);
	const [numstat, nameStatus, status] = await Promise.all([
		git(cwd, ['diff', '--numstat', '-z', '-M', '--ignore-submodules=none', ...range, '--']),
		git(cwd, ['diff', '--name-status', '-z', '-M', '--ignore-submodules=none', ...range, '--']),
		record.exists ? readStatus(record.worktree, 'all') : Promise.resolve([]),
	]);
	const statusByPath = new Map(parseNameStatus(nameStatus).map(entry => [entry.path, entry.status]));
	const originByPath = new Map<string, ChangeOrigin>();
	const untracked: string[] = [];
	for (const entry of status) {
		if (entry.kind === 'untracked') {
			untracked.push(entry.path);
		} else {
			originByPath.set(entry.path, entry.unstaged ? 'unstaged' : 'staged');
		}
	}
	const files: DiffFile[] = parseNumstat(numstat).map(entry => ({
		path: entry.path,
		...(entry.oldPath === undefined ? {} : {oldPath: entry.oldPath}),
		status: statusByPath.get(entry.path) ?? 'modified',
		added: entry.added,
		removed: entry.removed,
		binary: entry.binary,
		origin: originByPath.get(entry.path) ?? 'committed',
	}));
	const untrackedFiles = await mapLimit(untracked, 16, async file => {
		const stats = await untrackedStats(record.worktree, file);
		return {path: file, status: 'added', added: stats.lines, removed: 0, binary: stats.binary, origin: 'untracked'} satisfies DiffFile;
	});
	files.push(...untrackedFiles);
	files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
	return {
		slug: record.slug,
		base: record.base,
		mergeBase,
		files,
		added: files.reduce((sum, file) => sum + file.added, 0),
		removed: files.reduce((sum, file) => sum + file.removed, 0),
	};
}

/** An orphaned session has only its commits left, so it is diffed from the main repository. */
function diffTarget(context: GitContext, record: SessionRecord, mergeBase: string): {cwd: string; range: string[]} {
	return record.exists
		? {cwd: record.worktree, range: [mergeBase]}
		: {cwd: context.repo.root, range: [mergeBase, `refs/heads/${record.branch}`]};
}

function assertInsideWorktree(file: string): void {
	const normalized = path.posix.normalize(file.replaceAll('\\', '/'));
	if (file.length === 0 || path.posix.isAbsolute(normalized) || normalized === '..' || normalized.startsWith('../')) {
		throw new InvalidRef(file, 'the path must be relative to the session worktree and stay inside it');
	}
}

/** The unified diff of one file, fetched on demand so huge change sets never have to be loaded whole. */
export async function diffSessionFile(context: GitContext, slug: string, file: string, oldPath?: string): Promise<string> {
	assertInsideWorktree(file);
	if (oldPath !== undefined) {
		assertInsideWorktree(oldPath);
	}
	const record = await findSession(context, slug);
	const mergeBase = await mergeBaseOf(context.repo.root, record.base, record.branch);
	const paths = oldPath === undefined ? [file] : [oldPath, file];
	if (paths.some(hasRawBytes)) {
		return record.exists
			? diffRawNames(record.worktree, mergeBase, paths, {worktree: record.worktree})
			: diffRawNames(context.repo.root, mergeBase, paths, {tree: `refs/heads/${record.branch}`});
	}
	const pathspecs = paths.map(p => `:(literal)${p}`);
	if (!record.exists) {
		return git(context.repo.root, ['diff', '-M', mergeBase, `refs/heads/${record.branch}`, '--', ...pathspecs]);
	}
	/*
	 * Comparing the working tree with a commit through a pathspec makes git walk the whole tree (~0.3 s on 20k
	 * files), while comparing an index is instant. So the file's current content (untracked included) is staged
	 * into a private copy of the index and that index is compared.
	 */
	const staged = await withPrivateIndex(record.worktree, async env => {
		const update = await runGit(['update-index', '--add', '--remove', '--', ...paths], {cwd: record.worktree, env, okExitCodes: [0, 128]});
		return update.exitCode === 0 ? git(record.worktree, ['diff', '--cached', '-M', '--ignore-submodules=none', mergeBase, '--', ...pathspecs], env) : null;
	});
	// Paths update-index cannot stage (a directory, a nested repository) fall back to the slow comparison.
	return staged ?? git(record.worktree, ['diff', '-M', '--ignore-submodules=none', mergeBase, '--', ...pathspecs]);
}
