/**
 * `agentgrid` itself: a thin client that puts the terminal in raw mode and hands it to the server, which reads and
 * writes it itself when it can (`direct-terminal.ts`); otherwise (over ssh) the client relays bytes both ways.
 * It loads no React, Ink or xterm, so it starts in tens of milliseconds; everything it draws comes from the server.
 * Detaching (prefix d, closing the terminal, SIGHUP or SIGTERM) leaves every agent running.
 */
import process from 'node:process';
import {leaveFullScreen} from '../ui/host/outer-modes.js';
import {queryOuterTerminal, type OuterTerminalFacts} from '../ui/host/query-colors.js';
import {localeOf} from '../ui/host/terminal-profile.js';
import type {ClientChannel} from './connect.js';
import type {ClientTerminal, OfferedTerminal} from './protocol.js';
import {runOnTerminal} from './run-program.js';
import {offeredTerminal} from './offered-terminal.js';

export interface Opened {
	channel: ClientChannel;
	/** The server said it can read and write this client's terminal itself. */
	directTerminal?: boolean;
}

export interface Transport {
	/** Connects (and greets) the server; rejects when it cannot be reached, or once `signal` gives up. */
	open(signal?: AbortSignal): Promise<Opened>;
	/** Set for ssh: a lost link is retried instead of ending the client. */
	reconnect?: {describe: string; delaysMs: readonly number[]};
	remote?: boolean;
}

export interface AttachStreams {
	stdin: NodeJS.ReadStream;
	stdout: NodeJS.WriteStream;
	env: NodeJS.ProcessEnv;
	stderr: (text: string) => void;
}

type Ending = {kind: 'detached'; reason: string} | {kind: 'lost'; reason: string} | {kind: 'gave-up'; reason: string};

export async function attachClient(transport: Transport, io: AttachStreams): Promise<number> {
	const {stdin, stdout, env} = io;
	const write = (data: string | Buffer) => {
		try {
			stdout.write(data);
		} catch {
			// A closed terminal: there is nobody left to tell.
		}
	};
	// After a hangup the terminal is gone; failed writes to it must not end the client before it detaches.
	stdout.on('error', () => {});
	stdin.on('error', () => {});
	// SIGTERM and SIGHUP detach: in a session as session() says, outside one (the terminal query, the connect, the wait
	// to reconnect) by ending the client as soon as it can; never by the default action, which would leave the terminal
	// raw. Whatever the client is doing says what a signal does then (`onSignalled`). Ctrl+C is a key for the pane (the terminal is raw); a SIGINT sent from elsewhere is
	// ignored, as tmux's client ignores it.
	let signalled = false;
	let onSignalled: (() => void) | undefined;
	const noteSignal = () => {
		signalled = true;
		onSignalled?.();
	};
	const ignoreInterrupt = () => {};
	process.on('SIGHUP', noteSignal);
	process.on('SIGTERM', noteSignal);
	process.on('SIGINT', ignoreInterrupt);
	let ending: Ending;
	try {
		stdin.setRawMode(true);
		stdin.resume();
		// A signal does not wait for a server that is slow to answer: the connection is given up.
		const giveUp = new AbortController();
		const prepared = Promise.all([
			// Keys typed once the terminal has answered wait in it for whoever reads it next: the server, or this client
			// relaying (starting a server can take a while).
			queryOuterTerminal(stdin, write).finally(() => stdin.pause()),
			transport.open(giveUp.signal).catch((error: unknown) => error as Error),
			transport.remote ? undefined : offeredTerminal(),
		]);
		const interrupted = new Promise<undefined>(resolve => {
			onSignalled = () => resolve(undefined);
		});
		const ready = await Promise.race([prepared, interrupted]);
		onSignalled = undefined;
		if (ready === undefined) {
			giveUp.abort();
			// One made meanwhile is closed unused.
			void prepared.then(([, opened]) => opened instanceof Error || opened.channel.close('done'), () => undefined);
			ending = {kind: 'detached', reason: 'detached'};
		} else {
			const [facts, first, tty] = ready;
			if (first instanceof Error) throw first;
			ending = await session(first, facts, tty);
			let delay = 0;
			while (ending.kind === 'lost' && transport.reconnect && !signalled) {
				const {delaysMs, describe} = transport.reconnect;
				const next = await waitToReconnect(ending.reason, describe, delaysMs[Math.min(delay++, delaysMs.length - 1)]);
				if (next === 'give-up') {
					ending = {kind: 'gave-up', reason: `gave up reconnecting to ${describe}`};
					break;
				}
				const reopening = new AbortController();
				onSignalled = () => reopening.abort();
				const opened = await transport.open(reopening.signal).catch((error: unknown) => error as Error);
				onSignalled = undefined;
				if (signalled) {
					if (!(opened instanceof Error)) opened.channel.close('done');
					ending = {kind: 'gave-up', reason: `gave up reconnecting to ${describe}`};
					break;
				}
				if (opened instanceof Error) {
					ending = {kind: 'lost', reason: opened.message};
					continue;
				}
				delay = 0;
				ending = await session(opened, facts, tty);
			}
		}
	} finally {
		process.off('SIGHUP', noteSignal);
		process.off('SIGTERM', noteSignal);
		process.off('SIGINT', ignoreInterrupt);
		stdin.setRawMode(false);
		stdin.pause();
		// CAN first: a frame the server could not finish writing may have left an escape sequence open.
		write(`\u0018${leaveFullScreen}`);
	}
	if (ending.kind === 'detached') {
		write(`[${ending.reason}]\n`);
		return 0;
	}
	io.stderr(`agentgrid: ${ending.reason}\n`);
	return 1;

	function terminal(facts: OuterTerminalFacts): ClientTerminal {
		return {
			cols: stdout.columns || 80,
			rows: stdout.rows || 24,
			term: env.TERM,
			colorterm: env.COLORTERM,
			noColor: env.NO_COLOR !== undefined && env.NO_COLOR !== '',
			lang: localeOf(env),
			colors: facts.colors,
			colorfgbg: env.COLORFGBG,
			underlineStyles: facts.underlineStyles,
			kittyKeyboard: facts.kittyKeyboard,
			remote: transport.remote,
			tmux: (env.TMUX ?? '') !== '',
		};
	}

	function session({channel, directTerminal}: Opened, facts: OuterTerminalFacts, offered: OfferedTerminal | undefined): Promise<Ending> {
		// Offered only to a server that can take it; an older one gets a relaying client as before.
		const tty = directTerminal ? offered : undefined;
		return new Promise(resolve => {
			let running = false;
			// Whether this client carries the key presses; not while the server reads the terminal itself.
			let relaying = false;
			const onInput = (chunk: Buffer) => channel.send({type: 'input', bytes: 0}, chunk);
			const relay = (on: boolean) => {
				// A second listener would send every key twice (a run ends, then the server says to go on relaying).
				if (on === relaying) return;
				relaying = on;
				if (on) {
					stdin.on('data', onInput);
					stdin.resume();
				} else {
					stdin.off('data', onInput);
					// process.stdin stops reading one tick after a pause, before any more input can reach it.
					stdin.pause();
				}
			};
			const onResize = () => channel.send({type: 'resize', cols: stdout.columns || 80, rows: stdout.rows || 24});
			const onSignal = () => {
				if (relaying) {
					finish({kind: 'detached', reason: 'detached'}, true);
					return;
				}
				// The server holds the terminal: its last frame must be written before this client restores it. It answers
				// with `detached`, which ends the session; a server that does not answer in time is left to it.
				channel.send({type: 'detach'});
				setTimeout(() => finish({kind: 'detached', reason: 'detached'}, true), 1500).unref();
			};
			stdout.on('resize', onResize);
			onSignalled = onSignal;
			let done = false;
			const finish = (result: Ending, tellServer = false) => {
				if (done) return;
				done = true;
				resolve(result);
				relay(false);
				stdout.off('resize', onResize);
				onSignalled = undefined;
				// Queued key presses still reach the agent before the server hears we left.
				if (tellServer) channel.end({type: 'detach'});
				else channel.close('done');
			};
			channel.onMessage(({message, payload}) => {
				if (message.type === 'output' && payload) write(payload);
				else if (message.type === 'terminal' && !running) relay(!message.direct);
				else if (message.type === 'detached') finish({kind: 'detached', reason: message.quit || message.reason === 'detached' ? message.reason : `detached: ${message.reason}`});
				else if (message.type === 'error') finish({kind: 'lost', reason: message.error.message});
				else if (message.type === 'run' && !running) {
					running = true;
					// The program gets the terminal as the user left it before agentgrid: cooked, main screen.
					const relayed = relaying;
					relay(false);
					write(leaveFullScreen);
					stdin.setRawMode(false);
					runOnTerminal(message.file, message.args, message.cwd, env).then(
						exitCode => channel.send({type: 'ran', id: message.id, exitCode}),
						(error: Error) => channel.send({type: 'ran', id: message.id, exitCode: null, error: error.message}),
					).finally(() => {
						running = false;
						stdin.setRawMode(true);
						// A server that reads the terminal itself takes it back and says so with `terminal`.
						if (relayed && !done) relay(true);
					});
				}
			});
			channel.onClose(reason => finish({kind: 'lost', reason: `lost the connection to the server (${reason})`}));
			channel.send({type: 'attach', ...terminal(facts), colors: facts.colors, tty});
			// From the offer on, the server may be reading the terminal: this client reads only if told to relay.
			relay(tty === undefined);
		});
	}

	/** Waits out the backoff with a line saying so; `q` or Ctrl-C gives up. */
	function waitToReconnect(reason: string, describe: string, delayMs: number): Promise<'retry' | 'give-up'> {
		write(`\u001B[0m\u001B[H\u001B[2J\r\nagentgrid: the connection to ${describe} was lost (${reason}).\r\nReconnecting in ${Math.round(delayMs / 100) / 10} s; the agents there keep running. Press q to give up.\r\n`);
		return new Promise(resolve => {
			const timer = setTimeout(() => finish('retry'), delayMs);
			const onKey = (chunk: Buffer) => {
				const key = chunk.toString();
				if (key === 'q' || key === '\u0003') finish('give-up');
			};
			// The session paused the terminal; a listener alone does not resume a paused stream.
			stdin.on('data', onKey);
			stdin.resume();
			onSignalled = () => finish('give-up');
			const finish = (result: 'retry' | 'give-up') => {
				onSignalled = undefined;
				clearTimeout(timer);
				stdin.off('data', onKey);
				stdin.pause();
				resolve(result);
			};
		});
	}
}
