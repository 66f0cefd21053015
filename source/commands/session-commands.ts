/**
 * Commands that act on one live session through the server: send, capture, wait, stop. They start the server when
 * none runs, so they work from scripts with no terminal attached.
 */
import {AgentgridError} from '../core/errors.js';
import {parseArgs, sessionName, single, UsageError, type OptionSpec} from './parse-args.js';
import {askServer} from './server-request.js';
import type {Command} from './types.js';

const sendUsage = `Usage:
  agentgrid send <name> <text> [--enter]

Types <text> into the session's agent, as a bracketed paste when the agent enabled bracketed paste (so it is not
run line by line); --enter presses Enter after it.

  --enter   press Enter after the text
`;

const sendOptions: OptionSpec = {flags: ['enter']};

export const sendCommand: Command = {
	name: 'send',
	summary: 'type text into a running session (--enter submits it)',
	usage: sendUsage,
	options: sendOptions,
	operands: ['session', 'text'],
	async run(args, context) {
		const parsed = parseArgs(args, sendOptions, sendUsage);
		const name = sessionName(parsed, sendUsage, 1);
		const text = parsed.positionals[1] ?? '';
		if (text === '' && !parsed.flags.has('enter')) throw new UsageError('Nothing to send: give the text, or --enter.', sendUsage);
		await askServer(context, 'send', {name, text, enter: parsed.flags.has('enter')}, {start: true});
		return 0;
	},
};

const captureUsage = `Usage:
  agentgrid capture <name> [--ansi] [--lines N]

Prints the session's screen as plain text; --ansi keeps colours and styles; --lines N prints the last N lines of its
history (scrollback and screen) instead.

  --ansi      keep colours and styles
  --lines N   the last N lines of its history instead of the screen
`;

const captureOptions: OptionSpec = {values: ['lines'], flags: ['ansi']};

export const captureCommand: Command = {
	name: 'capture',
	summary: "print a session's screen or the last lines of its history",
	usage: captureUsage,
	options: captureOptions,
	operands: ['session'],
	async run(args, context) {
		const parsed = parseArgs(args, captureOptions, captureUsage);
		const name = sessionName(parsed, captureUsage);
		const linesText = single(parsed, 'lines');
		const lines = linesText === undefined ? undefined : Number(linesText);
		if (lines !== undefined && (!Number.isInteger(lines) || lines < 1)) throw new UsageError('--lines needs a whole number of 1 or more.', captureUsage);
		const answer = await askServer(context, 'capture', {name, ansi: parsed.flags.has('ansi'), lines}, {start: true});
		if (answer.answered) context.stdout((answer.result as {text: string}).text);
		return 0;
	},
};

const waitUsage = `Usage:
  agentgrid wait <name> --for idle|waiting|busy|exited [--timeout SECONDS]

Waits until the session's agent has that status. Exit code: 0 when it did, 3 when the agent exited first (waiting
for another status), 4 on timeout.

  --for STATUS        idle, waiting, busy or exited
  --timeout SECONDS   give up after this many seconds (exit code 4)
`;

export const waitCodes = {reached: 0, exited: 3, timeout: 4} as const;

const waitOptions: OptionSpec = {values: ['for', 'timeout']};

export const waitCommand: Command = {
	name: 'wait',
	summary: 'wait until a session is idle, waiting for input, busy or exited',
	usage: waitUsage,
	options: waitOptions,
	operands: ['session'],
	optionValues: {for: ['idle', 'waiting', 'busy', 'exited']},
	async run(args, context) {
		const parsed = parseArgs(args, waitOptions, waitUsage);
		const name = sessionName(parsed, waitUsage);
		const wanted = single(parsed, 'for');
		if (!wanted) throw new UsageError('Say what to wait for with --for idle|waiting|busy|exited.', waitUsage);
		const timeoutText = single(parsed, 'timeout');
		const timeout = timeoutText === undefined ? undefined : Number(timeoutText);
		if (timeout !== undefined && !(timeout > 0)) throw new UsageError('--timeout needs a number of seconds above 0.', waitUsage);
		try {
			const answer = await askServer(context, 'wait', {name, for: wanted, timeoutMs: timeout === undefined ? undefined : Math.round(timeout * 1000)}, {start: true});
			if (answer.answered) context.stdout(`${name} is ${(answer.result as {status: string}).status}\n`);
			return waitCodes.reached;
		} catch (error) {
			if (error instanceof AgentgridError && (error.code === 'wait-timeout' || error.code === 'wait-exited')) {
				context.stderr(`agentgrid: ${error.message}\n`);
				return error.code === 'wait-timeout' ? waitCodes.timeout : waitCodes.exited;
			}
			throw error;
		}
	},
};

const stopUsage = `Usage:
  agentgrid stop <name>

Stops the session's agent (its whole process group); the worktree and branch stay.
`;

const stopOptions: OptionSpec = {};

export const stopCommand: Command = {
	name: 'stop',
	summary: "stop a session's agent, keeping its worktree and branch",
	usage: stopUsage,
	options: stopOptions,
	operands: ['session'],
	async run(args, context) {
		const parsed = parseArgs(args, stopOptions, stopUsage);
		const name = sessionName(parsed, stopUsage);
		const answer = await askServer(context, 'stop', {name}, {start: false});
		if (!answer.answered) {
			context.stdout(`No server runs for this repository, so no agent runs in ${name}.\n`);
			return 0;
		}
		const result = answer.result as {was: string; status: string};
		context.stdout(result.was === 'stopped' || result.was === 'exited' ? `${name} was not running (${result.was}).\n` : `Stopped ${name} (it was ${result.was}); its worktree and branch are kept.\n`);
		return 0;
	},
};
