/**
 * `agentgrid hook <event>`: run by an agent (Claude Code's hooks, Codex's notify, a custom preset's hookArgs) to say
 * what it is doing. It reads the event's JSON (stdin, or Codex's last argument), keeps the few small fields the server
 * reads, sends them to the session's server over its socket and exits 0, printing nothing, whatever happens: an
 * agent's hook must never block it (everything is bounded in time) nor change what it does (Claude Code adds a
 * hook's output to the conversation and treats some exit codes as a veto).
 */
import net from 'node:net';
import {encodeMessage, MessageDecoder, protocolVersion, type ServerMessage} from '../server/protocol.js';
import {version} from '../version.js';
import type {Command} from './types.js';


/** Everything (reading stdin, connecting, the answer) ends within this. */
export const hookDeadlineMs = 1500;
/** Stdin that stays open (a terminal, a pipe nobody closes) is read for this long at most. */
const stdinWaitMs = 500;
/** A hook's JSON can carry whole files (a Write tool's content): only this much is read. */
const maxInputBytes = 256 * 1024;
/** The fields the server reads, each cut short. */
const keptFields = ['hook_event_name', 'session_id', 'transcript_path', 'cwd', 'tool_name', 'notification_type', 'message', 'reason', 'source', 'type', 'last-assistant-message', 'detail'];

const usage = `Usage:
  agentgrid hook <event> [text]

Run by an agent inside an agentgrid session to report what it is doing; agentgrid wires it into Claude Code (its
hooks) and Codex (notify) by itself. <event> is busy, waiting or idle (text says why), or one of Claude Code's hook
events. It reads the event's JSON on stdin, reports to the session's server ($AGENTGRID_SOCKET) and always exits 0
without output, within ${hookDeadlineMs / 1000} s.
`;

export const hookCommand: Command = {
	name: 'hook',
	summary: 'report an agent event to its session (run by agents, always silent)',
	usage,
	// Every argument is taken as given: an agent's hook must never fail on one.
	options: {},
	operands: ['text'],
	repeatLast: true,
	exitWhenDone: true,
	async run(args, context) {
		const startedAt = Date.now();
		const [event = '', ...rest] = args;
		const socket = context.env.AGENTGRID_SOCKET;
		const session = context.env.AGENTGRID_SESSION;
		const run = context.env.AGENTGRID_RUN;
		if (event === '' || !socket || !session || !run) return 0;
		await Promise.race([
			report({event, rest, socket, session, run, at: startedAt, stdin: context.stdin}).catch(() => {}),
			new Promise(resolve => setTimeout(resolve, hookDeadlineMs).unref()),
		]);
		return 0;
	},
};

interface Report {
	event: string;
	rest: string[];
	socket: string;
	session: string;
	run: string;
	at: number;
	stdin?: NodeJS.ReadableStream & {isTTY?: boolean};
}

async function report(what: Report): Promise<void> {
	// Codex passes its JSON as the last argument; the others on stdin.
	const argumentJson = what.rest.length > 0 ? parseJson(what.rest.at(-1)!) : undefined;
	const input = argumentJson === undefined && what.stdin && what.stdin.isTTY !== true ? await readBounded(what.stdin) : '';
	const payload = argumentJson ?? parseJson(input) ?? (what.rest.length > 0 ? {detail: what.rest.join(' ')} : undefined);
	await send(what.socket, {session: what.session, run: what.run, event: what.event, at: what.at, payload: pick(payload)});
}

function parseJson(text: string): unknown {
	if (!/^\s*[{[]/.test(text)) return undefined;
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return undefined;
	}
}

function pick(payload: unknown): Record<string, string> | undefined {
	if (typeof payload !== 'object' || payload === null) return undefined;
	const kept: Record<string, string> = {};
	for (const field of keptFields) {
		const value = (payload as Record<string, unknown>)[field];
		if (typeof value === 'string') kept[field] = value.slice(0, field === 'transcript_path' || field === 'cwd' ? 4096 : 240);
	}

	return kept;
}

function readBounded(stdin: NodeJS.ReadableStream): Promise<string> {
	return new Promise(resolve => {
		const chunks: Buffer[] = [];
		let size = 0;
		const done = () => {
			clearTimeout(timer);
			stdin.removeAllListeners('data');
			// A hook that stops reading must not leave the agent blocked on a full pipe.
			stdin.resume();
			resolve(Buffer.concat(chunks).toString('utf8'));
		};

		const timer = setTimeout(done, stdinWaitMs);
		timer.unref();
		stdin.on('data', (chunk: Buffer) => {
			if (size < maxInputBytes) chunks.push(chunk);
			size += chunk.length;
		});
		stdin.once('end', done);
		stdin.once('error', done);
	});
}

function send(socketPath: string, args: Record<string, unknown>): Promise<void> {
	return new Promise(resolve => {
		const socket = net.connect(socketPath);
		socket.unref();
		const finish = () => {
			socket.destroy();
			resolve();
		};

		const decoder = new MessageDecoder<ServerMessage & {bytes?: number}>(({message}) => {
			if (message.type === 'response' || message.type === 'error') finish();
		});
		socket.on('data', chunk => {
			try {
				decoder.push(chunk);
			} catch {
				finish();
			}
		});
		socket.once('error', finish);
		socket.once('close', finish);
		socket.once('connect', () => {
			socket.write(encodeMessage({type: 'hello', version: protocolVersion, agentgrid: version}));
			socket.write(encodeMessage({type: 'request', id: 1, command: 'hook', args}));
		});
	});
}
