/**
 * Idle: eight shell sessions sitting at their prompt. After they settle, the CPU agentgrid's process spends on them
 * over 10 s, net of what the same process spends with no sessions (target <= 0.05 % of one core), and the memory each session costs: our side (RSS growth of this process
 * per session) and the shell's own RSS.
 */
import {readFile} from 'node:fs/promises';
import os from 'node:os';
import {Session} from '../source/core/session/session.js';

const sessionCount = 8;
const settleMs = 3000;
const measureMs = 10_000;

export async function run(): Promise<void> {
	const shell = process.env.SHELL !== undefined && process.env.SHELL !== '' ? process.env.SHELL : '/bin/sh';
	// What this process spends doing nothing (runtime, loader threads), measured the same way, to subtract.
	await new Promise(resolve => setTimeout(resolve, 1000));
	const baseline = await cpuOver(measureMs);
	globalThis.gc?.();
	const rssBefore = process.memoryUsage().rss;
	const sessions: Session[] = [];
	for (let index = 0; index < sessionCount; index++) {
		sessions.push(await Session.start({file: shell, args: [], cwd: os.homedir(), env: process.env, cols: 100, rows: 30}));
	}

	try {
		const settleDeadline = Date.now() + 15_000;
		while (sessions.some(session => session.status.kind === 'starting') && Date.now() < settleDeadline) {
			await new Promise(resolve => setTimeout(resolve, 100));
		}

		await new Promise(resolve => setTimeout(resolve, settleMs));
		globalThis.gc?.();
		const ourRss = (process.memoryUsage().rss - rssBefore) / sessionCount;
		const shellRss = (await Promise.all(sessions.map(async session => rssOf(session.pid)))).reduce((a, b) => a + b, 0) / sessionCount;
		const statuses = sessions.map(session => session.status.kind).join(',');
		const measured = await cpuOver(measureMs);
		const netMs = Math.max(0, measured.cpuMs - baseline.cpuMs);
		console.log(`shell: ${shell}; statuses after settling: ${statuses}`);
		console.log(`  process with no sessions: ${baseline.cpuMs.toFixed(1)} CPU-ms over ${(baseline.elapsedMs / 1000).toFixed(1)} s`);
		console.log(`  with ${sessionCount} idle sessions: ${measured.cpuMs.toFixed(1)} CPU-ms over ${(measured.elapsedMs / 1000).toFixed(1)} s; `
			+ `sessions' share ${netMs.toFixed(1)} ms = ${(netMs / measured.elapsedMs * 100).toFixed(3)} % of one core (target <= 0.05 %)`);
		console.log(`  RSS per session: ${mb(ourRss)} MB in agentgrid's process (terminal, buffers), ${mb(shellRss)} MB for the shell`);
	} finally {
		await Promise.all(sessions.map(async session => session.dispose()));
	}
}

async function cpuOver(ms: number): Promise<{cpuMs: number; elapsedMs: number}> {
	const startCpu = process.cpuUsage();
	const started = performance.now();
	await new Promise(resolve => setTimeout(resolve, ms));
	const cpu = process.cpuUsage(startCpu);
	return {cpuMs: (cpu.user + cpu.system) / 1000, elapsedMs: performance.now() - started};
}

function mb(bytes: number): string {
	return (bytes / 1024 / 1024).toFixed(2);
}

async function rssOf(pid: number): Promise<number> {
	try {
		const status = await readFile(`/proc/${pid}/status`, 'utf8');
		const kb = /VmRSS:\s+(\d+)/.exec(status)?.[1];
		return kb === undefined ? 0 : Number(kb) * 1024;
	} catch {
		return 0;
	}
}
