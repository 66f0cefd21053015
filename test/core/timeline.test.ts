/**
 * The server's timeline (what the bench reads to say where a slow echo waited): nothing is recorded until asked,
 * input, output and GC pauses are recorded in order with times comparable across processes, and taking it stops it.
 */
import {describe, expect, it} from 'vitest';
import {markTimeline, recordTimeline, spanTimeline, takeTimeline, timelineRecording} from '../../source/core/timeline.js';

describe('the timeline', () => {
	it('records input, output and GC pauses only between start and take', async () => {
		markTimeline('input');
		expect(takeTimeline()).toEqual([]);
		recordTimeline();
		const before = Date.now();
		markTimeline('input');
		// Enough short-lived garbage for the young generation to be collected at least once.
		let keep = 0;
		for (let round = 0; round < 1_000_000; round++) keep += [round, {round}].length;
		expect(keep).toBeGreaterThan(0);
		await new Promise(resolve => setTimeout(resolve, 50));
		markTimeline('output');
		const events = takeTimeline();
		const marks = events.filter(event => event.ms === 0);
		expect(marks.map(event => event.kind)).toEqual(['input', 'output']);
		expect(marks[0]!.at).toBeGreaterThanOrEqual(before - 5);
		expect(marks[1]!.at).toBeGreaterThanOrEqual(marks[0]!.at);
		expect(marks[1]!.at).toBeLessThanOrEqual(Date.now() + 5);
		expect(events.some(event => event.kind === 'minor GC' && event.ms > 0)).toBe(true);
		markTimeline('output');
		expect(takeTimeline()).toEqual([]);
	});

	it('records a frame as a span from its start to now, only while recording', async () => {
		spanTimeline('paint', performance.now());
		expect(timelineRecording()).toBe(false);
		recordTimeline();
		expect(timelineRecording()).toBe(true);
		const started = performance.now();
		await new Promise(resolve => setTimeout(resolve, 20));
		spanTimeline('chrome render', started);
		const [span] = takeTimeline().filter(event => event.kind === 'chrome render');
		expect(span!.at).toBeCloseTo(performance.timeOrigin + started, 3);
		expect(span!.ms).toBeGreaterThanOrEqual(19);
		expect(timelineRecording()).toBe(false);
		spanTimeline('paint', performance.now());
		expect(takeTimeline()).toEqual([]);
	});
});
