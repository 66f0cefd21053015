/**
 * A pane's output outlives its server: a shell pane prints 3000 lines, the server is killed with SIGKILL (and later
 * stopped with kill-server), and a new agentgrid shows the session stopped with its last screen, copy mode reaches
 * its first lines, the search over every pane finds one, and `agentgrid log` prints it, with and without a server.
 * A restarted agent continues the same log; removing the session removes it.
 */
import {readdir, stat} from 'node:fs/promises';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {tile} from '../../source/core/layout/index.js';
import type {OuterTerminal} from '../helpers/outer-terminal.js';
import {running} from '../helpers/proc.js';
import {createAppFixture, serverPids, spawnSession, statusLine, type AppFixture} from './app-fixture.js';

const cols = 100;
const rows = 30;

let app: AppFixture;
let term: OuterTerminal | undefined;
let slug = '';

const interior = () => tile({x: 0, y: 0, width: cols, height: rows - 1}, 1)[0].inner;

function paneLines(): string[] {
	const rect = interior();
	return term!.lines().slice(rect.y, rect.y + rect.height).map(line => line.slice(rect.x, rect.x + rect.width).trimEnd());
}

async function until(check: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!(await check())) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise(resolve => setTimeout(resolve, 100));
	}
}

async function logOf(name: string, ...flags: string[]) {
	return app.cli(['log', name, ...flags]);
}

async function noServer(): Promise<void> {
	await until(async () => (await serverPids(app.env.AGENTGRID_SOCKET_DIR)).length === 0, 'the server to be gone');
}

/** A new agentgrid on the same repository (a new server), the session's pane focused in grid mode. */
async function reopen(): Promise<void> {
	term?.kill();
	term = app.start({cols, rows});
	await term.waitFor(() => statusLine(term!).includes('GRID'));
}

beforeAll(async () => {
	// A small log, so a flood of output rotates it within the test.
	app = await createAppFixture({outputLogSize: 0.25});
	term = app.start({cols, rows});
});

afterAll(async () => {
	term?.kill();
	await app?.repo.cleanup();
});

describe('pane history after the server is gone', () => {
	it('logs a shell pane\'s output while the server runs', async () => {
		// A shell session's task is never run: the command is typed into the pane.
		await spawnSession(term!, 'seq 1 3000', 'Shell');
		term!.write('seq 1 3000\r');
		await term!.waitFor(() => paneLines().includes('3000'), 30_000);
		const listed = JSON.parse((await app.cli(['ls', '--json'])).stdout) as Array<{slug: string}>;
		slug = listed.find(session => session.slug.startsWith('seq'))!.slug;
		// Readable while the server runs, up to what the pane shows: the server writes out what it still queues.
		expect((await logOf(slug)).stdout).toContain('\n3000\n');
	});

	it('survives kill -9 of the server: the stopped pane shows its last screen', async () => {
		const [pid] = await serverPids(app.env.AGENTGRID_SOCKET_DIR);
		process.kill(pid, 'SIGKILL');
		await until(async () => !(await running(pid)), 'the server to die');
		await noServer();
		// No server: the log is read from disk.
		const printed = await logOf(slug);
		expect(printed.code).toBe(0);
		const lines = printed.stdout.split('\n');
		expect(lines.find(line => line.includes('seq 1 3000'))).toBeDefined();
		expect(lines).toContain('1');
		expect(lines).toContain('1234');
		expect(lines).toContain('3000');
		await reopen();
		await term!.waitFor(() => paneLines().includes('3000') && term!.text().includes('stopped'));
		expect(paneLines()).toContain('2999');
		// What the pane is and how to start it again, on its bottom border, since the last screen fills it.
		const rect = interior();
		await term!.waitFor(() => term!.lines()[rect.y + rect.height].includes(`No agent running in agentgrid/${slug}.`));
		expect(term!.lines()[rect.y + rect.height]).toMatch(/Press r to start/);
	});

	it('scrolls the restored history in copy mode back to the first lines', async () => {
		term!.write('[');
		await term!.waitFor(() => statusLine(term!).includes('COPY'));
		term!.write('g');
		await term!.waitFor(() => /\[1\/\d+\]$/.test(paneLines()[0]));
		expect(paneLines()[0]).toMatch(/seq 1 3000/);
		expect(paneLines()[1]).toBe('1');
		term!.write('q');
		await term!.waitFor(() => !statusLine(term!).includes('COPY'));
	});

	it('finds a logged line with the search over every pane', async () => {
		term!.write('/');
		await term!.waitFor('Search every pane');
		term!.write('^1234$');
		await term!.waitFor(screen => /1 hit in 1 session/.test(screen), 10_000);
		term!.write('\r');
		await term!.waitFor(() => statusLine(term!).includes('COPY') && paneLines().includes('1234'));
		term!.write('q');
		await term!.waitFor(() => !statusLine(term!).includes('COPY'));
	});

	it('continues the log across a restart of the agent and a kill-server', async () => {
		term!.write('r');
		await term!.waitFor(() => !term!.text().includes('stopped'), 20_000);
		const sent = await app.cli(['send', slug, 'echo after-$((40+2))-restart', '--enter']);
		expect(sent.code).toBe(0);
		await term!.waitFor(() => paneLines().includes('after-42-restart'));
		// The agent started again below its earlier output, which copy mode still reaches.
		expect(paneLines().some(line => line.includes('3000'))).toBe(false);
		term!.write('[');
		await term!.waitFor(() => statusLine(term!).includes('COPY'));
		term!.write('g');
		await term!.waitFor(() => /\[1\/\d+\]$/.test(paneLines()[0]));
		expect(paneLines()[1]).toBe('1');
		term!.write('q');
		await term!.waitFor(() => !statusLine(term!).includes('COPY'));
		const stopped = await app.cli(['kill-server', '--force']);
		expect(stopped.code).toBe(0);
		await noServer();
		const lines = (await logOf(slug)).stdout.split('\n');
		expect(lines).toContain('3000');
		const separator = lines.findIndex(line => /── restarted .* ──/.test(line));
		expect(separator).toBeGreaterThan(lines.indexOf('3000'));
		expect(lines.indexOf('after-42-restart')).toBeGreaterThan(separator);
		await reopen();
		await term!.waitFor(() => paneLines().includes('after-42-restart') && term!.text().includes('stopped'));
	});

	it('shows the bottom of the last screen in a smaller terminal', async () => {
		term?.kill();
		term = app.start({cols: 60, rows: 12});
		await term.waitFor(() => statusLine(term!).includes('GRID'));
		const rect = tile({x: 0, y: 0, width: 60, height: 11}, 1)[0].inner;
		const lines = () => term!.lines().slice(rect.y, rect.y + rect.height).map(line => line.slice(rect.x, rect.x + rect.width).trimEnd());
		await term.waitFor(() => lines().includes('after-42-restart'));
	});

	it('prints colours with --ansi', async () => {
		const printed = await logOf(slug, '--ansi');
		expect(printed.code).toBe(0);
		expect(printed.stdout).toContain('after-42-restart');
		expect(printed.stdout).toContain('\u001B[0m');
	});

	it('refuses an unknown session in one line', async () => {
		const printed = await logOf('no-such-session');
		expect(printed.code).toBe(1);
		expect(printed.stderr).toBe('agentgrid: No session named no-such-session.\n');
		const help = await app.cli(['log', '--help']);
		expect(help.code).toBe(0);
		expect(help.stdout).toContain('agentgrid log <name> [--ansi]');
	});

	it('removes the log with the session', async () => {
		term?.kill();
		term = undefined;
		const removed = await app.cli(['rm', slug, '--discard']);
		expect(removed.code).toBe(0);
		const historyDir = path.join(app.repo.root, '.git', 'agentgrid', 'history');
		expect((await readdir(historyDir)).filter(file => file.startsWith(slug))).toEqual([]);
		expect((await logOf(slug)).code).toBe(1);
	});

	it('stays within its size under a flood of output, and survives kill -9 in the middle of it', async () => {
		term = app.start({cols, rows});
		await spawnSession(term, 'while :; do seq 1 2000; done', 'Shell');
		term.write('while :; do seq 1 2000; done\r');
		const listed = JSON.parse((await app.cli(['ls', '--json'])).stdout) as Array<{slug: string}>;
		const flood = listed.find(session => session.slug.startsWith('while'))!.slug;
		const historyDir = path.join(app.repo.root, '.git', 'agentgrid', 'history');
		const sizes = async () => (await Promise.all(['', '.1'].map(async suffix => (await stat(path.join(historyDir, `${flood}.log${suffix}`)).catch(() => ({size: 0}))).size)));
		// Rotated at least once, and still writing.
		await until(async () => (await sizes())[1] > 0, 'the log to rotate', 30_000);
		const [pid] = await serverPids(app.env.AGENTGRID_SOCKET_DIR);
		process.kill(pid, 'SIGKILL');
		await noServer();
		const [current, previous] = await sizes();
		expect(current + previous).toBeLessThanOrEqual(0.25 * 1024 * 1024 + 64 * 1024);
		const printed = await logOf(flood);
		expect(printed.code).toBe(0);
		const numbers = printed.stdout.split('\n').filter(line => /^\d+$/.test(line));
		expect(numbers.length).toBeGreaterThan(1000);
		await reopen();
		await term.waitFor(() => term!.text().includes('stopped') && paneLines().filter(line => /^\d+$/.test(line)).length > 10);
	});
});
