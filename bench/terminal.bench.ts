/**
 * Terminal answers and pane start, against tmux on the same machine:
 * - query-answer latency in process (query chunk handed to the pane's terminal -> answer written), and a program asks DA1 400 times in a row and times each round trip (query written to answer
 *   read, both pty crossings included), in an agentgrid pane terminal and in a tmux pane;
 * - pane start: from asking for a pane running a command to its first output on the pane's screen (agentgrid: a
 *   session's pty and terminal; tmux: new-window, its screen polled with capture-pane every 2 ms).
 */
import {execFile} from 'node:child_process';
import {mkdtemp, readFile, rm} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {promisify} from 'node:util';
import {Session} from '../source/core/session/session.js';
import {HeadlessTerminal} from '../source/core/terminal/headless-terminal.js';

const exec = promisify(execFile);
const here = path.dirname(fileURLToPath(import.meta.url));
const ping = path.join(here, 'grid/query-ping.mjs');
const starts = 15;

function percentile(values: number[], p: number): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function line(label: string, values: number[]): string {
	return `  ${label.padEnd(34)} p50 ${percentile(values, 50).toFixed(3)} ms  p99 ${percentile(values, 99).toFixed(3)} ms  max ${Math.max(...values).toFixed(3)} ms  (n=${values.length})`;
}

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 20_000, stepMs = 2): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!(await check())) {
		if (Date.now() > deadline) throw new Error('timed out');
		await new Promise(resolve => setTimeout(resolve, stepMs));
	}
}

async function haveTmux(): Promise<boolean> {
	return exec('tmux', ['-V']).then(() => true, () => false);
}

export async function run(): Promise<void> {
	const dir = await mkdtemp(path.join(os.tmpdir(), 'agentgrid-bench-terminal-'));
	const tmuxSocket = `agentgrid-bench-${process.pid}`;
	const tmux = (...args: string[]) => exec('tmux', ['-L', tmuxSocket, '-f', '/dev/null', ...args]);
	const withTmux = await haveTmux();
	try {
		console.log('query-answer latency (DA1 round trip as the program sees it):');
		// Our own share: from a chunk holding the query handed to the pane's terminal to its answer (same call).
		const terminal = new HeadlessTerminal({cols: 80, rows: 24});
		let answeredAt = 0;
		terminal.onResponse(() => (answeredAt = performance.now()));
		const inProcess: number[] = [];
		for (let i = 0; i < 2000; i++) {
			if (i % 50 === 0) await new Promise(resolve => setImmediate(resolve));
			const written = performance.now();
			terminal.write(`output line ${i}\r\n\u001B[c`);
			inProcess.push(answeredAt - written);
		}
		terminal.dispose();
		console.log(line('in process: query read -> answer', inProcess));
		const ours = path.join(dir, 'ours.json');
		const session = await Session.start({file: process.execPath, args: [ping, ours], cwd: dir, env: process.env, cols: 80, rows: 24});
		await new Promise<void>(resolve => session.onExit(() => resolve()));
		await session.dispose();
		console.log(line('agentgrid pane', JSON.parse(await readFile(ours, 'utf8')) as number[]));
		if (withTmux) {
			const theirs = path.join(dir, 'tmux.json');
			await tmux('new-session', '-d', '-x', '80', '-y', '24', process.execPath, ping, theirs);
			await until(() => readFile(theirs, 'utf8').then(() => true, () => false), 60_000, 50);
			console.log(line('tmux pane', JSON.parse(await readFile(theirs, 'utf8')) as number[]));
			await tmux('kill-server').catch(() => {});
		} else console.log('  tmux: not installed, no comparison');

		console.log('pane start (command asked for -> its first output on the pane\'s screen):');
		const command = ['/bin/sh', '-c', 'echo pane-ready; sleep 30'];
		const oursStart: number[] = [];
		for (let i = 0; i < starts; i++) {
			const started = performance.now();
			const pane = await Session.start({file: command[0], args: command.slice(1), cwd: dir, env: process.env, cols: 80, rows: 24});
			await until(() => pane.terminal.screenText().some(row => row.includes('pane-ready')), 20_000, 0);
			oursStart.push(performance.now() - started);
			await pane.dispose();
		}
		console.log(line('agentgrid session', oursStart));
		if (withTmux) {
			await tmux('new-session', '-d', '-x', '80', '-y', '24', 'sleep', '600');
			const theirsStart: number[] = [];
			for (let i = 0; i < starts; i++) {
				const started = performance.now();
				const {stdout} = await tmux('new-window', '-P', '-F', '#{pane_id}', ...command);
				const id = stdout.trim();
				await until(async () => (await tmux('capture-pane', '-p', '-t', id)).stdout.includes('pane-ready'), 20_000, 2);
				theirsStart.push(performance.now() - started);
				await tmux('kill-pane', '-t', id);
			}
			console.log(line('tmux new-window', theirsStart));
			console.log(`  ratio agentgrid/tmux (p50): ${(percentile(oursStart, 50) / percentile(theirsStart, 50)).toFixed(2)}`);
		}
	} finally {
		await tmux('kill-server').catch(() => {});
		await rm(dir, {recursive: true, force: true});
	}
}
