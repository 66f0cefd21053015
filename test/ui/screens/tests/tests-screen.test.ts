import {describe, expect, it} from 'vitest';
import type {HeadlessTerminal} from '../../../../source/core/terminal/headless-terminal.js';
import {keyEvent} from '../../../../source/ui/input/key-event.js';
import {TestsScreen} from '../../../../source/ui/screens/tests/tests-screen.js';
import {failingMarker, workflowFixture} from '../../../core/workflow/workflow-fixture.js';
import {entryFor, recordingHost, screenSize, screenText, waitUntil} from './screen-fixture.js';

const press = (screen: TestsScreen, command: string | undefined, name = 'x'): void => screen.onKey(keyEvent(name, name, {}, name.length === 1 ? name : undefined), command);

describe('test run screen', () => {
	it('shows the run live, records pass then fail with the commit, and marks the pane title', async () => {
		const fixture = await workflowFixture();
		const target = await fixture.session('screen', {'a.txt': 'a\n'});
		const head = await fixture.checkout(target.worktree).head();
		const host = recordingHost();
		const extras: Array<{id: string; tests: unknown}> = [];
		const screen = new TestsScreen({entry: entryFor(target), runner: fixture.runner, host, setPaneExtras: (id, value) => extras.push({id, tests: value.tests})});
		try {
			await waitUntil(() => screenText(screen).includes('passed in'));
			const text = screenText(screen);
			expect(text).toContain(`Tests · screen · agentgrid/screen on ${head.slice(0, 7)}`);
			expect(text).toMatch(new RegExp(`passed in .* on ${head.slice(0, 7)} · recorded`));
			expect(extras).toEqual([{id: 'screen', tests: {passed: true, stale: false}}]);
			const [layer] = screen.layers(screenSize);
			expect(layer!.rect).toEqual({x: 1, y: 3, width: screenSize.cols - 2, height: screenSize.rows - 4});
			expect((layer!.surface as HeadlessTerminal).screenText()[0]).toContain('testing screen');

			await fixture.checkout(target.worktree).write(failingMarker, 'x\n');
			press(screen, 'tests.rerun', 'r');
			await waitUntil(() => screenText(screen).includes('failed (exit 1)'));
			expect(screenText(screen)).toContain(`on ${head.slice(0, 7)} with uncommitted changes`);
			expect(extras.at(-1)).toEqual({id: 'screen', tests: {passed: false, stale: false}});
			expect(await fixture.results.get('screen')).toMatchObject({passed: false, commit: head, dirty: true});
			press(screen, 'tests.close', 'q');
			expect(host.closed).toBe(true);
		} finally {
			screen.dispose();
		}
	});

	it('asks before leaving running tests, keeps them on any other key, and stops them on Ctrl-C', async () => {
		const fixture = await workflowFixture('echo started; sleep 30');
		const target = await fixture.session('long', {'a.txt': 'a\n'});
		const host = recordingHost();
		const screen = new TestsScreen({entry: entryFor(target), runner: fixture.runner, host, setPaneExtras: () => {}});
		try {
			await waitUntil(() => screenText(screen).includes('running for'));
			press(screen, 'tests.rerun', 'r');
			expect(host.flashes.at(-1)).toMatch(/still running; Ctrl-C stops them/);
			press(screen, 'tests.close', 'q');
			expect(host.closed).toBe(false);
			expect(screenText(screen)).toContain('q again stops them and goes back');
			press(screen, undefined, 'j');
			expect(host.closed).toBe(false);
			expect(screenText(screen)).not.toContain('q again');
			press(screen, 'tests.stop', 'c');
			await waitUntil(() => screenText(screen).includes('stopped; nothing recorded'));
			expect(await fixture.results.get('long')).toBeUndefined();
			press(screen, 'tests.close', 'q');
			expect(host.closed).toBe(true);
		} finally {
			screen.dispose();
		}
	});

	it('says why when there is no test command', async () => {
		const fixture = await workflowFixture('');
		const target = await fixture.session('bare', {'a.txt': 'a\n'});
		const screen = new TestsScreen({entry: entryFor(target), runner: fixture.runner, host: recordingHost(), setPaneExtras: () => {}});
		await waitUntil(() => screenText(screen).includes('No test command is configured'));
		expect(screen.layers(screenSize)).toEqual([]);
		screen.dispose();
	});
});
