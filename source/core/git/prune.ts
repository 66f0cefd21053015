import {type GitContext, slugForBranch} from './context.js';
import {mapLimit} from './concurrency.js';
import {git, gitTask, gitWithLockRetry} from './run-git.js';
import {readBaseMemory, takeInventory} from './session-records.js';
import {unmergedCommitsOf} from './unsaved-work.js';

export interface LeftoverBranch {
	slug: string;
	branch: string;
	head: string;
	base: string;
	/** Commits the base does not contain; 0 means the branch can be deleted without losing anything. */
	unmergedCommits: number;
}

/** A worktree whose directory is gone but which prune did not forget, because that could lose work. */
export interface KeptWorktree {
	path: string;
	/** Set for agentgrid sessions. */
	slug?: string;
	branch: string | null;
	/** Where the directory was found: it was moved by hand, and `git worktree repair <movedTo>` reconnects it. */
	movedTo?: string;
	/** Commits on its branch that the base does not have. */
	unmergedCommits: number;
}

export interface PruneResult {
	/** Worktree paths whose metadata was pruned because their directories were gone. */
	prunedWorktrees: string[];
	/** Missing worktrees left in place: moved elsewhere, or their branch has work the base lacks. */
	keptWorktrees: KeptWorktree[];
	/** Session branches without a worktree, e.g. kept by a salvage or left by a removed directory. */
	leftoverBranches: LeftoverBranch[];
}

const keepReason = 'agentgrid prune: kept, its directory may have been moved';

/**
 * Forgets the worktrees whose directory is gone, except those it could cost work to forget: a directory moved by hand
 * (once forgotten, `git worktree repair` can no longer reconnect it) or one whose branch has unmerged commits (the user
 * may have moved it where we did not look). Those are locked for the length of `git worktree prune`, which skips locked
 * worktrees, so git itself still decides which directories are really gone.
 */
export async function pruneSessions(context: GitContext): Promise<PruneResult> {
	const {root} = context.repo;
	const [before, memory] = await Promise.all([takeInventory(context), readBaseMemory(context)]);
	const baseOf = (branch: string): string => memory.get(branch)?.base ?? context.repo.defaultBase;
	const missing = [
		...before.sessions.map(record => ({path: record.worktree, slug: record.slug, branch: record.branch, movedTo: record.movedTo, exists: record.exists, locked: record.locked})),
		...before.foreign.map(entry => ({path: entry.path, slug: undefined, branch: entry.branch, movedTo: entry.movedTo, exists: entry.exists, locked: entry.locked})),
	].filter(entry => !entry.exists && !entry.locked);
	const judged = await mapLimit(missing, 4, async (entry): Promise<KeptWorktree & {keep: boolean}> => {
		// A branch deleted by hand has no commits left to lose.
		const unmerged = entry.branch === null ? 0 : (await unmergedCommitsOf(root, entry.branch, baseOf(entry.branch)).catch(() => [])).length;
		return {
			path: entry.path,
			...(entry.slug === undefined ? {} : {slug: entry.slug}),
			branch: entry.branch,
			...(entry.movedTo === undefined ? {} : {movedTo: entry.movedTo}),
			unmergedCommits: unmerged,
			keep: entry.movedTo !== undefined || unmerged > 0,
		};
	});
	const kept = judged.filter(entry => entry.keep);
	const locked: string[] = [];
	try {
		for (const entry of kept) {
			await gitWithLockRetry(root, ['worktree', 'lock', '--reason', keepReason, entry.path]);
			locked.push(entry.path);
		}
		await git(root, ['worktree', 'prune']);
	} finally {
		for (const lockedPath of locked) {
			await gitWithLockRetry(root, ['worktree', 'unlock', lockedPath]);
		}
	}
	const [after, branches] = await Promise.all([
		takeInventory(context),
		gitTask(root, ['branch', '--no-abbrev'], 'branch', ['--no-abbrev']),
	]);
	const remaining = new Set([...after.sessions.map(record => record.worktree), ...after.foreign.map(entry => entry.path)]);
	// A session being rebased has its branch checked out nowhere, yet the branch is not left over.
	const checkedOut = new Set([after.main.branch, ...after.sessions.map(record => record.branch), ...after.foreign.map(entry => entry.branch)]);
	const leftovers = Object.values(branches.branches).map(({name, commit}) => ({branch: name, head: commit}))
		.filter(({branch}) => !checkedOut.has(branch) && slugForBranch(context, branch) !== undefined);
	const leftoverBranches = await mapLimit(leftovers, 4, async ({branch, head}) => {
		const base = baseOf(branch);
		const unmerged = await unmergedCommitsOf(root, branch, base);
		return {slug: slugForBranch(context, branch)!, branch, head, base, unmergedCommits: unmerged.length};
	});
	return {
		prunedWorktrees: judged.filter(entry => !entry.keep && !remaining.has(entry.path)).map(entry => entry.path),
		keptWorktrees: kept.map(({keep: _keep, ...entry}) => entry),
		leftoverBranches,
	};
}
