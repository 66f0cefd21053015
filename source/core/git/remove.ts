import {rmdir} from 'node:fs/promises';
import path from 'node:path';
import type {GitContext} from './context.js';
import {commitRecord} from './commit.js';
import {HasUnsavedWork, SalvageIncomplete, SubmoduleWorkUnsaved, type UnmergedCommit} from './errors.js';
import {gitWithLockRetry} from './run-git.js';
import {type SessionRecord, findSession} from './session-records.js';
import {readStatus, statusPaths} from './status.js';
import {unsavedSubmoduleWork} from './submodule-work.js';
import {findUnsavedWork} from './unsaved-work.js';

export type RemoveChoice = 'refuse' | 'salvage' | 'discard';

export interface RemoveOptions {
	/** Keep the branch even when removing the worktree would otherwise delete it. */
	keepBranch?: boolean;
	/**
	 * Runs once removal is decided (work checked, salvaged or given up), before the worktree goes: the repository's
	 * teardown. If it throws, nothing more is removed and the error propagates.
	 */
	beforeRemove?: (record: SessionRecord) => Promise<void>;
}

export interface RemoveResult {
	slug: string;
	branch: string;
	worktreeRemoved: boolean;
	branchDeleted: boolean;
	/** Commit made from the uncommitted work when salvaging. */
	salvagedCommit: string | null;
	/** What a discard threw away. */
	discardedFiles: string[];
	discardedCommits: UnmergedCommit[];
}

/**
 * Removes a session. Nothing with work in it is removed without an explicit choice: 'refuse' (the default)
 * throws HasUnsavedWork listing what would be lost; 'salvage' commits the work and keeps the branch, or refuses
 * (removing nothing) when it cannot commit all of it; 'discard' throws it away.
 */
export async function removeSession(context: GitContext, slug: string, choice: RemoveChoice = 'refuse', options: RemoveOptions = {}): Promise<RemoveResult> {
	const {root} = context.repo;
	const record = await findSession(context, slug);
	const unsaved = await findUnsavedWork(root, record);
	const hasUncommitted = unsaved.uncommittedFiles.length > 0;
	const hasUnmerged = unsaved.unmergedCommits.length > 0;
	let keepBranch = options.keepBranch ?? false;
	let salvagedCommit: string | null = null;

	if (choice === 'refuse' && (hasUncommitted || (hasUnmerged && !keepBranch))) {
		throw new HasUnsavedWork(record.slug, unsaved.uncommittedFiles, unsaved.unmergedCommits);
	}
	if (choice !== 'discard' && record.exists) {
		// Checked before anything is committed, so a refusal leaves the session exactly as it was.
		const submodules = await unsavedSubmoduleWork(record.worktree);
		if (submodules.length > 0) {
			throw new SubmoduleWorkUnsaved(record.slug, choice === 'salvage' ? 'be salvaged' : 'be removed', record.worktree, submodules);
		}
	}
	if (choice === 'salvage') {
		if (hasUncommitted) {
			salvagedCommit = await commitRecord(record, `WIP: salvaged from session ${record.slug}`, {noVerify: true});
			const left = statusPaths(await readStatus(record.worktree, 'all'));
			if (left.length > 0) {
				throw new SalvageIncomplete(record.slug, salvagedCommit, left);
			}
		}
		keepBranch ||= hasUnmerged || salvagedCommit !== null;
	}
	await options.beforeRemove?.(record);
	await removeWorktree(root, record);
	let branchDeleted = false;
	if (!keepBranch) {
		await gitWithLockRetry(root, ['branch', '--delete', '--force', record.branch]);
		branchDeleted = true;
	}
	const discarded = choice === 'discard';
	return {
		slug: record.slug,
		branch: record.branch,
		worktreeRemoved: true,
		branchDeleted,
		salvagedCommit,
		discardedFiles: discarded ? unsaved.uncommittedFiles : [],
		discardedCommits: discarded && branchDeleted ? unsaved.unmergedCommits : [],
	};
}

async function removeWorktree(root: string, record: SessionRecord): Promise<void> {
	// Whatever the worktree held was checked, saved or explicitly given up above; the double force also covers
	// orphans (only metadata left), locked worktrees and worktrees with initialised submodules, which git
	// otherwise refuses. Unlike "worktree prune" it touches no other session's metadata.
	await gitWithLockRetry(root, ['worktree', 'remove', '--force', '--force', record.worktree]);
	const parent = path.dirname(record.worktree);
	if (record.exists && parent.endsWith('.worktrees')) {
		// The default sibling container is agentgrid's own; leave no empty one behind.
		await rmdir(parent).catch(() => undefined);
	}
}
