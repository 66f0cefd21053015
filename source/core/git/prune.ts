import {type GitContext, slugForBranch} from './context.js';
import {mapLimit} from './concurrency.js';
import {git} from './run-git.js';
import {readBaseMemory} from './session-records.js';
import {unmergedCommitsOf} from './unsaved-work.js';
import {isDirectory, listWorktrees} from './worktree-list.js';

export interface LeftoverBranch {
	slug: string;
	branch: string;
	head: string;
	base: string;
	/** Commits the base does not contain; 0 means the branch can be deleted without losing anything. */
	unmergedCommits: number;
}

export interface PruneResult {
	/** Worktree paths whose metadata was pruned because their directories were gone. */
	prunedWorktrees: string[];
	/** Session branches without a worktree, e.g. kept by a salvage or left by a removed directory. */
	leftoverBranches: LeftoverBranch[];
}

export async function pruneSessions(context: GitContext): Promise<PruneResult> {
	const {root} = context.repo;
	const before = await listWorktrees(root);
	const missing = await Promise.all(before.slice(1).map(async entry => entry.prunable || !(await isDirectory(entry.path))));
	const candidates = before.slice(1).filter((_, index) => missing[index]);
	await git(root, ['worktree', 'prune']);
	const [after, refs, memory] = await Promise.all([
		listWorktrees(root),
		git(root, ['for-each-ref', '--format=%(refname)%00%(objectname)', 'refs/heads']),
		readBaseMemory(context),
	]);
	const remaining = new Set(after.map(entry => entry.path));
	const checkedOut = new Set(after.map(entry => entry.branch));
	const leftovers = refs.split('\n').filter(Boolean).map(line => {
		const [ref = '', head = ''] = line.split('\0');
		return {branch: ref.slice('refs/heads/'.length), head};
	}).filter(({branch}) => !checkedOut.has(branch) && slugForBranch(context, branch) !== undefined);
	const leftoverBranches = await mapLimit(leftovers, 4, async ({branch, head}) => {
		const base = memory.get(branch)?.base ?? context.repo.defaultBase;
		const unmerged = await unmergedCommitsOf(root, branch, base);
		return {slug: slugForBranch(context, branch)!, branch, head, base, unmergedCommits: unmerged.length};
	});
	return {prunedWorktrees: candidates.map(entry => entry.path).filter(path => !remaining.has(path)), leftoverBranches};
}
