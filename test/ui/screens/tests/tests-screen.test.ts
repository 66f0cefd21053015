import type {CommandIdOf} from '../../../../source/ui/keymap/index.js';
import {describe, expect, it} from 'vitest';
import type {HeadlessTerminal} from '../../../../source/core/terminal/headless-terminal.js';
import {keyEvent} from '../../../../source/ui/input/key-event.js';
import {TestsScreen} from '../../../../source/ui/screens/tests/tests-screen.js';
import {failingMarker, workflowFixture} from '../../../core/workflow/workflow-fixture.js';
import {entryFor, recordingHost, screenSize, screenText, waitUntil} from './screen-fixture.js';

const press = (screen: TestsScreen, command: CommandIdOf<'tests'> | undefined, name = 'x'): void => screen.onKey(keyEvent(name, name, {}, name.length === 1 ? name : undefined), command);

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
			await waitUntil(() => screenText(screen).includes('failed (exit 1)')).catch(error => {
				throw new Error(`${error.message}\n${screenText(screen)}`);
			});
			expect(screenText(screen)).toContain(`on ${head.slice(0, 7)} with uncommitted changes`);
			expect(extras.at(-1)).toEqual({id: 'screen', tests: {passed: false, stale: false}});
			expect(await fixture.results.get('screen')).toMatchObject({passed: false, commit: head, dirty: true});
			press(screen, 'tests.close', 'q');
			expect(host.closed).toBe(true);
		} finally {
			screen.dispose();
		}
	});

	it('leaves running tests running when the screen closes, shows the same run when reopened, and stops them on Ctrl-C', async () => {
		const fixture = await workflowFixture('echo started-$((6*7)); sleep 30');
		const target = await fixture.session('long', {'a.txt': 'a\n'});
		const host = recordingHost();
		const first = new TestsScreen({entry: entryFor(target), runner: fixture.runner, host, setPaneExtras: () => {}});
		await waitUntil(() => screenText(first).includes('running for'));
		press(first, 'tests.rerun', 'r');
		expect(host.flashes.at(-1)).toMatch(/still running; Ctrl\+C stops them/);
		press(first, 'tests.close', 'q');
		expect(host.closed).toBe(true);
		expect(host.flashes.at(-1)).toBe('the tests of long keep running; t shows them again');
		first.dispose();
		const live = fixture.runner.running('long');
		expect(live).toBeDefined();
		// Nothing may start a second run in the same worktree meanwhile (the merge gate, another screen).
		await expect(fixture.runner.start(target, screenSize)).rejects.toMatchObject({code: 'tests-running'});

		const second = new TestsScreen({entry: entryFor(target), runner: fixture.runner, host: recordingHost(), setPaneExtras: () => {}});
		try {
			await waitUntil(() => screenText(second).includes('running for'));
			expect(second.layers(screenSize)[0]?.surface).toBe(live!.run.terminal);
			await waitUntil(() => live!.run.terminal.screenText().some(line => line.includes('started-42')));
			press(second, 'tests.stop', 'c');
			await waitUntil(() => screenText(second).includes('stopped; nothing recorded'));
			expect(await fixture.results.get('long')).toBeUndefined();
			expect(fixture.runner.running('long')).toBeUndefined();
		} finally {
			second.dispose();
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
