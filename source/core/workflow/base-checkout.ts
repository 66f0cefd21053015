/**
 * The same rule integration applies (a checkout of the base with uncommitted changes is never touched), checked
 * before a merge starts, so the user hears about it before waiting for a rebase and a test run.
 */
import {DirtyBase, OperationInProgress} from '../git/errors.js';
import {readStatus, statusPaths} from '../git/status.js';
import {isDirectory, listWorktrees, operationInProgress} from '../git/worktree-list.js';

export async function assertBaseCheckoutClean(repoRoot: string, base: string): Promise<void> {
	const holder = (await listWorktrees(repoRoot)).find(entry => entry.branch === base && !entry.prunable);
	if (!holder || !(await isDirectory(holder.path))) {
		return;
	}
	const [operation, status] = await Promise.all([operationInProgress(holder.path), readStatus(holder.path, 'no')]);
	if (operation) {
		throw new OperationInProgress(holder.path, operation);
	}
	if (status.length > 0) {
		throw new DirtyBase(base, holder.path, statusPaths(status));
	}
}
