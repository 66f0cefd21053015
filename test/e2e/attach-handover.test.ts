/**
 * The attach client's side of handing its terminal to the server, tried with the built client in a real terminal
 * against a scripted peer on the repository's real socket path (the peer plays an older or a newer server, which a
 * real server cannot be made to do). Promises:
 * - a server that does not say it can take the terminal gets a client that relays keys and frames, as before;
 * - keys typed while the handover is undecided are neither lost nor reordered: they wait in the terminal and reach
 *   the server, relayed, before the keys typed after them;
 * - a client told to end by SIGTERM while the server holds its terminal waits for the server's last frame before it
 *   restores the terminal; told so before any server answered, it ends at once, the terminal restored.
 */
import {constants} from 'node:fs';
import {open, readlink, stat, unlink} from 'node:fs/promises';
import net from 'node:net';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {Channel} from '../../source/server/channel.js';
import type {ClientMessage, ClientTerminal, ServerMessage} from '../../source/server/protocol.js';
import {protocolVersion} from '../../source/server/protocol.js';
import {listSockets} from '../../source/server/socket-path.js';
import {OuterTerminal} from '../helpers/outer-terminal.js';
import {createAppFixture, type AppFixture} from './app-fixture.js';

type PeerChannel = Channel<ClientMessage, ServerMessage>;

let app: AppFixture;
const terms: OuterTerminal[] = [];
let peer: net.Server | undefined;

beforeEach(async () => {
	app = await createAppFixture();
});

afterEach(async () => {
	for (const term of terms.splice(0)) term.kill();
	peer?.close();
	peer = undefined;
	await app?.repo.cleanup();
});

/** The repository's socket, taken over by a scripted peer once the real server that made it has stopped. */
async function scriptedServer(directTerminal: boolean, welcomeAfter?: Promise<unknown>): Promise<{attached: Promise<{channel: PeerChannel; terminal: ClientTerminal}>; inputs: string[]; greeted: Promise<void>}> {
	// A real server names and makes the socket; the peer takes its place.
	expect((await app.cli(['new', 'handover', '--agent', 'shell', '--start'])).code).toBe(0);
	const [path] = await listSockets(app.env.AGENTGRID_SOCKET_DIR);
	expect(path).toBeDefined();
	await app.stopServers();
	await unlink(path!).catch(() => {});
	const inputs: string[] = [];
	let greet: () => void = () => {};
	const greeted = new Promise<void>(resolve => {
		greet = resolve;
	});
	let attach: (value: {channel: PeerChannel; terminal: ClientTerminal}) => void = () => {};
	const attached = new Promise<{channel: PeerChannel; terminal: ClientTerminal}>(resolve => {
		attach = resolve;
	});
	peer = net.createServer(socket => {
		const channel: PeerChannel = new Channel({input: socket, output: socket, destroy: () => socket.destroy()});
		channel.onMessage(({message, payload}) => {
			if (message.type === 'hello') {
				greet();
				void (async () => {
					await welcomeAfter;
					channel.send({type: 'welcome', version: protocolVersion, agentgrid: message.agentgrid, pid: process.pid, repo: app.repo.root, ...(directTerminal ? {directTerminal} : {})});
				})();
			} else if (message.type === 'attach') attach({channel, terminal: message});
			else if (message.type === 'input' && payload) inputs.push(payload.toString());
		});
	});
	await new Promise<void>(resolve => peer!.listen(path, resolve));
	return {attached, inputs, greeted};
}

function start(): OuterTerminal {
	const term = new OuterTerminal({cwd: app.repo.root, env: app.env, cols: 100, rows: 30, keepOutput: true});
	terms.push(term);
	return term;
}

const sleep = async (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

describe('handing the terminal to the server', () => {
	it('offers nothing to a server that does not say it can take the terminal, and relays keys and frames', async () => {
		const {attached, inputs} = await scriptedServer(false);
		const term = start();
		const {channel, terminal} = await attached;
		expect(terminal.tty).toBeUndefined();
		channel.send({type: 'output', bytes: 0}, 'relayed frame');
		await term.waitFor('relayed frame');
		term.write('abc');
		await expect.poll(() => inputs.join(''), {timeout: 5000}).toBe('abc');
		channel.end({type: 'detached', reason: 'detached'});
		expect(await term.exited).toBe(0);
	});

	it('offers its own terminal, reads nothing while the server is slow to answer, and relays the waiting keys first when told to', async () => {
		let answer: () => void = () => {};
		const {attached, inputs, greeted} = await scriptedServer(true, new Promise<void>(resolve => {
			answer = resolve;
		}));
		const term = start();
		// A server still starting: keys typed before its welcome wait in the terminal.
		await greeted;
		await sleep(300);
		term.write('zero ');
		await sleep(200);
		answer();
		const {channel, terminal} = await attached;
		const device = await readlink(`/proc/${term.process.pid}/fd/0`);
		const stats = await stat(device);
		expect(terminal.tty).toEqual({path: device, dev: stats.dev, ino: stats.ino});
		term.write('one');
		await sleep(400);
		// Nobody reads the terminal now: the keys wait in it.
		expect(inputs).toEqual([]);
		channel.send({type: 'terminal', direct: false});
		await expect.poll(() => inputs.join(''), {timeout: 5000}).toBe('zero one');
		term.write('two');
		await expect.poll(() => inputs.join(''), {timeout: 5000}).toBe('zero onetwo');
		channel.end({type: 'detached', reason: 'detached'});
		expect(await term.exited).toBe(0);
	});

	it('ends on SIGTERM that comes before the server has answered, with the terminal restored, and ignores SIGINT', async () => {
		const {greeted} = await scriptedServer(true, new Promise<void>(() => {}));
		const term = start();
		await greeted;
		// Before its session, a client killed by the default action would leave the terminal raw and on its alternate screen.
		term.process.kill('SIGINT');
		await sleep(300);
		expect(term.exitCode).toBeUndefined();
		term.process.kill('SIGTERM');
		expect(await term.exited).toBe(0);
		expect(term.term.buffer.active.type).toBe('normal');
		expect(term.text()).toContain('[detached]');
	});

	it('on SIGTERM, lets the server holding the terminal write its last frame before restoring it', async () => {
		const {attached} = await scriptedServer(true);
		const term = start();
		const {channel, terminal} = await attached;
		channel.send({type: 'terminal', direct: true});
		await sleep(200);
		const detachAsked = new Promise<void>(resolve => channel.onMessage(({message}) => message.type === 'detach' && resolve()));
		term.process.kill('SIGTERM');
		await detachAsked;
		// The scripted server writes to the terminal itself, as a real one holding it does, and only then answers.
		const handle = await open(terminal.tty!.path, constants.O_WRONLY | constants.O_NOCTTY);
		await handle.write('last frame');
		await handle.close();
		await sleep(500);
		channel.end({type: 'detached', reason: 'detached'});
		expect(await term.exited).toBe(0);
		const output = term.output;
		expect(output.indexOf('last frame')).toBeGreaterThan(-1);
		// The restore (leaving the alternate screen) and the client's last words come after the server's frame.
		expect(output.lastIndexOf('\u001B[?1049l')).toBeGreaterThan(output.indexOf('last frame'));
		expect(output.indexOf('[detached]')).toBeGreaterThan(output.indexOf('last frame'));
	});
});
