import process from 'node:process';
import {isAgentgridError} from './core/errors.js';
import {version} from './version.js';
import {commandLoaders} from './commands/registry.js';
import type {CommandContext} from './commands/types.js';

const helpText = (summaries: string[]): string => `agentgrid ${version}
Run several coding agents side by side, each in its own git worktree and branch.

Usage:
  agentgrid                 attach to this repository's grid (its server starts if none runs)
  agentgrid --host HOST     attach to the grid on HOST over ssh (see agentgrid attach --help)
${summaries.join('\n')}
  agentgrid --help          show this help
  agentgrid --version       print the version

Run agentgrid inside a git repository. Press ? in the grid for every key binding;\nthe prefix then d detaches, and the agents keep running.
`;

/**
 * A reader that goes away early (`agentgrid ls | head -1`) ends the command quietly, with the status a shell gives a
 * command that SIGPIPE ended (128 + 13), as git does; what the command asked the server for carries on there.
 */
function endQuietlyWhenReaderLeaves(error: NodeJS.ErrnoException): void {
	if (error.code === 'EPIPE') process.exit(141);
	// Any other failure is for a command that handles its own (the demo's terminal closing): unhandled, it ends us.
	if (process.stdout.listenerCount('error') === 1) throw error;
}

async function main(argv: string[]): Promise<number> {
	const context: CommandContext = {
		cwd: process.cwd(),
		env: process.env,
		stdout: text => process.stdout.write(text),
		stderr: text => process.stderr.write(text),
		// Opened only by a command that reads it.
		get stdin() {
			return process.stdin;
		},
	};
	const [first, ...rest] = argv;
	if (first === '--version' || first === '-v') {
		context.stdout(`${version}\n`);
		return 0;
	}
	if (first === '--help' || first === '-h' || first === 'help') {
		const commands = await Promise.all(Object.values(commandLoaders).map(load => load()));
		context.stdout(helpText(commands.map(c => `  agentgrid ${c.name.padEnd(16)}${c.summary}`)));
		return 0;
	}
	if (first !== undefined && !first.startsWith('-')) {
		const load = commandLoaders[first];
		if (!load) {
			context.stderr(`agentgrid: unknown command '${first}'. Run 'agentgrid --help' for the list.\n`);
			return 2;
		}
		const command = await load();
		if (rest.includes('--help') || rest.includes('-h')) {
			context.stdout(command.usage.endsWith('\n') ? command.usage : `${command.usage}\n`);
			return 0;
		}
		if (!command.exitWhenDone) return command.run(rest, context);
		// Handles that libraries leave open (file watchers, timers) must not keep a stopped or failed server alive.
		try {
			return await command.run(rest, context);
		} finally {
			setTimeout(() => process.exit(), 100).unref();
		}
	}
	// Plain `agentgrid [--host H ...]` attaches.
	return (await commandLoaders.attach()).run(argv, context);
}

process.stdout.on('error', endQuietlyWhenReaderLeaves);
main(process.argv.slice(2)).then(
	code => {
		process.exitCode = code;
	},
	(error: unknown) => {
		if (isAgentgridError(error)) {
			process.stderr.write(`agentgrid: ${error.message}\n${error.hint ? `${error.hint}\n` : ''}`);
		} else {
			process.stderr.write(`agentgrid: unexpected error\n${error instanceof Error ? error.stack : String(error)}\n`);
		}
		process.exitCode = 1;
	},
);
