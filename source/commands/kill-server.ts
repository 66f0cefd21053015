import {AgentgridError} from '../core/errors.js';
import {noPositionals, parseArgs, type OptionSpec} from './parse-args.js';
import {askServer} from './server-request.js';
import type {Command} from './types.js';
import {createInterface} from 'node:readline/promises';

const usage = `Usage:
  agentgrid kill-server [--force]

Stops this repository's server and every agent in it (their worktrees and branches stay). Asks first when agents
are running and a terminal can answer; --force stops them without asking.

  --force   stop the agents without asking
`;

const killServerOptions: OptionSpec = {flags: ['force']};

export const killServerCommand: Command = {
	name: 'kill-server',
	summary: 'stop the server and its agents (worktrees and branches stay)',
	usage,
	options: killServerOptions,
	async run(args, context) {
		const parsed = parseArgs(args, killServerOptions, usage);
		noPositionals(parsed, usage, 'kill-server');
		let force = parsed.flags.has('force');
		for (;;) {
			try {
				const answer = await askServer(context, 'kill-server', {force}, {start: false});
				if (!answer.answered) {
					context.stdout('No server runs for this repository.\n');
					return 0;
				}
				const {stopped} = answer.result as {stopped: number};
				context.stdout(`Server stopped${stopped > 0 ? ` with ${stopped} agent${stopped === 1 ? '' : 's'}` : ''}; worktrees and branches are kept.\n`);
				return 0;
			} catch (error) {
				if (!(error instanceof AgentgridError && error.code === 'agents-running') || force || !process.stdin.isTTY) throw error;
				const prompt = createInterface({input: process.stdin, output: process.stdout});
				const reply = await prompt.question(`${error.message} Stop them and the server? [y/N] `);
				prompt.close();
				if (!/^y(es)?$/i.test(reply.trim())) {
					context.stdout('Nothing was stopped.\n');
					return 1;
				}
				force = true;
			}
		}
	},
};
