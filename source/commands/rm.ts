import {parseArgs, sessionName, UsageError, type OptionSpec} from './parse-args.js';
import {askServer} from './server-request.js';
import type {Command} from './types.js';
import type {RemoveResult} from '../core/git/remove.js';

const usage = `Usage:
  agentgrid rm <name> [--salvage | --discard] [--no-teardown]

Stops the session's agent and removes its worktree and branch. A session with uncommitted or unmerged work needs a
choice: --salvage commits the work and keeps the branch; --discard throws the work away. Without either, such a
session is left as it is and the command says what would be lost.

Before the worktree goes, the repository's teardownCommands run (once trusted) with the session's environment, each
shown as a step; if one fails, the session is kept and the command says which failed. --no-teardown skips them.

  --salvage       commit the work and keep the branch
  --discard       throw the work away
  --no-teardown   skip the repository's teardownCommands
`;

const rmOptions: OptionSpec = {flags: ['salvage', 'discard', 'no-teardown']};

export const rmCommand: Command = {
	name: 'rm',
	summary: 'remove a session (--salvage keeps its work on the branch, --discard drops it)',
	usage,
	options: rmOptions,
	operands: ['session'],
	async run(args, context) {
		const parsed = parseArgs(args, rmOptions, usage);
		if (parsed.flags.has('salvage') && parsed.flags.has('discard')) throw new UsageError('Choose one of --salvage and --discard.', usage);
		const mode = parsed.flags.has('salvage') ? 'salvage' : parsed.flags.has('discard') ? 'discard' : 'refuse';
		const answer = await askServer(context, 'rm', {name: sessionName(parsed, usage), mode, teardown: !parsed.flags.has('no-teardown')}, {start: true, progress: context.stdout});
		if (!answer.answered) return 1;
		context.stdout(describeRemoval(answer.result as RemoveResult));
		return 0;
	},
};

/** Says what happened, from the result: never more than was done. */
export function describeRemoval(result: RemoveResult & {teardownRan?: number}): string {
	const parts = [result.worktreeRemoved ? 'removed its worktree' : 'kept its worktree'];
	if (result.teardownRan) parts.unshift(`ran ${result.teardownRan} teardown command${result.teardownRan === 1 ? '' : 's'}`);
	if (result.salvagedCommit) parts.push(`committed its changes as ${result.salvagedCommit.slice(0, 7)}`);
	parts.push(result.branchDeleted ? `deleted ${result.branch}` : `kept ${result.branch}`);
	if (result.discardedFiles.length > 0) parts.push(`discarded changes to ${result.discardedFiles.length} file${result.discardedFiles.length === 1 ? '' : 's'}`);
	if (result.discardedCommits.length > 0) parts.push(`discarded ${result.discardedCommits.length} unmerged commit${result.discardedCommits.length === 1 ? '' : 's'}`);
	return `${result.slug}: ${parts.join(', ')}.\n`;
}
