import {parseArgs, sessionName, type OptionSpec} from './parse-args.js';
import {askServer} from './server-request.js';
import type {Command} from './types.js';

const usage = `Usage:
  agentgrid merge <name> [--yes] [--no-test]

Merges the session as the merge screen does: commit pending work (only with --yes), rebase onto the base, run the
tests on the rebased commit (skipped with --no-test), then bring it into the base. Prints each step.
Exit code: 0 merged, 1 refused or cancelled, 2 usage, 5 conflict, 6 tests failed.

  --yes       commit the session's pending work first
  --no-test   skip the tests
`;

const exitCodes: Record<string, number> = {merged: 0, conflict: 5, 'tests-failed': 6, refused: 1, cancelled: 1};

const mergeOptions: OptionSpec = {flags: ['yes', 'no-test']};

export const mergeCommand: Command = {
	name: 'merge',
	summary: 'merge a session into its base: rebase, test gate, fast-forward',
	usage,
	options: mergeOptions,
	operands: ['session'],
	async run(args, context) {
		const parsed = parseArgs(args, mergeOptions, usage);
		const answer = await askServer(context, 'merge', {name: sessionName(parsed, usage), yes: parsed.flags.has('yes'), noTest: parsed.flags.has('no-test')}, {start: true, progress: context.stdout});
		if (!answer.answered) return 1;
		const result = answer.result as {outcome: string; summary: string};
		(result.outcome === 'merged' ? context.stdout : context.stderr)(`${result.summary}\n`);
		return exitCodes[result.outcome] ?? 1;
	},
};
