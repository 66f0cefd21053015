import type {GitContext} from './context.js';
import {BaseBranchGone, BaseNotLocal, BranchMoved, DirtyBase, GitCommandFailed, MergeConflict, NotFastForward, OperationInProgress, SessionBranchGone, SessionDirty} from './errors.js';
import {untrackedFilesInTheWay} from './checkout-overwrite.js';
import {git, runGit, splitNul} from './run-git.js';
import {branchExists, findSession, resolveCommit} from './session-records.js';
import {readStatus, statusPaths} from './status.js';
import {isDirectory, listWorktrees, operationInProgress} from './worktree-list.js';

export interface IntegrateOptions {
	/** The commit that was reviewed and tested; integration refuses if the branch has moved since. */
	expectedHead?: string;
}

export interface IntegrateResult {
	status: 'fast-forwarded' | 'merged' | 'up-to-date';
	base: string;
	previousBaseCommit: string;
	baseCommit: string;
	/** The checkout that was updated along with the base, or null when the base was not checked out. */
	updatedWorktree: string | null;
}

/**
 * Brings a session's commits into its base: fast-forward by default, or a merge commit. Where the base is
 * checked out, that checkout is updated only when it has no uncommitted changes; elsewhere the ref moves only
 * atomically from the tip that was checked.
 */
export async function integrateSession(context: GitContext, slug: string, options: IntegrateOptions = {}): Promise<IntegrateResult> {
	const {root} = context.repo;
	const record = await findSession(context, slug);
	const base = record.base;
	const [isLocal, baseTip, head, sessionStatus, worktrees] = await Promise.all([
		branchExists(root, base),
		resolveCommit(root, base),
		resolveCommit(root, `refs/heads/${record.branch}`),
		record.exists ? readStatus(record.worktree, 'normal') : Promise.resolve([]),
		listWorktrees(root),
	]);
	if (!head) {
		throw new SessionBranchGone(record.slug, record.branch, record.worktree);
	}
	if (!baseTip) {
		throw new BaseBranchGone(base);
	}
	if (sessionStatus.length > 0) {
		throw new SessionDirty(record.slug, 'be merged (only committed work is merged)', statusPaths(sessionStatus));
	}
	if (options.expectedHead && options.expectedHead !== head) {
		throw new BranchMoved(record.branch, options.expectedHead, head);
	}
	const alreadyIn = await runGit(['merge-base', '--is-ancestor', head, baseTip], {cwd: root, okExitCodes: [0, 1]});
	if (alreadyIn.exitCode === 0) {
		return {status: 'up-to-date', base, previousBaseCommit: baseTip, baseCommit: baseTip, updatedWorktree: null};
	}
	if (!isLocal) {
		throw new BaseNotLocal(base);
	}
	const canFastForward = (await runGit(['merge-base', '--is-ancestor', baseTip, head], {cwd: root, okExitCodes: [0, 1]})).exitCode === 0;
	if (context.mergeMode === 'fast-forward' && !canFastForward) {
		throw new NotFastForward(base, record.branch);
	}

	const holder = worktrees.find(entry => entry.branch === base && !entry.prunable);
	const checkout = holder && (await isDirectory(holder.path)) ? holder.path : null;
	if (checkout) {
		await assertCleanCheckout(base, checkout);
	}
	const message = `Merge ${record.branch} into ${base}`;
	let newTip: string;
	if (context.mergeMode === 'fast-forward') {
		newTip = head;
		if (checkout) {
			await assertNothingInTheWay(base, checkout, baseTip, head);
			await runInCheckout(base, checkout, ['merge', '--ff-only', '--quiet', head]);
		} else {
			await git(root, ['update-ref', '-m', `agentgrid: fast-forward to ${record.branch}`, `refs/heads/${base}`, head, baseTip]);
		}
	} else if (checkout) {
		// The merged tree is known before the checkout is touched, so a conflict or a file in the way changes nothing.
		const tree = await mergedTree(root, base, record.branch, baseTip, head);
		await assertNothingInTheWay(base, checkout, baseTip, tree);
		await runInCheckout(base, checkout, ['merge', '--no-ff', '--quiet', '-m', message, head], record.branch);
		newTip = (await git(checkout, ['rev-parse', 'HEAD'])).trim();
	} else {
		newTip = await mergeWithoutCheckout(root, base, record.branch, baseTip, head, message);
	}
	return {
		status: context.mergeMode === 'fast-forward' ? 'fast-forwarded' : 'merged',
		base,
		previousBaseCommit: baseTip,
		baseCommit: newTip,
		updatedWorktree: checkout,
	};
}

async function assertCleanCheckout(base: string, checkout: string): Promise<void> {
	const [operation, status] = await Promise.all([operationInProgress(checkout), readStatus(checkout, 'no')]);
	if (operation) {
		throw new OperationInProgress(checkout, operation);
	}
	if (status.length > 0) {
		throw new DirtyBase(base, checkout, statusPaths(status));
	}
}

/** Runs a merge in the checkout holding the base; git itself refuses to overwrite untracked files there. */
async function runInCheckout(base: string, checkout: string, args: string[], branch?: string): Promise<void> {
	try {
		await git(checkout, args);
	} catch (error) {
		if (!(error instanceof GitCommandFailed)) {
			throw error;
		}
		if ((await operationInProgress(checkout)) === 'merge') {
			const conflicted = splitNul(await git(checkout, ['diff', '--name-only', '--diff-filter=U', '-z']));
			await git(checkout, ['merge', '--abort']);
			throw new MergeConflict(branch ?? base, base, conflicted);
		}
		const overwritten = /would be overwritten by merge:\n([\s\S]*?)\n(Please|Aborting)/.exec(error.stderr);
		if (overwritten) {
			const files = overwritten[1]!.split('\n').map(line => line.trim()).filter(Boolean);
			throw new DirtyBase(base, checkout, files, 'has untracked files the merge would overwrite');
		}
		throw error;
	}
}

/*
 * git replaces ignored files without asking (and the regular refusal for untracked ones comes after it has started),
 * and a file that was never in git cannot be recovered, so every path the update would write is checked first.
 */
async function assertNothingInTheWay(base: string, checkout: string, from: string, to: string): Promise<void> {
	const inTheWay = await untrackedFilesInTheWay(checkout, from, to);
	if (inTheWay.length > 0) {
		throw new DirtyBase(base, checkout, inTheWay, 'has untracked or ignored files the merge would overwrite',
			'Move those files out of the way (they are not in git, so nothing could restore them), then try again.');
	}
}

/** The tree merging `head` into `baseTip` gives, or MergeConflict. */
async function mergedTree(root: string, base: string, branch: string, baseTip: string, head: string): Promise<string> {
	const merge = await runGit(['merge-tree', '--write-tree', '-z', '--name-only', '--no-messages', baseTip, head], {cwd: root, okExitCodes: [0, 1]});
	const [tree = '', ...conflicts] = splitNul(merge.stdout);
	if (merge.exitCode === 1) {
		throw new MergeConflict(branch, base, [...new Set(conflicts.filter(Boolean))]);
	}
	return tree;
}

/** A merge commit made from trees alone (merge-tree), for a base that no worktree has checked out. */
async function mergeWithoutCheckout(root: string, base: string, branch: string, baseTip: string, head: string, message: string): Promise<string> {
	const tree = await mergedTree(root, base, branch, baseTip, head);
	const commit = (await git(root, ['commit-tree', tree, '-p', baseTip, '-p', head, '-m', message])).trim();
	await git(root, ['update-ref', '-m', `agentgrid: merge ${branch}`, `refs/heads/${base}`, commit, baseTip]);
	return commit;
}
