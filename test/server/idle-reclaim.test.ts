/**
 * The server gives back what a burst of work grew once it is quiet. The promises, each in a real Node process with
 * real garbage (the collection it runs is V8's own, only reachable with --expose-gc):
 * - after a burst, one collection runs once nothing has been collected and no key pressed for the quiet time, and the
 *   heap is smaller after it;
 * - keystrokes hold it off: a user who is typing never waits on it;
 * - an idle server runs no timer for it, and a little work (a clock tick, one echo) does not set off another: only
 *   new growth does;
 * - without --expose-gc it stays out of the way (V8's own memory reducer then does the work).
 */
import {spawn} from 'node:child_process';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';

const moduleUrl = new URL('../../source/server/idle-reclaim.ts', import.meta.url).href;

function runChild(script: string, flags: string[]): Promise<Array<Record<string, unknown>>> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [...flags, '--import', 'tsx', '--input-type=module', '-e', script], {
			cwd: fileURLToPath(new URL('../..', import.meta.url)),
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let out = '';
		let err = '';
		child.stdout.on('data', chunk => (out += chunk));
		child.stderr.on('data', chunk => (err += chunk));
		child.on('close', code => {
			if (code !== 0) reject(new Error(`child exited ${code}: ${err}`));
			else resolve(out.trim().split('\n').map(line => JSON.parse(line) as Record<string, unknown>));
		});
	});
}

const burstThenWatch = `
import v8 from 'node:v8';
const {startIdleReclaim} = await import(${JSON.stringify(moduleUrl)});
const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));
const reclaim = startIdleReclaim({quietMs: 400});
const report = label => console.log(JSON.stringify({label, ...(reclaim?.stats() ?? {missing: true}), committed: v8.getHeapStatistics().total_heap_size,
	timers: process.getActiveResourcesInfo().filter(kind => kind === 'Timeout').length}));
const burst = () => { let keep = []; for (let i = 0; i < 600000; i++) { keep.push({i, text: 'line ' + i}); if (keep.length > 200000) keep = []; } };
report('start');
if (reclaim) {
	burst();
	report('burst');
	// A keystroke every 100 ms for 1.5 s: longer than the quiet time, so only the keys hold the collection off.
	for (let i = 0; i < 15; i++) { reclaim.noteInput(); await sleep(100); }
	report('typing');
	await sleep(900);
	report('quiet');
	// A little work (the clock in the titles, one keystroke's echo): a young collection or two, hardly any growth.
	const gcs = [];
	const {PerformanceObserver} = await import('node:perf_hooks');
	const watcher = new PerformanceObserver(list => gcs.push(...list.getEntries()));
	watcher.observe({entryTypes: ['gc']});
	for (let round = 0; round < 3 && gcs.length === 0; round++) { let small = []; for (let i = 0; i < 30000; i++) small.push({i}); small = null; await sleep(20); }
	await sleep(900);
	watcher.disconnect();
	console.log(JSON.stringify({label: 'small work', collections: gcs.length}));
	report('idle');
	burst();
	await sleep(1300);
	report('second burst');
	reclaim.stop();
}
`;

describe('giving memory back when the server goes quiet', () => {
	it('collects once after a burst, not while keys arrive, runs no timer while idle, and again after the next burst', async () => {
		const reports = await runChild(burstThenWatch, ['--expose-gc', '--no-memory-reducer']);
		const at = (label: string) => reports.find(report => report.label === label)!;
		expect(at('burst').count).toBe(0);
		// Typing went on for longer than the quiet time: no collection yet.
		expect(at('typing').count).toBe(0);
		const quiet = at('quiet');
		expect(quiet.count).toBe(1);
		expect(quiet.after as number).toBeLessThan(quiet.before as number);
		expect(quiet.committed as number).toBeLessThan(at('burst').committed as number);
		// Nothing left waiting on a timer, and no second collection without new growth.
		expect(quiet.timers).toBe(0);
		// Small work collects garbage but grows nothing worth a full collection.
		expect(at('small work').collections).toBeGreaterThan(0);
		expect(at('idle').count).toBe(1);
		expect(at('idle').timers).toBe(0);
		expect(at('second burst').count).toBe(2);
	}, 30_000);

	it('stays off in a process started without --expose-gc', async () => {
		const reports = await runChild(burstThenWatch, []);
		expect(reports).toEqual([expect.objectContaining({label: 'start', missing: true, timers: 0})]);
	}, 30_000);
});
