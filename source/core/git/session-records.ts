import {type GitContext, slugForBranch} from './context.js';
import {SessionNotFound} from './errors.js';
import {normalizeSlug} from './slug.js';
import {gitWithLockRetry, runGit, splitNul} from './run-git.js';
import {type InProgress, findMovedWorktree, operationState, readWorktreeAdmins} from './worktree-admin.js';
import {type WorktreeEntry, isDirectory, listWorktrees} from './worktree-list.js';

/** A session as git knows it: a worktree whose branch carries the session prefix. */
export interface SessionRecord {
	slug: string;
	branch: string;
	worktree: string;
	head: string | null;
	base: string;
	/** Commit the session started from, when agentgrid created it. */
	startCommit: string | null;
	/** false when the worktree directory is gone (an orphan). */
	exists: boolean;
	locked: boolean;
	/** A rebase, merge or cherry-pick stopped half-way in the worktree (a conflict, or agentgrid killed mid-merge). */
	inProgress?: InProgress;
	/** Where the missing worktree directory was found after a move by hand (`git worktree repair` reconnects it). */
	movedTo?: string;
}

export interface BaseMemory {
	base?: string;
	startCommit?: string;
}

/*
 * The base lives in the branch's own config section so that it survives restarts, is visible with plain git,
 * and disappears together with the branch when git deletes it.
 */
const baseKey = 'agentgridBase';
const startKey = 'agentgridStart';

export async function rememberBase(context: GitContext, branch: string, base: string, startCommit: string): Promise<void> {
	await gitWithLockRetry(context.repo.root, ['config', `branch.${branch}.${baseKey}`, base]);
	await gitWithLockRetry(context.repo.root, ['config', `branch.${branch}.${startKey}`, startCommit]);
}

/** Reads the remembered base of every branch with one git call. */
export async function readBaseMemory(context: GitContext): Promise<Map<string, BaseMemory>> {
	const result = await runGit(['config', '-z', '--get-regexp', `^branch\\..*\\.(${baseKey}|${startKey})$`], {cwd: context.repo.root, okExitCodes: [0, 1]});
	const memory = new Map<string, BaseMemory>();
	for (const item of splitNul(result.stdout)) {
		const newline = item.indexOf('\n');
		const key = item.slice(0, newline);
		const value = item.slice(newline + 1);
		const lastDot = key.lastIndexOf('.');
		const branch = key.slice('branch.'.length, lastDot);
		const variable = key.slice(lastDot + 1).toLowerCase();
		const entry = memory.get(branch) ?? {};
		if (variable === baseKey.toLowerCase()) {
			entry.base = value;
		} else {
			entry.startCommit = value;
		}
		memory.set(branch, entry);
	}
	return memory;
}

export interface WorktreeInventory {
	main: WorktreeEntry;
	sessions: SessionRecord[];
	foreign: Array<WorktreeEntry & {exists: boolean; movedTo?: string}>;
}

/** Sorts every worktree into the main one, agentgrid sessions and foreign worktrees. */
export async function takeInventory(context: GitContext): Promise<WorktreeInventory> {
	const [worktrees, memory, admins] = await Promise.all([listWorktrees(context.repo.root), readBaseMemory(context), readWorktreeAdmins(context.repo.commonDir)]);
	const [main, ...linked] = worktrees;
	const [existence, operations] = await Promise.all([
		Promise.all(linked.map(async entry => !entry.prunable && isDirectory(entry.path))),
		Promise.all(linked.map(async entry => {
			const adminDir = admins.get(entry.path);
			return adminDir === undefined ? null : operationState(adminDir);
		})),
	]);
	const moves = await Promise.all(linked.map(async (entry, index) => {
		const adminDir = admins.get(entry.path);
		return existence[index] || adminDir === undefined ? undefined : findMovedWorktree(adminDir, entry.path);
	}));
	const sessions: SessionRecord[] = [];
	const foreign: WorktreeInventory['foreign'] = [];
	for (const [index, entry] of linked.entries()) {
		const exists = existence[index]!;
		const operation = operations[index];
		// A rebase detaches HEAD until it ends; the session is still the branch being rebased.
		const rebasing = entry.branch === null && operation?.operation === 'rebase' ? operation.branch ?? null : null;
		const branch = entry.branch ?? rebasing;
		const slug = slugForBranch(context, branch);
		if (slug === undefined || branch === null) {
			foreign.push({...entry, exists, ...(moves[index] ? {movedTo: moves[index]} : {})});
			continue;
		}
		const remembered = memory.get(branch);
		sessions.push({
			slug,
			branch,
			worktree: entry.path,
			head: rebasing === null ? entry.head : operation?.origHead ?? entry.head,
			base: remembered?.base ?? context.repo.defaultBase,
			startCommit: remembered?.startCommit ?? null,
			exists,
			locked: entry.locked,
			...(operation ? {inProgress: operation.operation} : {}),
			...(moves[index] ? {movedTo: moves[index]} : {}),
		});
	}
	return {main: main!, sessions, foreign};
}

export async function findSession(context: GitContext, slugInput: string): Promise<SessionRecord> {
	const slug = normalizeSlug(slugInput);
	const {sessions} = await takeInventory(context);
	const record = sessions.find(session => session.slug === slug);
	if (!record) {
		throw new SessionNotFound(slug);
	}
	return record;
}

/** The remembered base of a branch that may have no worktree any more. */
export async function baseOfBranch(context: GitContext, branch: string): Promise<string> {
	const result = await runGit(['config', '--get', `branch.${branch}.${baseKey}`], {cwd: context.repo.root, okExitCodes: [0, 1]});
	return result.stdout.trim() || context.repo.defaultBase;
}

export async function branchExists(cwd: string, branch: string): Promise<boolean> {
	const result = await runGit(['show-ref', '--verify', '--quiet', `refs/heads/${branch}`], {cwd, okExitCodes: [0, 1]});
	return result.exitCode === 0;
}

/** Resolves a revision to a commit id, or null when it names nothing. */
export async function resolveCommit(cwd: string, revision: string): Promise<string | null> {
	const result = await runGit(['rev-parse', '--verify', '--quiet', '--end-of-options', `${revision}^{commit}`], {cwd, okExitCodes: [0, 1, 128]});
	return result.exitCode === 0 ? result.stdout.trim() : null;
}
