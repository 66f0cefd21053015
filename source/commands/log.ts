/**
 * `agentgrid log <name>`: a session's logged output, read from its log files (no server needed; a running one is
 * asked to write out what it still queues), replayed into a terminal and printed as the lines it left: plain text,
 * or with colours and styles (--ansi).
 */
import {AgentgridError} from '../core/errors.js';
import {openRepository} from '../core/git/repository.js';
import {normalizeSlug} from '../core/git/slug.js';
import {logPaths, readLog} from '../core/history/log-files.js';
import {logText} from '../core/history/log-text.js';
import {replayLog} from '../core/history/replay.js';
import {parseArgs, sessionName} from './parse-args.js';
import {askServer} from './server-request.js';
import {openWorkspace} from './workspace.js';
import type {OptionSpec} from './parse-args.js';
import type {Command} from './types.js';

const usage = `Usage:
  agentgrid log <name> [--ansi]

Prints the output a session's agent left (its history and last screen), from the log kept in the repository's git
directory; it outlives the server, a crash and a reboot. Plain text by default; --ansi keeps colours and styles.
The log keeps the last outputLogSize megabytes of output (see agentgrid config).

  --ansi   keep colours and styles (escape sequences) in what is printed
`;

/** Enough lines for any log the size limit allows. */
const replayScrollback = 1_000_000;

const logOptions: OptionSpec = {flags: ['ansi']};

export const logCommand: Command = {
	name: 'log',
	summary: "print a session's logged output, with or without a server (--ansi keeps colours)",
	usage,
	options: logOptions,
	operands: ['session'],
	async run(args, context) {
		const parsed = parseArgs(args, logOptions, usage);
		const name = sessionName(parsed, usage);
		const slug = normalizeSlug(name);
		const repo = await openRepository(context.cwd);
		// A running server writes its logs a moment after the output; it writes this one out now. None running (or an
		// older one without the request) is no reason to fail: the files hold everything up to that moment.
		await askServer(context, 'flush-log', {name: slug}, {start: false}).catch(() => undefined);
		const records = await readLog(logPaths(repo.commonDir, slug));
		if (records === undefined) {
			const sessions = await (await openWorkspace(context)).worktrees.listSessions();
			if (!sessions.some(session => session.slug === slug)) throw new AgentgridError('session-not-found', `No session named ${slug}.`);
			throw new AgentgridError('no-log', `${slug} has no logged output: its agent has not run since output logging began.`);
		}
		const terminal = await replayLog(records, {scrollback: replayScrollback});
		try {
			context.stdout(logText(terminal, parsed.flags.has('ansi')));
		} finally {
			terminal.dispose();
		}
		return 0;
	},
};
