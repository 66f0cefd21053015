/**
 * The grid bench's workloads, each run the same way against either side. They return raw figures; the bench prints
 * medians and ratios. Nothing here asserts on time.
 */
import {median, percentile} from './proc.js';
import {sleep, type Side} from './sides.js';

export interface FloodResult {
	seconds: number;
	cpuMs: number;
	bytesOut: number;
	frames: number;
}

/** Every pane cats the flood file at once; time until all are done, then cost until the screen is quiet again. */
export async function flood(side: Side): Promise<FloodResult> {
	const {workspace} = side;
	const [cpu, bytes, frames] = [await side.cpuMs(), side.bytes, side.frames];
	const started = performance.now();
	await (await workspace.sendAll(workspace.ids, 'flood')).done;
	const seconds = (performance.now() - started) / 1000;
	await side.quiet(200);
	return {seconds, cpuMs: await side.cpuMs() - cpu, bytesOut: side.bytes - bytes, frames: side.frames - frames};
}

export interface RateResult {
	cpuPercent: number;
	bytesPerSecond: number;
	framesPerSecond: number;
}

/**
 * Panes stream `bytesPerSecond` each for a few seconds; after a second of warm-up, three windows are measured and
 * the median of each figure kept.
 */
export async function stream(side: Side, ids: string[], bytesPerSecond: number): Promise<RateResult> {
	const windowMs = 2000;
	const windows = 3;
	const {done} = await side.workspace.sendAll(ids, `stream ${bytesPerSecond} ${(1000 + windows * windowMs + 500) / 1000}`);
	await sleep(1000);
	const results = [];
	for (let index = 0; index < windows; index++) results.push(await window(side, windowMs));
	await done;
	await side.quiet(200);
	return {
		cpuPercent: median(results.map(r => r.cpuPercent)),
		bytesPerSecond: median(results.map(r => r.bytesPerSecond)),
		framesPerSecond: median(results.map(r => r.framesPerSecond)),
	};
}

/** CPU and output over `ms` of whatever is going on. */
export async function window(side: Side, ms: number): Promise<RateResult> {
	const [cpu, bytes, frames] = [await side.cpuMs(), side.bytes, side.frames];
	const started = performance.now();
	await sleep(ms);
	const elapsed = performance.now() - started;
	return {
		cpuPercent: (await side.cpuMs() - cpu) / elapsed * 100,
		bytesPerSecond: (side.bytes - bytes) / elapsed * 1000,
		framesPerSecond: (side.frames - frames) / elapsed * 1000,
	};
}

/**
 * Bytes written to the outer terminal for one changed line in one pane: the pane is cleared, then each repetition
 * overwrites the same row with a new text; counted until the text is on the parsed screen and output went quiet.
 * Needs the outer terminal parsing.
 */
export async function oneLineChange(side: Side, repetitions: number): Promise<number[]> {
	const {workspace, outer} = side;
	await (await workspace.send('p1', 'clear')).done;
	await side.quiet(300);
	const bytes = [];
	for (let index = 0; index < repetitions; index++) {
		const text = `changed-line-${index}-${String.fromCharCode(65 + index % 26).repeat(40)}`;
		const before = side.bytes;
		await (await workspace.send('p1', `line 5 ${text}`)).done;
		await outer.waitFor(text, 5000);
		await side.quiet(150);
		bytes.push(side.bytes - before);
	}
	return bytes;
}

export interface EchoResult {
	p50: number;
	p99: number;
	samples: number;
	missed: number;
	/** Every sample: when it was typed (ms since the epoch) and how long its echo took. */
	timed: EchoSample[];
	/** The samples at or above p99, slowest first. */
	slowest: EchoSample[];
}

export interface EchoSample {
	at: number;
	ms: number;
}

const echoChars = 'αβγδεζηθικλμνξπρστυφχψω';

/**
 * Keystroke to echo in the focused pane (its tty echoes, as a shell's prompt does): a character no workload prints is
 * written to the outer terminal and timed until it appears in the raw output; a backspace then erases it.
 */
export async function echoLatency(side: Side, samples: number, budgetMs: number): Promise<EchoResult> {
	const latencies: number[] = [];
	const typedAt: number[] = [];
	let missed = 0;
	const deadline = performance.now() + budgetMs;
	for (let index = 0; index < samples && performance.now() < deadline; index++) {
		const char = echoChars[index % echoChars.length]!;
		const seen = new Promise<number | undefined>(resolve => {
			const timeout = setTimeout(() => resolve(undefined), 2000);
			side.onRaw(data => {
				if (data.includes(char)) {
					clearTimeout(timeout);
					resolve(performance.now());
				}
			});
		});
		const started = performance.now();
		side.outer.write(char);
		const at = await seen;
		side.onRaw(undefined);
		if (at === undefined) missed++;
		else {
			latencies.push(at - started);
			typedAt.push(performance.timeOrigin + started);
		}
		side.outer.write('\u007F');
		// Let the erase be drawn, and space the keystrokes unevenly so they do not lock onto a frame clock.
		await sleep(8 + (index * 7) % 13);
	}
	const p99 = percentile(latencies, 99);
	const timed = latencies.map((ms, index) => ({at: typedAt[index]!, ms}));
	const slowest = timed.filter(sample => sample.ms >= p99).sort((a, b) => b.ms - a.ms);
	return {p50: percentile(latencies, 50), p99, samples: latencies.length, missed, timed, slowest};
}

/** Echo latency while the other panes flood without pause. */
export async function echoLatencyUnderFlood(side: Side, samples: number, budgetMs: number): Promise<EchoResult> {
	const {workspace} = side;
	await workspace.setStop(false);
	const others = workspace.ids.slice(0, -1);
	const {done} = await workspace.sendAll(others, 'floodloop');
	await sleep(500);
	const result = await echoLatency(side, samples, budgetMs);
	await workspace.setStop(true);
	await done;
	await side.quiet(200);
	return result;
}
