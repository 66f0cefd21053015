/**
 * A process gives back what a burst of work grew once it is quiet. The promises, each in a real Node process with
 * real garbage (the collection it runs is V8's own, as --expose-gc gives it):
 * - after a burst, one collection runs once nothing has been collected and no key pressed for the quiet time, and it
 *   gives back most of the heap (the young generation shrinks);
 * - keystrokes hold it off: a user who is typing never waits on it;
 * - an idle process runs no timer for it, and a little work (a clock tick, one echo) does not set off another: only
 *   new growth does;
 * - an agent that prints a little all the time (small collections that never leave a quiet time) delays it by at
 *   most the patience, not forever;
 * - without --no-memory-reducer it stays out of the way (V8's own memory reducer then does the work);
 * - it takes V8's collector without starting the process with --expose-gc, so Node's own modules still load from
 *   their code cache, and the program's global never gets a gc function.
 */
import {spawn} from 'node:child_process';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';

const moduleUrl = new URL('../../source/core/idle-reclaim.ts', import.meta.url).href;

async function runChild(script: string, flags: string[]): Promise<Array<Record<string, unknown>>> {
	return (await runChildWithStderr(script, flags)).reports;
}

function runChildWithStderr(script: string, flags: string[], env: Record<string, string> = {}): Promise<{reports: Array<Record<string, unknown>>; stderr: string}> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [...flags, '--import', 'tsx', '--input-type=module', '-e', script], {
			cwd: fileURLToPath(new URL('../..', import.meta.url)),
			env: {...process.env, ...env},
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let out = '';
		let err = '';
		child.stdout.on('data', chunk => (out += chunk));
		child.stderr.on('data', chunk => (err += chunk));
		child.on('close', code => {
			if (code !== 0) reject(new Error(`child exited ${code}: ${err}`));
			else resolve({reports: out.trim().split('\n').map(line => JSON.parse(line) as Record<string, unknown>), stderr: err});
		});
	});
}

const prelude = `
import v8 from 'node:v8';
import {PerformanceObserver} from 'node:perf_hooks';
const {startIdleReclaim} = await import(${JSON.stringify(moduleUrl)});
const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));
const burst = () => { let keep = []; for (let i = 0; i < 600000; i++) { keep.push({i, text: 'line ' + i}); if (keep.length > 200000) keep = []; } };
// Short-lived garbage until at least one young collection has run: the cost of a clock tick or an echo.
const smallWork = async () => {
	let collected = 0;
	const watcher = new PerformanceObserver(list => (collected += list.getEntries().length));
	watcher.observe({entryTypes: ['gc']});
	for (let round = 0; round < 20 && collected === 0; round++) { let small = []; for (let i = 0; i < 30000; i++) small.push({i}); small = null; await sleep(20); }
	watcher.disconnect();
	return collected;
};
`;

const burstThenWatch = `${prelude}
const reclaim = startIdleReclaim({quietMs: 1000});
const report = (label, extra = {}) => console.log(JSON.stringify({label, ...(reclaim?.stats() ?? {missing: true}), ...extra,
	timers: process.getActiveResourcesInfo().filter(kind => kind === 'Timeout').length}));
report('start');
if (reclaim) {
	burst();
	report('burst');
	// A keystroke every 100 ms for 3 s: three times the quiet time, so only the keys hold the collection off.
	for (let i = 0; i < 30; i++) { reclaim.noteInput(); await sleep(100); }
	report('typing');
	await sleep(2500);
	report('quiet');
	report('small work', {collections: await smallWork()});
	await sleep(2500);
	report('idle');
	burst();
	await sleep(2500);
	report('second burst');
	reclaim.stop();
}
`;

const trickle = `${prelude}
const reclaim = startIdleReclaim({quietMs: 3000, patienceMs: 5000});
burst();
const started = Date.now();
// A young collection about every quarter second, for up to 15 s: far from ever 3 quiet seconds.
while (Date.now() - started < 15000 && reclaim.stats().count === 0) { await smallWork(); await sleep(200); }
console.log(JSON.stringify({label: 'trickle', ...reclaim.stats(), afterMs: Date.now() - started}));
reclaim.stop();
`;

describe('giving memory back when the process goes quiet', () => {
	it('collects once after a burst, not while keys arrive, runs no timer while idle, and again after the next burst', async () => {
		const reports = await runChild(burstThenWatch, ['--no-memory-reducer']);
		const at = (label: string) => reports.find(report => report.label === label)!;
		expect(at('burst').count).toBe(0);
		// Typing went on for longer than the quiet time: no collection yet.
		expect(at('typing').count).toBe(0);
		const quiet = at('quiet');
		expect(quiet.count).toBe(1);
		// The young generation the burst grew is given back, not only old garbage: most of the heap goes.
		expect(quiet.after as number).toBeLessThan((quiet.before as number) / 2);
		// Nothing left waiting on a timer, and no second collection for work that grew nothing.
		expect(quiet.timers).toBe(0);
		expect(at('small work').collections).toBeGreaterThan(0);
		expect(at('idle').count).toBe(1);
		expect(at('idle').timers).toBe(0);
		expect(at('second burst').count).toBe(2);
	}, 60_000);

	it('collects growth that small collections keep from ever being quiet, once it has waited the patience', async () => {
		const [report] = await runChild(trickle, ['--no-memory-reducer']);
		expect(report).toMatchObject({label: 'trickle', count: 1});
		expect(report!.afterMs as number).toBeGreaterThanOrEqual(5000);
	}, 60_000);

	it('stays off in a process started without --no-memory-reducer', async () => {
		const reports = await runChild(burstThenWatch, []);
		expect(reports).toEqual([expect.objectContaining({label: 'start', missing: true, timers: 0})]);
	}, 30_000);

	it('starts in worker threads told the reducer is off, not in others, while the main thread starts its own', async () => {
		// Each thread turns the process's flag on and off as it takes its collector: many at once, many times, every
		// one gets its collector (the git thread and the server start theirs together).
		const script = `${prelude}
import {Worker} from 'node:worker_threads';
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {createRequire} from 'node:module';
import {pathToFileURL} from 'node:url';
const dir = await mkdtemp(path.join(os.tmpdir(), 'agentgrid-reclaim-'));
// A worker started from a TypeScript file, as git-thread.ts starts its thread from sources.
const file = path.join(dir, 'take.mts');
await writeFile(file, \`import {parentPort} from 'node:worker_threads';
const {startIdleReclaim} = await import(\${JSON.stringify(${JSON.stringify(moduleUrl)})});
let running = 0;
for (let i = 0; i < 200; i++) { const reclaim = startIdleReclaim(); if (reclaim) { running++; reclaim.stop(); } }
parentPort.postMessage(running);\`);
const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const inWorker = told => new Promise((resolve, reject) => {
	const worker = new Worker(file, {execArgv: ['--import', tsx], workerData: told ? {memoryReducerOff: true} : undefined});
	worker.once('message', running => { resolve(running); void worker.terminate(); });
	worker.once('error', reject);
});
const workers = Promise.all([inWorker(true), inWorker(true), inWorker(true), inWorker(false)]);
let main = 0;
for (let i = 0; i < 200; i++) { const reclaim = startIdleReclaim(); if (reclaim) { main++; reclaim.stop(); } await sleep(1); }
const running = await workers;
await rm(dir, {recursive: true, force: true});
console.log(JSON.stringify({main, workers: running}));`;
		const [report] = await runChild(script, ['--no-memory-reducer']);
		expect(report).toEqual({main: 200, workers: [200, 200, 200, 0]});
	}, 60_000);

	it('leaves Node\'s own modules loading from their code cache, and no gc on the global', async () => {
		// zlib is loaded only after the reclaim has taken the collector; Node says whether its code cache was taken.
		const script = `${prelude}
const reclaim = startIdleReclaim();
await import('node:zlib');
console.log(JSON.stringify({running: reclaim !== undefined, globalGc: typeof globalThis.gc}));
reclaim?.stop();`;
		const {reports, stderr} = await runChildWithStderr(script, ['--no-memory-reducer'], {NODE_DEBUG_NATIVE: 'CODE_CACHE'});
		expect(reports).toEqual([{running: true, globalGc: 'undefined'}]);
		expect(stderr).toMatch(/Code cache of zlib \S* ?is accepted/u);
		expect(stderr).not.toMatch(/is rejected/u);
	}, 30_000);
});
