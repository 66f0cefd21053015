/**
 * The titles' clock (statuses read "idle 3m"): it wakes the server once a minute, on the minute, while a terminal is
 * attached, and not at all while none is, so a detached server with idle agents sleeps. An attach sets every title
 * right at once, whatever minute it comes in.
 */
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import type {WorkspaceApi, WorkspaceEntry} from '../../../source/core/workspace/types.js';
import {GridController} from '../../../source/ui/grid/grid-controller.js';
import {Screen} from '../../../source/ui/render/screen.js';
import {Store, type GridState} from '../../../source/ui/store.js';

/** The controller reads only the sessions and their events here; the other calls would be a test's mistake. */
function idleWorkspace(entries: WorkspaceEntry[]): WorkspaceApi {
	const refuse = () => {
		throw new Error('not used by the clock');
	};
	return {
		entries: () => entries,
		subscribe: () => () => {},
		spawn: refuse, stop: refuse, restart: refuse, write: refuse, resize: () => {}, restartServices: refuse, serviceTerminal: () => undefined,
		writeService: refuse, resizeService: () => {}, runningCount: () => 0, runningServiceCount: () => 0, stopAll: refuse,
	};
}

describe('the titles\' clock', () => {
	beforeEach(() => {
		vi.useFakeTimers({now: new Date('2026-12-07T10:00:30Z'), toFake: ['setTimeout', 'clearTimeout', 'Date']});
	});
	afterEach(() => {
		vi.useRealTimers();
	});

	it('ticks on the minute while attached, sleeps while detached, and is set right by an attach', () => {
		const entry: WorkspaceEntry = {id: 'a', slug: 'a', branch: 'agentgrid/a', worktree: '/nowhere/a', base: 'main', agent: 'shell', status: 'idle', statusSince: Date.now(), changedFiles: 0};
		const store = new Store<GridState>({cols: 80, rows: 24, mode: 'grid', focus: 0, zoomed: false, panes: [], overlay: null, message: null, prefixLabel: 'Ctrl+\\', now: 0, marked: [], screenVersion: 0, loading: false, copy: null});
		let attached = true;
		const controller = new GridController({
			store, workspace: idleWorkspace([entry]), screen: new Screen(80, 24, 60, () => {}), writeOuter: () => {}, notification: 'bell', onQuit: () => {}, attached: () => attached,
		});
		const ticks: string[] = [];
		store.subscribe(() => ticks.push(new Date(store.get().now).toISOString().slice(11, 19)));

		// A few milliseconds past the minute, so that a clock a little behind still shows the new minute. At 10:01 the
		// status is 30 s old and still reads "<1m": nothing is drawn.
		vi.advanceTimersByTime(30_005);
		expect(ticks).toEqual([]);
		vi.advanceTimersByTime(60_000);
		vi.advanceTimersByTime(60_000);
		expect(ticks).toEqual(['10:02:00', '10:03:00']);

		// Detached: the tick already set fires once, sees nobody, and no other follows.
		attached = false;
		vi.advanceTimersByTime(10 * 60_000);
		expect(ticks).toEqual(['10:02:00', '10:03:00', '10:04:00']);
		expect(vi.getTimerCount()).toBe(0);

		// An attach in the middle of a minute: the titles are set at once, and the minute ticks again.
		vi.advanceTimersByTime(20_000);
		attached = true;
		controller.refreshClock();
		expect(ticks.at(-1)).toBe('10:13:20');
		vi.advanceTimersByTime(40_000);
		expect(ticks.at(-1)).toBe('10:14:00');
		expect(vi.getTimerCount()).toBe(1);

		// Attaching again within the minute of the last tick redraws nothing: the titles are already right.
		const before = ticks.length;
		vi.advanceTimersByTime(10_000);
		controller.refreshClock();
		expect(ticks).toHaveLength(before);
		expect(vi.getTimerCount()).toBe(1);
	});

	it('draws nothing at the minutes when no title reads differently: an agent idle for hours changes its title hourly', () => {
		// Idle since 07:15: "2h" now, "3h" from 10:15.
		const entry: WorkspaceEntry = {id: 'a', slug: 'a', branch: 'agentgrid/a', worktree: '/nowhere/a', base: 'main', agent: 'shell', status: 'idle', statusSince: Date.parse('2026-12-07T07:15:00Z'), changedFiles: 0};
		const store = new Store<GridState>({cols: 80, rows: 24, mode: 'grid', focus: 0, zoomed: false, panes: [], overlay: null, message: null, prefixLabel: 'Ctrl+\\', now: 0, marked: [], screenVersion: 0, loading: false, copy: null});
		new GridController({
			store, workspace: idleWorkspace([entry]), screen: new Screen(80, 24, 60, () => {}), writeOuter: () => {}, notification: 'bell', onQuit: () => {}, attached: () => true,
		});
		const ticks: string[] = [];
		store.subscribe(() => ticks.push(new Date(store.get().now).toISOString().slice(11, 19)));
		vi.advanceTimersByTime(30_005 + 13 * 60_000);
		expect(ticks).toEqual([]);
		// The server still wakes each minute, to look.
		expect(vi.getTimerCount()).toBe(1);
		vi.advanceTimersByTime(60_000);
		expect(ticks).toEqual(['10:15:00']);
		vi.advanceTimersByTime(59 * 60_000);
		expect(ticks).toEqual(['10:15:00']);
		vi.advanceTimersByTime(60_000);
		expect(ticks).toEqual(['10:15:00', '11:15:00']);
	});
});
