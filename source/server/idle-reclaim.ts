/**
 * Gives back the memory a burst of work grew (a flood of agent output, an attach, a radar pass) once the server has
 * gone quiet, in one collection. Left to V8, its memory reducer does the same 30 to 60 s later (a tenth of a second of
 * CPU while the machine is otherwise idle), and then again whenever its watchdog says so.
 *
 * Quiet means no garbage collection and no keystroke for `quietMs`: a burst that allocates collects garbage, and a
 * user who is typing would feel the pause. An idle server runs no timer.
 */
import {PerformanceObserver, performance} from 'node:perf_hooks';
import v8 from 'node:v8';

/** What `--expose-gc` puts on globalThis; the last-resort flavour is the one that also shrinks the young generation. */
type Collect = (options: {type: 'major'; execution: 'sync'; flavor: 'last-resort'}) => void;

export interface ReclaimStats {
	count: number;
	/** The heap's committed size before and after the latest collection, and how long it paused the server. */
	before: number;
	after: number;
	ms: number;
}

export interface IdleReclaimOptions {
	quietMs?: number;
	/** Collect only when the heap has grown at least this much since the last collection. */
	minGrowth?: number;
}

export interface IdleReclaim {
	/** A keystroke: the user is here, and a pause now would be felt. */
	noteInput(): void;
	stats(): ReclaimStats;
	stop(): void;
}

const defaultQuietMs = 5000;
const defaultMinGrowth = 4 * 1024 * 1024;

/** Starts watching, or returns undefined when this process was started without `--expose-gc`. */
export function startIdleReclaim(options: IdleReclaimOptions = {}): IdleReclaim | undefined {
	const collect = (globalThis as {gc?: Collect}).gc;
	if (typeof collect !== 'function') return undefined;
	const quietMs = options.quietMs ?? defaultQuietMs;
	const minGrowth = options.minGrowth ?? defaultMinGrowth;
	const stats: ReclaimStats = {count: 0, before: 0, after: 0, ms: 0};
	let lastActive = performance.now();
	// Our own collection reaches the observer too, after it returns; it is not activity.
	let ownUntil = 0;
	let baseline = committed();
	let timer: NodeJS.Timeout | undefined;

	const check = () => {
		timer = undefined;
		const quietFor = performance.now() - lastActive;
		if (quietFor < quietMs) {
			arm(quietMs - quietFor);
			return;
		}
		const before = committed();
		if (before - baseline < minGrowth) return;
		const started = performance.now();
		collect({type: 'major', execution: 'sync', flavor: 'last-resort'});
		ownUntil = performance.now();
		baseline = committed();
		Object.assign(stats, {count: stats.count + 1, before, after: baseline, ms: ownUntil - started});
	};
	const arm = (ms: number) => {
		timer ??= setTimeout(check, ms);
	};
	const active = (at: number) => {
		if (at <= ownUntil) return;
		lastActive = Math.max(lastActive, at);
		arm(quietMs);
	};
	const observer = new PerformanceObserver(list => {
		for (const entry of list.getEntries()) active(entry.startTime + entry.duration);
	});
	observer.observe({entryTypes: ['gc']});
	return {
		noteInput: () => active(performance.now()),
		stats: () => ({...stats}),
		stop() {
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
