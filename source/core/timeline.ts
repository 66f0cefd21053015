/**
 * What the server did while a client waited, recorded on request: its garbage-collection pauses, the frames it drew
 * (Ink's chrome and the compositor's paint), and when input arrived from the client and output left for it. The bench
 * asks, to say where its slowest keystroke echoes spent their time (in the server, or outside it, and on what).
 * Nothing is recorded until asked, and at most the last 2000 events.
 */
import {constants, PerformanceObserver, performance, type PerformanceEntry} from 'node:perf_hooks';

export interface TimelineEvent {
	/** When it began, in ms since the epoch, comparable across processes. */
	at: number;
	/** How long it lasted (0 for input and output). */
	ms: number;
	kind: string;
}

const gcKinds: Record<number, string> = {
	[constants.NODE_PERFORMANCE_GC_MINOR]: 'minor GC',
	[constants.NODE_PERFORMANCE_GC_MAJOR]: 'major GC',
	[constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental marking',
	[constants.NODE_PERFORMANCE_GC_WEAKCB]: 'GC weak callbacks',
};
const keep = 2000;

let observer: PerformanceObserver | undefined;
let events: TimelineEvent[] = [];

function push(event: TimelineEvent): void {
	events.push(event);
	if (events.length > keep) events.splice(0, events.length - keep);
}

export function recordTimeline(): void {
	events = [];
	observer ??= new PerformanceObserver(list => {
		for (const entry of list.getEntries() as Array<PerformanceEntry & {detail?: {kind?: number}}>) {
			push({at: performance.timeOrigin + entry.startTime, ms: entry.duration, kind: gcKinds[entry.detail?.kind ?? -1] ?? 'GC'});
		}
	});
	observer.observe({entryTypes: ['gc']});
}

/** Marks client input arriving or output leaving, while recording. */
export function markTimeline(kind: 'input' | 'output'): void {
	if (observer) push({at: performance.timeOrigin + performance.now(), ms: 0, kind});
}

/** Whether the timeline records: a span's start need only be taken then. */
export function timelineRecording(): boolean {
	return observer !== undefined;
}

/** Records work that began at `startedAt` (performance.now()) and ends now, while recording. */
export function spanTimeline(kind: 'chrome render' | 'chrome parse' | 'paint', startedAt: number): void {
	if (observer) push({at: performance.timeOrigin + startedAt, ms: performance.now() - startedAt, kind});
}

/** The events since recording began; recording stops. */
export function takeTimeline(): TimelineEvent[] {
	observer?.disconnect();
	observer = undefined;
	const taken = events;
	events = [];
	return taken;
}
