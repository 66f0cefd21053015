/*
 * What git keeps about each linked worktree in `<common dir>/worktrees/<id>`: where the worktree was last seen
 * (`gitdir`) and its own HEAD and operation state. Read as files so that a listing costs no git process per worktree,
 * and so that a worktree whose directory is gone or moved can still be described.
 */
import {readFile, readdir, realpath, stat} from 'node:fs/promises';
import path from 'node:path';

export type InProgress = 'rebase' | 'merge' | 'cherry-pick';

export interface OperationState {
	operation: InProgress;
	/** The branch a rebase works on (git detaches HEAD while it runs), e.g. 'agentgrid/fix-login'. */
	branch?: string;
	/** That branch's tip before the rebase started. */
	origHead?: string;
}

const readText = async (file: string): Promise<string | undefined> => readFile(file, 'utf8').then(text => text.trim(), () => undefined);
const present = async (file: string): Promise<boolean> => stat(file).then(() => true, () => false);

/** Maps each linked worktree's path (as `git worktree list` shows it) to its administrative directory. */
export async function readWorktreeAdmins(commonDir: string): Promise<Map<string, string>> {
	const container = path.join(commonDir, 'worktrees');
	const names = await readdir(container).catch(() => [] as string[]);
	const admins = new Map<string, string>();
	await Promise.all(names.map(async name => {
		const adminDir = path.join(container, name);
		const gitdir = await readText(path.join(adminDir, 'gitdir'));
		if (gitdir) {
			// Newer git can write the location relative to the admin directory (worktree.useRelativePaths).
			admins.set(path.dirname(path.resolve(adminDir, gitdir)), adminDir);
		}
	}));
	return admins;
}

/** The rebase, merge or cherry-pick a worktree is in the middle of (stopped on a conflict, or interrupted). */
export async function operationState(adminDir: string): Promise<OperationState | null> {
	for (const directory of ['rebase-merge', 'rebase-apply']) {
		const headName = await readText(path.join(adminDir, directory, 'head-name'));
		if (headName !== undefined) {
			const origHead = await readText(path.join(adminDir, directory, 'orig-head'));
			return {
				operation: 'rebase',
				...(headName.startsWith('refs/heads/') ? {branch: headName.slice('refs/heads/'.length)} : {}),
				...(origHead ? {origHead} : {}),
			};
		}
	}
	if (await present(path.join(adminDir, 'MERGE_HEAD'))) {
		return {operation: 'merge'};
	}
	if (await present(path.join(adminDir, 'CHERRY_PICK_HEAD'))) {
		return {operation: 'cherry-pick'};
	}
	return null;
}

/** Directory entries looked at per directory while searching for a moved worktree; a huge one is not searched whole. */
const searchLimit = 500;

async function pointsBackAt(directory: string, adminDir: string): Promise<boolean> {
	const dotGit = await readText(path.join(directory, '.git'));
	if (!dotGit?.startsWith('gitdir:')) {
		return false;
	}
	const target = path.resolve(directory, dotGit.slice('gitdir:'.length).trim());
	if (target === path.resolve(adminDir)) {
		return true;
	}
	// The same directory reached through a symlink (macOS /tmp, a linked home) is still the same worktree.
	const [real, realAdmin] = await Promise.all([realpath(target).catch(() => target), realpath(adminDir).catch(() => adminDir)]);
	return real === realAdmin;
}

/**
 * Where a worktree went when its directory was moved by hand: a moved worktree's `.git` file still points back at its
 * admin directory. Only the places a rename usually lands are searched: beside the old location and one level up.
 */
export async function findMovedWorktree(adminDir: string, oldPath: string): Promise<string | undefined> {
	const parent = path.dirname(oldPath);
	for (const directory of new Set([parent, path.dirname(parent)])) {
		const entries = await readdir(directory, {withFileTypes: true}).catch(() => []);
		const candidates = entries.slice(0, searchLimit).filter(entry => entry.isDirectory()).map(entry => path.join(directory, entry.name));
		const found = await Promise.all(candidates.map(async candidate => candidate !== oldPath && pointsBackAt(candidate, adminDir)));
		const index = found.indexOf(true);
		if (index !== -1) {
			return candidates[index];
		}
	}
	return undefined;
}

const progressWords: Record<InProgress, string> = {rebase: 'rebasing', merge: 'merging', 'cherry-pick': 'cherry-picking'};

/** One word for a table cell: "rebasing". */
export function inProgressWord(operation: InProgress): string {
	return progressWords[operation];
}

/** What to tell someone whose session is stuck half-way through an operation. */
export function inProgressAdvice(slug: string, operation: InProgress): string {
	const resume = operation === 'rebase' ? 'resolve and "git rebase --continue" in its worktree, or ' : '';
	return `${slug}: a ${operation} stopped half-way in its worktree; ${resume}abort it with "git ${operation} --abort" there (or a in the cleanup screen).`;
}
