import {AgentgridError} from '../core/errors.js';
import {attachClient} from '../server/attach-client.js';
import {connectOrStart, serverAddress} from '../server/connect.js';
import {sshTransport} from '../server/ssh-transport.js';
import {isDumbTerminal} from '../ui/host/terminal-profile.js';
import {parseArgs, single, UsageError, type OptionSpec} from './parse-args.js';
import type {Command} from './types.js';

const usage = `Usage:
  agentgrid attach [--host HOST [--repo PATH] [--remote-agentgrid CMD] [--ssh-option OPT]...]
  agentgrid [--host HOST ...]       the same

Attaches this terminal to the repository's session server, starting it when none runs. Detach with the prefix
then d: the agents keep running, and 'agentgrid' attaches again. A second terminal that attaches takes over.

  --host HOST              attach to the server on HOST over ssh (your ssh config, keys and agent)
  --repo PATH              the repository on HOST (default: ssh's login directory)
  --remote-agentgrid CMD   how to run agentgrid on HOST (default: agentgrid)
  --ssh-option OPT         passed to ssh as -o OPT (repeatable)
`;

/**
 * A dumb terminal (TERM unset, empty or `dumb`: Emacs shell buffers, some CI logs) cannot take cursor moves: refuse
 * before anything is written to it or any server starts. The CLI commands do not draw and keep working there.
 */
export function requireScreenTerminal(env: NodeJS.ProcessEnv): void {
	if (!isDumbTerminal(env.TERM)) return;
	const term = env.TERM === undefined ? 'TERM is not set' : env.TERM === '' ? 'TERM is empty' : 'TERM is dumb';
	throw new AgentgridError('dumb-terminal', `${term}: the grid needs a full-screen terminal. Set TERM (e.g. TERM=xterm-256color), or use 'agentgrid ls', 'new', 'send' here.`);
}

// --ssh names the ssh program (tests run a fake one).
const attachOptions: OptionSpec = {values: ['host', 'repo', 'remote-agentgrid', 'ssh'], repeatable: ['ssh-option'], hidden: ['ssh']};

export const attachCommand: Command = {
	name: 'attach',
	summary: 'attach to the running server (what plain agentgrid does)',
	usage,
	options: attachOptions,
	optionValues: {repo: 'text'},
	async run(args, context) {
		const parsed = parseArgs(args, attachOptions, usage);
		if (parsed.positionals.length > 0) throw new UsageError(`Unexpected argument ${parsed.positionals[0]}.`, usage);
		const host = single(parsed, 'host');
		if (host === undefined && (parsed.values.has('repo') || parsed.values.has('remote-agentgrid') || parsed.values.has('ssh-option'))) {
			throw new UsageError('--repo, --remote-agentgrid and --ssh-option go with --host.', usage);
		}
		requireScreenTerminal(context.env);
		// A wrong directory is the likelier mistake, so it is reported before the terminal is checked.
		const address = host === undefined ? await serverAddress(context.cwd, context.env) : undefined;
		const {stdin, stdout} = process;
		if (!stdin.isTTY || !stdout.isTTY) {
			throw new AgentgridError('not-a-terminal', 'agentgrid needs a terminal: standard input and output must be a TTY.', "Use 'agentgrid ls', 'agentgrid new --start' or 'agentgrid send' in scripts.");
		}
		const transport = address
			? {
				open: async (signal?: AbortSignal) => {
					const {channel, welcome} = await connectOrStart(address, context.env, {size: {cols: stdout.columns || 80, rows: stdout.rows || 24}, signal});
					return {channel, directTerminal: welcome.directTerminal === true};
				},
			}
			: sshTransport({
				host: host!,
				repo: single(parsed, 'repo'),
				remoteAgentgrid: single(parsed, 'remote-agentgrid') ?? 'agentgrid',
				sshOptions: parsed.values.get('ssh-option') ?? [],
				ssh: single(parsed, 'ssh') ?? 'ssh',
			});
		return attachClient(transport, {stdin, stdout, env: context.env, stderr: context.stderr});
	},
};
