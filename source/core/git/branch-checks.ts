import {BaseBranchGone, SessionBranchGone} from './errors.js';
import {branchExists, resolveCommit} from './session-records.js';

export interface SessionBranches {
	slug: string;
	branch: string;
	base: string;
	worktree: string;
}

/** Refuses before any step when a branch the session depends on was deleted outside agentgrid; returns the base tip. */
export async function assertSessionBranchesExist(root: string, session: SessionBranches): Promise<string> {
	const [hasBranch, baseTip] = await Promise.all([branchExists(root, session.branch), resolveCommit(root, session.base)]);
	if (!hasBranch) {
		throw new SessionBranchGone(session.slug, session.branch, session.worktree);
	}
	if (!baseTip) {
		throw new BaseBranchGone(session.base);
	}
	return baseTip;
}
