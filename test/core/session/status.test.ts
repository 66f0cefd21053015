import {describe, expect, it} from 'vitest';
import {genericStatus} from '../../../source/core/session/presets.js';
import {regionOf, StatusTracker, taskPickupMs, type StatusRules} from '../../../source/core/session/status.js';

const agentRules: StatusRules = {
	regionRows: 5,
	busy: [/esc to interrupt/],
	waiting: [/Do you want to proceed\?/],
	ready: [/^│ > /m],
	busyTitle: /^[\u2801-\u28ff]/,
	staleAfterMs: 4000,
};

const promptBox = ['╭────╮', '│ >  │', '╰────╯'];
const busyScreen = (seconds: number) => ['', `✻ Working… (${seconds}s · esc to interrupt)`, '', ...promptBox, '', ''];

describe('StatusTracker', () => {
	it('starts as starting and reports each change with its timestamp', () => {
		const tracker = new StatusTracker(agentRules, 1000);
		expect(tracker.status).toMatchObject({kind: 'starting', since: 1000});
		tracker.output(1100);
		const change = tracker.screen(['Welcome', ...promptBox], 1100);
		expect(change).toMatchObject({status: {kind: 'idle', since: 1100}, previous: {kind: 'starting', since: 1000}});
		expect(tracker.screen(['Welcome', ...promptBox], 1200)).toBeUndefined();
	});

	it('keeps a program given a task starting while it shows its ready prompt, until it takes the task up', () => {
		const tracker = new StatusTracker(agentRules, 0, {givenTask: true});
		tracker.output(100);
		// Its first screen is the prompt box: ready for input, but not done with a task it has not begun.
		expect(tracker.screen(['Welcome', ...promptBox], 100)).toBeUndefined();
		expect(tracker.status).toMatchObject({kind: 'starting', since: 0, reason: 'ready, its task not started yet (prompt on screen)'});
		expect(tracker.tick(5000)).toBeUndefined();
		expect(tracker.explain().screen).toMatchObject({kind: 'idle', reason: 'prompt on screen'});
		expect(tracker.readyForInput).toBe(true);
		expect(tracker.screen(busyScreen(0), 900)?.status.kind).toBe('busy');
		// Done with the task, the same prompt box is idle.
		expect(tracker.bell(2000)?.status).toMatchObject({kind: 'idle', reason: 'bell or notification'});
		tracker.screen(['Welcome', ...promptBox], 2100);
		expect(tracker.status.kind).toBe('idle');
	});

	it('shows a question asked before the task, and waits for the task again after it', () => {
		// A trust or permission dialog comes before the task: it is waiting, and the answered dialog's prompt is not the end.
		const asking = new StatusTracker(agentRules, 0, {givenTask: true});
		asking.output(100);
		expect(asking.screen(['Do you want to proceed?', ...promptBox], 100)?.status.kind).toBe('waiting');
		expect(asking.screen(['Welcome', ...promptBox], 500)?.status).toMatchObject({kind: 'starting', reason: 'ready, its task not started yet (prompt on screen)'});
		expect(asking.screen(busyScreen(0), 900)?.status.kind).toBe('busy');
	});

	it('gives up waiting for the task once the ready prompt has shown for the pickup time, counted from the prompt', () => {
		const slow = new StatusTracker(agentRules, 0, {givenTask: true});
		// A slow start: the prompt first shows after 20 s, longer than the pickup time; the wait counts from there.
		slow.output(20_000);
		slow.screen(['Done already', ...promptBox], 20_000);
		expect(slow.status.kind).toBe('starting');
		expect(slow.tick(21_000)).toBeUndefined();
		// A single timer brings the verdict the screen has given all along.
		expect(slow.nextCheckAt(21_000)).toBe(20_000 + taskPickupMs);
		expect(slow.tick(20_000 + taskPickupMs - 1)).toBeUndefined();
		expect(slow.tick(20_000 + taskPickupMs)?.status).toMatchObject({kind: 'idle', reason: 'prompt on screen'});
	});

	it('counts the pickup time again from a typed task', () => {
		const typed = new StatusTracker(agentRules, 0, {givenTask: true});
		typed.output(100);
		typed.screen(['Welcome', ...promptBox], 100);
		expect(typed.readyForInput).toBe(true);
		typed.taskTyped(10_000);
		expect(typed.tick(100 + taskPickupMs)).toBeUndefined();
		expect(typed.status.kind).toBe('starting');
		expect(typed.tick(10_000 + taskPickupMs)?.status.kind).toBe('idle');
	});

	it('takes a hook\'s end of a turn for the task done, but not the idle report of the session start', () => {
		const tracker = new StatusTracker(agentRules, 0, {givenTask: true});
		tracker.output(100);
		expect(tracker.hook({kind: 'idle', event: 'SessionStart', detail: 'startup'}, 200)).toBeUndefined();
		expect(tracker.status.kind).toBe('starting');
		// Codex reports only the end of a turn, never that it is busy.
		expect(tracker.hook({kind: 'idle', event: 'agent-turn-complete'}, 3000)?.status).toMatchObject({kind: 'idle', source: 'hook'});

		const exiting = new StatusTracker(agentRules, 0, {givenTask: true});
		exiting.output(100);
		exiting.screen(['Welcome', ...promptBox], 100);
		expect(exiting.exited(1, undefined, 500)?.status).toMatchObject({kind: 'exited', exitCode: 1});
	});

	it('takes output after the first screen of a program without busy text, given a task, for the task started', () => {
		const tracker = new StatusTracker(genericStatus, 0, {givenTask: true});
		tracker.output(100);
		// The first screen drawn, then quiet: ready, its task not begun.
		expect(tracker.tick(1200)).toBeUndefined();
		expect(tracker.status.kind).toBe('starting');
		expect(tracker.readyForInput).toBe(true);
		// Output with nothing typed is the program at work on its task.
		expect(tracker.output(3000)?.status.kind).toBe('busy');
		expect(tracker.tick(3000 + genericStatus.activityBusyMs!)?.status.kind).toBe('idle');
	});

	it('goes idle at its ready prompt when it was given no task', () => {
		const tracker = new StatusTracker(agentRules, 0, {givenTask: false});
		tracker.output(100);
		expect(tracker.screen(['Welcome', ...promptBox], 100)?.status.kind).toBe('idle');
	});

	it('stays busy while the busy text keeps changing and decays to idle once it freezes', () => {
		const tracker = new StatusTracker(agentRules, 0);
		tracker.output(0);
		for (let second = 0; second <= 10; second++) {
			tracker.output(second * 1000);
			tracker.screen(busyScreen(second), second * 1000);
			expect(tracker.status.kind).toBe('busy');
		}

		// The spinner line stops changing at t=10 s: still busy just before the stale period ends...
		expect(tracker.nextCheckAt(10_000)).toBe(14_000);
		expect(tracker.tick(13_999)).toBeUndefined();
		// ...then idle, without any new input, at the deadline the tracker announced.
		expect(tracker.tick(14_000)).toMatchObject({status: {kind: 'idle', reason: 'busy text went stale', since: 14_000}});
		// Movement again means work again.
		tracker.screen(busyScreen(11), 15_000);
		expect(tracker.status.kind).toBe('busy');
	});

	it('treats a bell or a notification after the last change as the end of work', () => {
		const tracker = new StatusTracker(agentRules, 0);
		tracker.output(0);
		tracker.screen(busyScreen(1), 100);
		expect(tracker.status.kind).toBe('busy');
		expect(tracker.bell(200)?.status).toMatchObject({kind: 'idle', reason: 'bell or notification'});
		tracker.screen(busyScreen(2), 300);
		expect(tracker.status.kind).toBe('busy');
		expect(tracker.notification('Claude needs your permission to use Bash', 400)?.status.kind).toBe('waiting');
		expect(tracker.notification('Task finished', 500)?.status.kind).toBe('idle');
	});

	it('reports a question on screen as waiting, above busy text and regardless of time', () => {
		const tracker = new StatusTracker(agentRules, 0);
		tracker.output(0);
		tracker.screen(['✻ Working… (esc to interrupt)', 'Do you want to proceed?', '❯ 1. Yes', '  2. No'], 0);
		expect(tracker.status.kind).toBe('waiting');
		expect(tracker.tick(600_000)).toBeUndefined();
	});

	it('reads only the region at the bottom of the drawn screen', () => {
		const tracker = new StatusTracker(agentRules, 0);
		tracker.output(0);
		const old = ['✻ Working… (esc to interrupt)', 'line', 'line', 'line', 'line', 'line', ...promptBox, '', '', ''];
		tracker.screen(old, 0);
		expect(tracker.status.kind).toBe('idle');
		expect(regionOf(['a', 'b', 'c', 'd', '', '  '], 2)).toBe('c\nd');
		expect(regionOf(['', ''], 3)).toBe('');
	});

	it('counts an animating spinner title as busy until it stops changing', () => {
		const tracker = new StatusTracker(agentRules, 0);
		tracker.output(0);
		tracker.screen(['Welcome', ...promptBox], 0);
		expect(tracker.status.kind).toBe('idle');
		tracker.title('⠂ Fixing tests', 1000);
		expect(tracker.status).toMatchObject({kind: 'busy', reason: 'spinner in title'});
		tracker.title('⠐ Fixing tests', 1100);
		expect(tracker.tick(5099)?.status).toBeUndefined();
		expect(tracker.tick(5100)?.status.kind).toBe('idle');
		// A static title without a spinner glyph never means busy.
		tracker.title('✳ Fixing tests', 6000);
		expect(tracker.status.kind).toBe('idle');
	});

	it('for programs without busy text, counts output as busy but not the echo of typing', () => {
		const tracker = new StatusTracker(genericStatus, 0);
		tracker.output(10);
		tracker.screen(['$'], 10);
		expect(tracker.status.kind).toBe('starting');
		tracker.tick(1500);
		expect(tracker.status.kind).toBe('idle');
		tracker.input(2000);
		tracker.output(2010);
		tracker.screen(['$ l'], 2010);
		expect(tracker.status.kind).toBe('idle');
		tracker.output(3000);
		tracker.screen(['$ ls', 'a b c'], 3000);
		expect(tracker.status).toMatchObject({kind: 'busy', reason: 'output flowing'});
		expect(tracker.nextCheckAt(3000)).toBe(4000);
		expect(tracker.tick(4000)?.status.kind).toBe('idle');
	});

	it('ends in exited with the code and signal, and stops asking for timers', () => {
		const tracker = new StatusTracker(agentRules, 0);
		tracker.output(0);
		tracker.screen(busyScreen(1), 0);
		expect(tracker.exited(3, undefined, 500)?.status).toEqual({kind: 'exited', since: 500, reason: 'exit code 3', source: 'process', exitCode: 3});
		expect(tracker.nextCheckAt(600)).toBeUndefined();
		expect(tracker.screen(busyScreen(2), 700)).toBeUndefined();
		const killed = new StatusTracker(agentRules, 0);
		expect(killed.exited(0, 'SIGKILL', 10)?.status).toMatchObject({kind: 'exited', signal: 'SIGKILL', reason: 'killed by SIGKILL'});
	});
});
