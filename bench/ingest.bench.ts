/**
 * Ingest: one and four panes each `cat` a generated coloured text file (100 MB by default, AGENTGRID_BENCH_MB to
 * change) through pty + headless terminal + flow control, side by side with tmux in the same run (a tmux server with
 * the same panes and an attached client whose output is read and dropped). Prints MB/s and CPU-ms per MB, and the
 * ratios agentgrid/tmux. `cat` itself is not counted on either side. Then one pane again with the session's output
 * log on (8 MB, rotating): what logging costs the ingest path in throughput, CPU and event-loop delay, and the log
 * alone (its CPU per MB and how long a read waits on it). AGENTGRID_BENCH_LOG_ONLY=1 skips the tmux comparison.
 */
import {execFile} from 'node:child_process';
import {createWriteStream} from 'node:fs';
import {mkdtemp, readFile, rm} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {once} from 'node:events';
import {monitorEventLoopDelay} from 'node:perf_hooks';
import {promisify} from 'node:util';
import nodePty from '@lydell/node-pty';
import {logPaths} from '../source/core/history/log-files.js';
import {OutputLog} from '../source/core/history/output-log.js';
import {Session} from '../source/core/session/session.js';

const exec = promisify(execFile);
const megabytes = Number(process.env.AGENTGRID_BENCH_MB ?? 100);
/** Linux reports process times in clock ticks of 1/100 s on every common configuration. */
const ticksPerSecond = 100;

interface Measure {
	seconds: number;
	cpuMs: number;
	/** Longest and 99th percentile event-loop delay while it ran (ms). */
	delayMaxMs?: number;
	delayP99Ms?: number;
}

export async function run(): Promise<void> {
	const dir = await mkdtemp(path.join(os.tmpdir(), 'agentgrid-ingest-'));
	try {
		const file = path.join(dir, 'colored.txt');
		const bytes = await generateFile(file, megabytes * 1024 * 1024);
		const haveTmux = await exec('tmux', ['-V']).then(() => true, () => false);
		console.log(`file: ${(bytes / 1024 / 1024).toFixed(0)} MB of SGR-coloured text; tmux ${haveTmux ? 'found' : 'NOT found (apt-get install -y tmux)'}`);
		for (const panes of process.env.AGENTGRID_BENCH_LOG_ONLY ? [] : [1, 4]) {
			const ours = await runAgentgrid(file, panes);
			report(`agentgrid ${panes} pane(s)`, ours, bytes * panes);
			if (haveTmux) {
				const theirs = await runTmux(file, panes, dir);
				report(`tmux      ${panes} pane(s)`, theirs, bytes * panes);
				const ourRate = bytes * panes / ours.seconds;
				const theirRate = bytes * panes / theirs.seconds;
				console.log(`  ratio ${panes} pane(s): throughput ${(ourRate / theirRate).toFixed(2)}x tmux (target >= 2), `
					+ `CPU per MB ${(ours.cpuMs / theirs.cpuMs).toFixed(2)}x tmux (target <= 0.6)`);
			}
		}
		const plain = await runAgentgrid(file, 1);
		const logged = await runAgentgrid(file, 1, dir);
		report('agentgrid 1 pane, no log  ', plain, bytes);
		report('agentgrid 1 pane, 8 MB log', logged, bytes);
		console.log(`  with the log: throughput ${(plain.seconds / logged.seconds).toFixed(2)}x, CPU ${(logged.cpuMs / plain.cpuMs).toFixed(2)}x of the run without it (noisy on a busy machine)`);
		await logAlone(file, dir, bytes);
	} finally {
		await rm(dir, {recursive: true, force: true});
	}
}

function report(label: string, measure: Measure, bytes: number): void {
	const mb = bytes / 1024 / 1024;
	const delay = measure.delayMaxMs === undefined ? '' : `, event-loop delay p99 ${measure.delayP99Ms!.toFixed(1)} ms, max ${measure.delayMaxMs.toFixed(1)} ms`;
	console.log(`  ${label}: ${(mb / measure.seconds).toFixed(1)} MB/s, ${(measure.cpuMs / mb).toFixed(2)} CPU-ms/MB `
		+ `(${measure.seconds.toFixed(2)} s, ${measure.cpuMs.toFixed(0)} CPU-ms${delay})`);
}

async function generateFile(file: string, size: number): Promise<number> {
	const stream = createWriteStream(file);
	const words = ['const', 'value', 'return', 'function', 'import', 'export', 'await', 'async', 'if', 'else'];
	let written = 0;
	let line = 0;
	while (written < size) {
		const parts: string[] = [];
		for (let i = 0; i < 2000; i++, line++) {
			const colour = 16 + (line * 7) % 216;
			const word = words[line % words.length]!;
			parts.push(`\x1b[38;5;${colour}m${String(line).padStart(8)}\x1b[0m \x1b[1m${word}\x1b[22m `
				+ `\x1b[38;2;${line % 256};${(line * 3) % 256};200m${'lorem ipsum dolor sit amet '.repeat(2)}\x1b[0m ${word}\n`);
		}

		const chunk = parts.join('');
		written += Buffer.byteLength(chunk);
		if (!stream.write(chunk)) {
			await once(stream, 'drain');
		}
	}

	stream.end();
	await once(stream, 'close');
	return written;
}

/** `logDir`: each session logs its output there (as the server does in the git directory). */
async function runAgentgrid(file: string, panes: number, logDir?: string): Promise<Measure> {
	const [cols, rows] = panes === 1 ? [200, 50] : [100, 25];
	const delay = monitorEventLoopDelay({resolution: 1});
	delay.enable();
	const startCpu = process.cpuUsage();
	const started = performance.now();
	const logs = await Promise.all(Array.from({length: panes}, async (_, index) =>
		logDir === undefined ? undefined : (await OutputLog.open(logPaths(logDir, `pane-${index}`), {maxBytes: 8 * 1024 * 1024})).log));
	const sessions = await Promise.all(logs.map(async log =>
		Session.start({file: 'cat', args: [file], cwd: os.tmpdir(), env: process.env, cols, rows, recorder: log})));
	await Promise.all(sessions.map(async session => new Promise(resolve => session.onExit(resolve))));
	await Promise.all(logs.map(async log => log?.close()));
	const seconds = (performance.now() - started) / 1000;
	const cpu = process.cpuUsage(startCpu);
	delay.disable();
	await Promise.all(sessions.map(async session => session.dispose()));
	return {seconds, cpuMs: (cpu.user + cpu.system) / 1000, delayMaxMs: delay.max / 1e6, delayP99Ms: delay.percentile(99) / 1e6};
}

/** The log on its own, fed the file in pty-sized reads: its CPU per MB, and how long output() holds the read path. */
async function logAlone(file: string, dir: string, bytes: number): Promise<void> {
	const text = await readFile(file, 'utf8');
	const {log} = await OutputLog.open(logPaths(dir, 'alone'), {maxBytes: 8 * 1024 * 1024});
	const startCpu = process.cpuUsage();
	const calls: number[] = [];
	for (let at = 0; at < text.length; at += 4096) {
		const piece = text.slice(at, at + 4096);
		const before = performance.now();
		log.output(piece);
		calls.push(performance.now() - before);
		// Let queued writes go out now and then, as they do between pty reads.
		if (at % (1024 * 1024) === 0) await new Promise(resolve => setImmediate(resolve));
	}
	await log.close();
	const cpu = process.cpuUsage(startCpu);
	const mb = bytes / 1024 / 1024;
	calls.sort((a, b) => a - b);
	const p99 = calls[Math.floor(calls.length * 0.99)]!;
	console.log(`  the log alone: ${((cpu.user + cpu.system) / 1000 / mb).toFixed(2)} CPU-ms/MB (slicing included); output() per 4 KB read: p99 ${(p99 * 1000).toFixed(1)} µs, max ${calls.at(-1)!.toFixed(2)} ms (a max is wall time: a busy machine's preemption and GC land in it)`);
}

async function runTmux(file: string, panes: number, dir: string): Promise<Measure> {
	const socket = `agentgrid-bench-${process.pid}`;
	const tmux = async (...args: string[]) => (await exec('tmux', ['-L', socket, '-f', '/dev/null', ...args])).stdout.trim();
	const pane = (index: number) => `tmux -L ${socket} wait-for go; cat '${file}'; tmux -L ${socket} wait-for -S done${index}`;
	await tmux('new-session', '-d', '-s', 'bench', '-x', '200', '-y', '50', pane(0));
	await tmux('set-option', '-g', 'status', 'off');
	for (let index = 1; index < panes; index++) {
		await tmux('split-window', '-t', 'bench', pane(index));
		await tmux('select-layout', '-t', 'bench', 'tiled');
	}

	const serverPid = Number(await tmux('display-message', '-p', '-t', 'bench', '#{pid}'));
	// The attached client: a real terminal whose output we read and drop, as a user's terminal would draw it.
	const client = nodePty.spawn('tmux', ['-L', socket, '-f', '/dev/null', 'attach', '-t', 'bench'], {
		name: 'xterm-256color', cols: 200, rows: 50, cwd: dir, env: {...process.env, TERM: 'xterm-256color'} as Record<string, string>,
	});
	client.onData(() => {});
	const clientExit = new Promise<void>(resolve => client.onExit(() => resolve()));
	await waitForClient(tmux);
	const before = await Promise.all([processCpuMs(serverPid), processCpuMs(client.pid)]);
	const startCpu = process.cpuUsage();
	const started = performance.now();
	await tmux('wait-for', '-S', 'go');
	await clientExit;
	const seconds = (performance.now() - started) / 1000;
	const own = process.cpuUsage(startCpu);
	// The server has exited with its last pane, so its time is read from the value recorded by the poller.
	const after = [lastServerCpu.get(serverPid) ?? before[0]!, lastClientCpu ?? before[1]!];
	stopPolling();
	const cpuMs = after[0] - before[0]! + (after[1] - before[1]!) + (own.user + own.system) / 1000;
	await tmux('kill-server').catch(() => undefined);
	return {seconds, cpuMs};

	async function waitForClient(command: typeof tmux): Promise<void> {
		for (let attempt = 0; attempt < 200; attempt++) {
			if (Number(await command('display-message', '-p', '-t', 'bench', '#{session_attached}')) > 0) {
				startPolling(serverPid, client.pid);
				return;
			}

			await new Promise(resolve => setTimeout(resolve, 25));
		}

		throw new Error('tmux client never attached');
	}
}

// tmux and its client exit when the last pane closes, taking their /proc entries with them: poll their CPU times
// while they run and keep the last reading.
const lastServerCpu = new Map<number, number>();
let lastClientCpu: number | undefined;
let poller: NodeJS.Timeout | undefined;

function startPolling(serverPid: number, clientPid: number): void {
	lastServerCpu.clear();
	lastClientCpu = undefined;
	poller = setInterval(() => {
		void processCpuMs(serverPid).then(ms => ms !== undefined && lastServerCpu.set(serverPid, ms));
		void processCpuMs(clientPid).then(ms => {
			if (ms !== undefined) {
				lastClientCpu = ms;
			}
		});
	}, 20);
}

function stopPolling(): void {
	clearInterval(poller);
}

async function processCpuMs(pid: number): Promise<number | undefined> {
	try {
		const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		// utime and stime are fields 14 and 15 of the whole line, 12 and 13 after the command name.
		return (Number(fields[11]) + Number(fields[12])) * 1000 / ticksPerSecond;
	} catch {
		return undefined;
	}
}
