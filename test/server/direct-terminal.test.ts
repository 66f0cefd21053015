/**
 * The server reads and writes a local client's terminal itself. Promises, against a real pty standing in for the
 * user's terminal:
 * - frames reach the terminal and keys come from it without crossing the socket, and the client is told so;
 * - a program run on the terminal (the editor) has it to itself: the server holds no descriptor of it until `ran`;
 * - after a detach the server holds nothing of the terminal, and the last frame was written before `detached` went;
 * - a path that is no terminal, or cannot be opened, leaves the client relaying, and nothing is lost;
 * - a terminal that hangs up detaches its client.
 */
import {readdir, readlink, stat} from 'node:fs/promises';
import {PassThrough} from 'node:stream';
import pty from '@lydell/node-pty';
import {afterEach, describe, expect, it} from 'vitest';
import {Channel} from '../../source/server/channel.js';
import {ClientHost, type ServerChannel} from '../../source/server/client-host.js';
import {DirectTerminal} from '../../source/server/direct-terminal.js';
import type {ClientMessage, ClientTerminal, OfferedTerminal, Received, ServerMessage} from '../../source/server/protocol.js';

const opened: pty.IPty[] = [];

afterEach(() => {
	for (const terminal of opened.splice(0)) terminal.kill();
});

/** A terminal nobody reads but us: raw, no echo, its path found through the program holding it. */
async function userTerminal(): Promise<{path: string; offered: OfferedTerminal; term: pty.IPty; seen: () => string}> {
	const term = pty.spawn('bash', ['-c', 'stty raw -echo && echo ready && exec sleep 60'], {cols: 80, rows: 24});
	opened.push(term);
	let seen = '';
	term.onData(data => {
		seen += data;
	});
	await until(() => seen.includes('ready'));
	seen = '';
	const path = await readlink(`/proc/${term.pid}/fd/0`);
	return {path, offered: await offer(path), term, seen: () => seen};
}

async function offer(path: string): Promise<OfferedTerminal> {
	const stats = await stat(path).catch(() => ({dev: 1, ino: 1}));
	return {path, dev: stats.dev, ino: stats.ino};
}

async function heldByUs(path: string): Promise<number> {
	const fds = await readdir('/proc/self/fd');
	const targets = await Promise.all(fds.map(async fd => readlink(`/proc/self/fd/${fd}`).catch(() => '')));
	return targets.filter(target => target === path).length;
}

async function until(test: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!(await test())) {
		if (Date.now() > deadline) throw new Error('timed out');
		await new Promise(resolve => setTimeout(resolve, 10));
	}
}

function attached(terminal: Partial<ClientTerminal>) {
	const toServer = new PassThrough();
	const toClient = new PassThrough();
	const server: ServerChannel = new Channel<ClientMessage, ServerMessage>({input: toServer, output: toClient});
	const client = new Channel<ServerMessage, ClientMessage>({input: toClient, output: toServer});
	const messages: Array<Received<ServerMessage>> = [];
	client.onMessage(received => messages.push(received));
	const host = new ClientHost();
	const input: string[] = [];
	host.onInput(text => input.push(text));
	host.attach(server, {cols: 80, rows: 24, ...terminal});
	const told = () => messages.find(({message}) => message.type === 'terminal')?.message;
	return {host, client, messages, input, told};
}

describe('a terminal the server reads and writes itself', () => {
	it('draws on it and reads keys from it, with nothing crossing the socket', async () => {
		const user = await userTerminal();
		const {host, messages, input, told} = attached({tty: user.offered});
		await until(() => told() !== undefined);
		expect(told()).toEqual({type: 'terminal', direct: true});
		expect(host.showing).toBe(true);
		host.write('frame é中😀');
		await until(() => user.seen().includes('frame é中😀'));
		user.term.write('k😀中');
		await until(() => input.join('') === 'k😀中');
		expect(messages.filter(({message}) => message.type === 'output')).toEqual([]);
		host.detach('detached');
	});

	it('lends the terminal to a program: no descriptor of it is held until the program has ended', async () => {
		const user = await userTerminal();
		const {host, client, messages, input, told} = attached({tty: user.offered});
		await until(() => told() !== undefined);
		expect(await heldByUs(user.path)).toBe(2);
		host.write('before the editor');
		const ran = host.runProgram({file: 'vi', args: ['x'], cwd: '/'});
		await until(() => messages.some(({message}) => message.type === 'run'));
		// The frame went out first, and the server no longer reads: a key typed now is the program's.
		expect(user.seen()).toContain('before the editor');
		expect(await heldByUs(user.path)).toBe(0);
		expect(host.showing).toBe(false);
		const run = messages.find(({message}) => message.type === 'run')!.message;
		messages.length = 0;
		client.send({type: 'ran', id: run.type === 'run' ? run.id : 0, exitCode: 3});
		expect(await ran).toBe(3);
		expect(told()).toEqual({type: 'terminal', direct: true});
		expect(await heldByUs(user.path)).toBe(2);
		user.term.write('after');
		await until(() => input.join('') === 'after');
		host.detach('detached');
	});

	it('lets go only once what it wrote has reached the terminal, however little is waiting', async () => {
		const user = await userTerminal();
		const terminal = await DirectTerminal.open(user.offered);
		// The terminal takes nothing for a while, as a stalled link: fill what the kernel holds, then a little more.
		user.term.pause();
		// The kernel moves what a terminal was given along in its own time, so full is only full once it stays so.
		for (let index = 0; index < 4096; index++) {
			if (terminal.backlog === 0) terminal.write('x'.repeat(1024));
			else {
				await new Promise(resolve => setTimeout(resolve, 50));
				if (terminal.backlog > 0) break;
			}
		}
		expect(terminal.backlog).toBeGreaterThan(0);
		terminal.write(' end');
		// Less than a stream's high-water mark waits: nothing says "drain" for it.
		expect(terminal.backlog).toBeLessThan(16 * 1024);
		const started = performance.now();
		const released = terminal.release();
		setTimeout(() => user.term.resume(), 300);
		await released;
		const waited = performance.now() - started;
		expect(waited).toBeGreaterThanOrEqual(250);
		// Well within the second it would have given up after, dropping what was waiting.
		expect(waited).toBeLessThan(900);
		await until(() => user.seen().endsWith(' end'));
		expect(await heldByUs(user.path)).toBe(0);
	});

	it('writes out a frame larger than the terminal takes at once before it lets go and says detached', async () => {
		const user = await userTerminal();
		const {host, messages, told} = attached({tty: user.offered});
		await until(() => told() !== undefined);
		host.write(`last frame ${'x'.repeat(64 * 1024)} end`);
		host.detach('detached');
		await until(() => messages.some(({message}) => message.type === 'detached'));
		await until(() => user.seen().endsWith(' end'));
		expect(await heldByUs(user.path)).toBe(0);
	});

	it.each([
		['a path that is not a terminal', '/dev/null'],
		['a regular file', '/etc/hostname'],
		['a path outside /dev', '/tmp/not-a-terminal'],
		['a path that leaves /dev', '/dev/../etc/hostname'],
		['a device that does not exist', '/dev/pts/99999'],
		['the pty multiplexer, which would make a new terminal', '/dev/ptmx'],
		['a serial line, whose open could wait for a carrier', '/dev/ttyS0'],
	])('leaves the client relaying for %s, with output and input on the socket', async (_label, path) => {
		const before = await heldByUs(path);
		const {host, client, messages, input, told} = attached({tty: await offer(path)});
		await until(() => told() !== undefined);
		expect(told()).toEqual({type: 'terminal', direct: false});
		await until(async () => (await heldByUs(path)) === before);
		host.write('relayed');
		await until(() => messages.some(({message, payload}) => message.type === 'output' && payload?.toString() === 'relayed'));
		client.send({type: 'input', bytes: 0}, Buffer.from('typed'));
		await until(() => input.join('') === 'typed');
		host.detach('detached');
	});

	it('opens no terminal of the same name that is not the client\'s, nor one offered in a shape it does not know', async () => {
		const user = await userTerminal();
		for (const tty of [{...user.offered, ino: user.offered.ino + 1}, {...user.offered, dev: user.offered.dev + 1}, user.path, {path: user.path}]) {
			const {host, told} = attached({tty: tty as OfferedTerminal});
			await until(() => told() !== undefined);
			expect(told()).toEqual({type: 'terminal', direct: false});
			await until(async () => (await heldByUs(user.path)) === 0);
			await host.detach('detached');
		}
	});

	it('says nothing about the terminal to a client that offered none', async () => {
		const {host, messages} = attached({});
		host.write('relayed');
		await until(() => messages.some(({message}) => message.type === 'output'));
		expect(messages.some(({message}) => message.type === 'terminal')).toBe(false);
		host.detach('detached');
	});

	it('detaches the client when its terminal hangs up', async () => {
		const user = await userTerminal();
		const {host, messages, told} = attached({tty: user.offered});
		await until(() => told() !== undefined);
		user.term.kill('SIGKILL');
		await until(() => messages.some(({message}) => message.type === 'detached'));
		expect(messages.find(({message}) => message.type === 'detached')?.message).toMatchObject({reason: 'the terminal closed'});
		expect(host.attached).toBe(false);
		expect(await heldByUs(user.path)).toBe(0);
	});
});
