import {runProxy} from '../server/proxy.js';
import {noPositionals, parseArgs, single, type OptionSpec} from './parse-args.js';
import type {Command} from './types.js';

const usage = `Usage:
  agentgrid proxy [--repo PATH]

Bridges standard input and output to the repository's server socket, starting the server when none runs. This is
what 'agentgrid --host HOST' runs on HOST through ssh; it is not meant to be typed.

  --repo PATH   the repository whose server to reach (default: the current directory)
`;

const proxyOptions: OptionSpec = {values: ['repo']};

export const proxyCommand: Command = {
	name: 'proxy',
	summary: 'bridge stdio to the server socket (used by agentgrid --host over ssh)',
	usage,
	options: proxyOptions,
	optionValues: {repo: 'directory'},
	async run(args, context) {
		const parsed = parseArgs(args, proxyOptions, usage);
		noPositionals(parsed, usage, 'proxy');
		return runProxy(single(parsed, 'repo') ?? context.cwd, context.env, process.stdin, process.stdout);
	},
};
