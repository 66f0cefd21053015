/**
 * Gives back the memory a burst of work grew (a flood of agent output, an attach, a radar pass) once the process has
 * gone quiet, in one collection. Left to V8, its memory reducer did the same 30 to 60 s later on a measured idle
 * server (a tenth of a second of CPU while the machine was otherwise idle), and again whenever its watchdog said so.
 * The server and its git thread each run one, in place of V8's memory reducer, which the client turns off when it
 * starts the server (`--no-memory-reducer`).
 *
 * Quiet means no garbage collection and no keystroke for `quietMs`: a burst that allocates collects garbage, and a
 * user who is typing would feel the pause. An agent that prints a little all the time keeps the process from ever
 * being quiet, so growth that has waited `patienceMs` is collected at the first pause in typing. An idle process
 * runs no timer.
 */
import {PerformanceObserver, performance} from 'node:perf_hooks';
import v8 from 'node:v8';
import vm from 'node:vm';
import {memoryReducerOff} from './memory-reducer.js';

/** V8's collector as `--expose-gc` gives it; the last-resort flavour is the one that also shrinks the young generation. */
type Collect = (options: {type: 'major'; execution: 'sync'; flavor: 'last-resort'}) => void;

/**
 * The collector `--expose-gc` would put on globalThis, taken without starting the process with that flag: the flag
 * changes the hash that code caches are checked against, so Node's own modules (net, streams, workers) would all
 * compile from source instead of from the code Node ships. The flag is on only while one context is made with the
 * collector in it, whose function is kept; the process's own global never has it.
 *
 * The flag is the process's: the git thread, taking its own collector as the server starts, can turn it off between
 * this thread's turning it on and making the context, which then has no collector. That is tried again (a thread
 * takes its collector once, so a few tries are enough); should it never work, the process runs without the reclaim.
 */
function exposedCollector(): Collect | undefined {
	for (let attempt = 0; attempt < 100; attempt++) {
		v8.setFlagsFromString('--expose-gc');
		try {
			const collect = vm.runInNewContext('typeof gc === "function" ? gc : undefined') as Collect | undefined;
			if (collect !== undefined) return collect;
		} finally {
			v8.setFlagsFromString('--no-expose-gc');
		}
	}
	return undefined;
}

export interface ReclaimStats {
	count: number;
	/** The heap's committed size before and after the latest collection, and how long it paused the process. */
	before: number;
	after: number;
	ms: number;
}

export interface IdleReclaimOptions {
	quietMs?: number;
	/** A full collection pauses the process for tens of milliseconds: worth it only for this much growth. */
	minGrowth?: number;
	patienceMs?: number;
}

export interface IdleReclaim {
	/** A keystroke: the user is here, and a pause now would be felt. */
	noteInput(): void;
	stats(): ReclaimStats;
	stop(): void;
}

const defaults = {quietMs: 5000, minGrowth: 4 * 1024 * 1024, patienceMs: 60_000};

/** Starts watching, or returns undefined where V8's own memory reducer runs (see memoryReducerOff). */
export function startIdleReclaim(options: IdleReclaimOptions = {}): IdleReclaim | undefined {
	const collect = memoryReducerOff() ? exposedCollector() : undefined;
	if (collect === undefined) return undefined;
	const {quietMs, minGrowth, patienceMs} = {...defaults, ...options};
	const stats: ReclaimStats = {count: 0, before: 0, after: 0, ms: 0};
	let lastGc = performance.now();
	let lastKey = Number.NEGATIVE_INFINITY;
	let grownSince: number | undefined;
	// Our own collection reaches the observer too, after it returns; it is not activity.
	let own = {from: 0, until: 0};
	let baseline = committed();
	let timer: NodeJS.Timeout | undefined;
	let stopped = false;

	const check = () => {
		timer = undefined;
		const now = performance.now();
		const size = committed();
		if (size - baseline < minGrowth) {
			// V8 may have shrunk the heap itself: growth counts from the lowest size seen.
			baseline = Math.min(baseline, size);
			grownSince = undefined;
			return;
		}
		grownSince ??= now;
		const quietIn = quietMs - (now - Math.max(lastGc, lastKey));
		const overdueIn = Math.max(grownSince + patienceMs - now, quietMs - (now - lastKey));
		if (quietIn > 0 && overdueIn > 0) {
			arm(Math.min(quietIn, overdueIn));
			return;
		}
		own = {from: performance.now(), until: 0};
		collect({type: 'major', execution: 'sync', flavor: 'last-resort'});
		own.until = performance.now();
		baseline = committed();
		grownSince = undefined;
		Object.assign(stats, {count: stats.count + 1, before: size, after: baseline, ms: own.until - own.from});
	};
	const arm = (ms: number) => {
		if (!stopped) timer ??= setTimeout(check, ms);
	};
	const observer = new PerformanceObserver(list => {
		for (const entry of list.getEntries()) {
			if (entry.startTime >= own.from && entry.startTime <= own.until) continue;
			lastGc = Math.max(lastGc, entry.startTime + entry.duration);
			arm(quietMs);
		}
	});
	observer.observe({entryTypes: ['gc']});
	return {
		noteInput() {
			lastKey = performance.now();
			arm(quietMs);
		},
		stats: () => ({...stats}),
		stop() {
			stopped = true;
			observer.disconnect();
			clearTimeout(timer);
			timer = undefined;
		},
	};
}

/** The heap's size as the system sees it, young generation included. */
function committed(): number {
	return v8.getHeapStatistics().total_heap_size;
}
