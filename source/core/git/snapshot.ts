import {git} from './run-git.js';
import {withPrivateIndex} from './private-index.js';

const snapshotIdentity = {
	GIT_AUTHOR_NAME: 'agentgrid',
	GIT_AUTHOR_EMAIL: 'agentgrid@localhost',
	GIT_COMMITTER_NAME: 'agentgrid',
	GIT_COMMITTER_EMAIL: 'agentgrid@localhost',
	// A fixed date makes the same tree on the same HEAD the same commit id, so refreshing the radar over an
	// unchanged worktree writes no new objects.
	GIT_AUTHOR_DATE: '@1000000000 +0000',
	GIT_COMMITTER_DATE: '@1000000000 +0000',
};

export interface WorktreeSnapshot {
	/** HEAD itself when the worktree is clean, else a commit on top of HEAD holding the current files. */
	commit: string;
	includesUncommitted: boolean;
}

/**
 * The worktree's current files (uncommitted and untracked included) as a commit, built in a private copy of
 * the index so the session's own index and files are never touched. A snapshot commit is referenced by
 * nothing, so git's garbage collection removes it in time.
 */
export async function snapshotWorktree(worktree: string): Promise<WorktreeSnapshot> {
	const [indexPath = '', head = '', headTree = ''] = (await git(worktree, ['rev-parse', '--path-format=absolute', '--git-path', 'index', 'HEAD', 'HEAD^{tree}'])).trim().split('\n');
	return withPrivateIndex(worktree, async indexEnv => {
		const env = {...snapshotIdentity, ...indexEnv};
		await git(worktree, ['add', '--all'], env);
		const tree = (await git(worktree, ['write-tree'], env)).trim();
		if (tree === headTree) {
			return {commit: head, includesUncommitted: false};
		}
		const commit = (await git(worktree, ['commit-tree', tree, '-p', head, '-m', 'agentgrid snapshot'], env)).trim();
		return {commit, includesUncommitted: true};
	}, indexPath);
}
