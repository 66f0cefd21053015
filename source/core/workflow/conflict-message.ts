/**
 * The prompt that hands a rebase conflict back to the session's agent: which commits on the base touched which of
 * its files, and what to do, so the agent can resolve it in its own worktree.
 */
import type {RebaseConflict} from '../git/errors.js';

const maxCommits = 5;

export function conflictMessage(conflict: RebaseConflict, branch: string): string {
	const files = conflict.files.join(', ');
	const commits = conflict.upstreamCommits.slice(0, maxCommits).map(commit => `${commit.sha.slice(0, 7)} "${commit.subject}"`);
	const more = conflict.upstreamCommits.length > maxCommits ? ` and ${conflict.upstreamCommits.length - maxCommits} more` : '';
	const cause = commits.length > 0
		? `commits ${commits.join(', ')}${more} touched ${files}`
		: `both changed ${files}`;
	return `Your changes on ${branch} conflict with ${conflict.base}: ${cause}. Rebase onto ${conflict.base} and resolve the conflicts, then tell me when done.`;
}
