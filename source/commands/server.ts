import {createWriteStream} from 'node:fs';
import process from 'node:process';
import {takeLaunchVariables} from '../server/launch-environment.js';
import {noPositionals, parseArgs, single, UsageError, type OptionSpec} from './parse-args.js';
import type {Command} from './types.js';

const usage = `Usage:
  agentgrid server

Runs this repository's session server in the foreground. 'agentgrid' and the other commands start it on their own,
detached from the terminal, so there is rarely a reason to run it by hand.
`;

// --size COLSxROWS: the terminal that started the server, which attaches next (set by that client).
const serverOptions: OptionSpec = {values: ['size'], hidden: ['size']};

export const serverCommand: Command = {
	name: 'server',
	summary: 'run the session server in the foreground (started for you when needed)',
	usage,
	options: serverOptions,
	exitWhenDone: true,
	async run(args, context) {
		const parsed = parseArgs(args, serverOptions, usage);
		noPositionals(parsed, usage, 'server');
		const size = sizeOf(single(parsed, 'size'));
		// The client's additions for this process alone; the environment every pane, hook and git process starts from loses them.
		const readyFd = takeLaunchVariables(context.env);
		const say = (line: string) => {
			if (readyFd === undefined) return;
			const stream = createWriteStream('', {fd: readyFd});
			stream.end(line);
		};
		// A snapshot: every pane starts from the environment the server started with.
		const env = {...context.env};
		process.title = 'agentgrid server';
		// The git thread loads on another core, and opens the repository there, while this thread loads the grid.
		(await import('../core/git/git-thread.js')).startGitThread();
		const opening = import('./workspace.js').then(async ({openWorkspace}) => openWorkspace({...context, env}));
		// The first frame shows the sessions: they are listed as soon as the repository is open, while the grid loads,
		// without their counts (a git status per worktree), which the server fills in once the grid is up.
		const listing = opening.then(async repo => repo.worktrees.listSessionsUncounted());
		// runServer awaits them and reports their failures; this only keeps a failure before then from counting as unhandled.
		for (const early of [opening, listing]) early.catch(() => {});
		const {runServer, errorPayload} = await import('../server/server.js');
		let handle: Awaited<ReturnType<typeof runServer>>;
		try {
			handle = await runServer({...context, env}, {opening, listing, size});
		} catch (error) {
			say(`error ${JSON.stringify(errorPayload(error))}\n`);
			throw error;
		}
		context.stderr(`${new Date().toISOString()} agentgrid server ${process.pid} listening on ${handle.socketPath}\n`);
		say('ready\n');
		await handle.stopped;
		context.stderr(`${new Date().toISOString()} agentgrid server ${process.pid} stopped\n`);
		return 0;
	},
};

function sizeOf(text: string | undefined): {cols: number; rows: number} | undefined {
	if (text === undefined) return undefined;
	const match = /^(\d{1,4})x(\d{1,4})$/u.exec(text);
	if (!match) throw new UsageError(`--size takes COLSxROWS (e.g. 200x50), not ${JSON.stringify(text)}.`, usage);
	return {cols: Number(match[1]), rows: Number(match[2])};
}
