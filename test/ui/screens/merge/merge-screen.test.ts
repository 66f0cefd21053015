import {buildKeymap, type CommandIdOf, type Keymap} from '../../../../source/ui/keymap/index.js';
import {describe, expect, it} from 'vitest';
import {addBareOrigin, runGitIn} from '../../../helpers/git-repo.js';
import {writeTaskBrief} from '../../../../source/core/setup/task-brief.js';
import {keyEvent} from '../../../../source/ui/input/key-event.js';
import {MergeScreen} from '../../../../source/ui/screens/merge/merge-screen.js';
import {failingMarker, workflowFixture, type WorkflowFixture} from '../../../core/workflow/workflow-fixture.js';
import {entryFor, recordingHost, screenServices, screenText, waitUntil, type RecordingHost, type RecordingWorkspace} from '../tests/screen-fixture.js';

interface Opened {
	screen: MergeScreen;
	host: RecordingHost;
	workspace: RecordingWorkspace;
	cleared: string[];
	extras: Array<{id: string; tests: unknown}>;
	text(): string;
}

async function openMerge(fixture: WorkflowFixture, slugs: string[], queue = slugs.length > 1, keymap?: Keymap): Promise<Opened> {
	const targets = await Promise.all(slugs.map(async slug => fixture.target(slug)));
	const workspace: RecordingWorkspace = {pastes: [], keys: [], entries: targets.map(target => ({...entryFor(target), terminal: {} as never}))};
	const host = recordingHost();
	const cleared: string[] = [];
	const extras: Opened['extras'] = [];
	const screen = new MergeScreen({
		sessions: targets.map(target => ({id: target.slug, target})),
		queue,
		services: {...screenServices(fixture, workspace), ...(keymap ? {keymap} : {})},
		runner: fixture.runner,
		host,
		setPaneExtras: (id, value) => extras.push({id, tests: value.tests}),
		clearMarks: ids => cleared.push(...ids),
	});
	// As on the grid: closing the screen disposes it.
	host.close = () => {
		host.closed = true;
		screen.dispose();
	};
	return {screen, host, workspace, cleared, extras, text: () => screenText(screen)};
}

const screenCommand: Record<string, CommandIdOf<'merge'>> = {y: 'merge.confirm', a: 'merge.send-conflict', p: 'merge.push', '!': 'merge.override', q: 'merge.close'};

/** A key as the grid delivers it: the screen's command when the key has one. */
const press = (screen: MergeScreen, name: string, command?: CommandIdOf<'merge'>): void => screen.onKey(keyEvent(name, name, {}, name.length === 1 ? name : undefined), command);

describe('merge screen', () => {
	it('asks to commit pending work with the task as the message, lets the user edit it, and merges', async () => {
		const fixture = await workflowFixture();
		const created = await fixture.service.createSession({slug: 'greeting'});
		await writeTaskBrief(created.worktree, 'AGENTGRID_TASK.md', {prompt: 'add the greeting file'}, created);
		await fixture.checkout(created.worktree).write('greeting.txt', 'hello\n');
		const opened = await openMerge(fixture, ['greeting']);
		const {screen} = opened;
		try {
			await waitUntil(() => opened.text().includes('Commit them as: Add the greeting file'));
			expect(opened.text()).toContain('greeting has 1 uncommitted file: greeting.txt');
			press(screen, 'e', 'merge.edit-message');
			for (let i = 0; i < 4; i++) press(screen, 'backspace');
			// While editing, keys that are commands elsewhere on this screen (y, a, p, !, q) are text.
			for (const char of 'note, apply quickly!') press(screen, char, screenCommand[char]);
			expect(opened.text()).toContain('Commit them as: Add the greeting note, apply quickly!▏');
			press(screen, 'enter');
			await waitUntil(() => opened.text().includes('greeting: merged into main'));
			expect((await fixture.repo.git('log', '-1', '--format=%s', 'main')).trim()).toBe('Add the greeting note, apply quickly!');
			expect(opened.text()).toContain('✓ Run the tests on the rebased commit — passed in');
			expect(opened.cleared).toEqual(['greeting']);
			expect(opened.extras).toEqual([{id: 'greeting', tests: {passed: true, stale: false}}]);
			press(screen, 'q', 'merge.close');
			expect(opened.host.closed).toBe(true);
		} finally {
			screen.dispose();
		}
	});

	it('pushes the merged branch with its upstream when p is pressed', async () => {
		const fixture = await workflowFixture();
		const origin = await addBareOrigin(fixture.repo);
		await fixture.session('shipped', {'shipped.txt': 's\n'});
		const opened = await openMerge(fixture, ['shipped']);
		try {
			await waitUntil(() => opened.text().includes('shipped: merged into main'));
			expect(opened.text()).toContain('p pushes the merged branch with its upstream');
			press(opened.screen, 'p', 'merge.push');
			await waitUntil(() => opened.text().includes('pushed agentgrid/shipped → origin/agentgrid/shipped (new, set as upstream)'));
			expect((await runGitIn(origin, ['rev-parse', 'refs/heads/agentgrid/shipped'])).trim()).toBe(await fixture.repo.head('main'));
		} finally {
			opened.screen.dispose();
		}
	});

	it('pushes the branch and asks for a pull request with P, saying why none was opened when gh is missing', async () => {
		const fixture = await workflowFixture();
		const origin = await addBareOrigin(fixture.repo);
		await fixture.session('proposal', {'proposal.txt': 'p\n'});
		const opened = await openMerge(fixture, ['proposal']);
		try {
			await waitUntil(() => opened.text().includes('proposal: merged into main'));
			press(opened.screen, 'P', 'merge.pull-request');
			await waitUntil(() => opened.text().includes('agentgrid/proposal → origin/agentgrid/proposal'));
			expect(opened.text()).toMatch(/no pull request: /);
			expect((await runGitIn(origin, ['rev-parse', 'refs/heads/agentgrid/proposal'])).trim()).toBe(await fixture.repo.head('agentgrid/proposal'));
		} finally {
			opened.screen.dispose();
		}
	});

	it('stops on failing tests unless ! is pressed twice', async () => {
		const fixture = await workflowFixture();
		await fixture.session('red', {[failingMarker]: 'x\n'});
		const mainHead = await fixture.repo.head('main');

		const first = await openMerge(fixture, ['red']);
		await waitUntil(() => first.text().includes('Not merged: tests failed (exit 1)'));
		press(first.screen, '!', 'merge.override');
		expect(first.text()).toContain('Really merge red into main although tests failed');
		press(first.screen, 'n');
		await waitUntil(() => first.text().includes('red: tests failed (exit 1)') && first.text().includes('nothing was merged'));
		expect(await fixture.repo.head('main')).toBe(mainHead);
		expect(first.extras).toEqual([{id: 'red', tests: {passed: false, stale: false}}]);
		first.screen.dispose();

		const second = await openMerge(fixture, ['red']);
		await waitUntil(() => second.text().includes('Not merged: tests failed'));
		press(second.screen, '!', 'merge.override');
		press(second.screen, '!', 'merge.override');
		await waitUntil(() => second.text().includes('red: merged into main') && second.text().includes('(tests overridden)'));
		expect(await fixture.repo.head('main')).not.toBe(mainHead);
		second.screen.dispose();
	});

	it('goes back to the grid with one q after failing tests, and the grid says what happened', async () => {
		const fixture = await workflowFixture();
		await fixture.session('red', {[failingMarker]: 'x\n'});
		const mainHead = await fixture.repo.head('main');
		const opened = await openMerge(fixture, ['red']);
		await waitUntil(() => opened.text().includes('Not merged: tests failed (exit 1)'));
		expect(opened.text()).toContain('! merges anyway (asks again) · q stops here and goes back');
		press(opened.screen, 'q', 'merge.close');
		expect(opened.host.closed).toBe(true);
		await waitUntil(() => opened.host.flashes.some(text => /^red: tests failed \(exit 1\) .*; nothing was merged$/.test(text)));
		expect(await fixture.repo.head('main')).toBe(mainHead);
	});

	it('names rebound keys in its messages, and answers a stray key with the key that goes back', async () => {
		const fixture = await workflowFixture();
		await fixture.session('red', {[failingMarker]: 'x\n'});
		const keymap = buildKeymap({overrides: {'merge.close': ['x'], 'merge.override': ['o']}});
		const opened = await openMerge(fixture, ['red'], false, keymap);
		await waitUntil(() => opened.text().includes('Not merged: tests failed (exit 1)'));
		expect(opened.text()).toContain('o merges anyway (asks again) · x stops here and goes back');
		press(opened.screen, 'z');
		expect(opened.host.flashes.at(-1)).toBe('x goes back to the grid');
		press(opened.screen, 'p', 'merge.push');
		expect(opened.host.flashes.at(-1)).toBe('p: the merge is in progress');
		press(opened.screen, 'o', 'merge.override');
		expect(opened.text()).toContain('o again merges it anyway; any other key stops here');
		press(opened.screen, 'n');
		await waitUntil(() => opened.text().includes('nothing was merged'));
		expect(opened.text()).toContain('x back to the grid');
		expect(opened.text()).not.toMatch(/\bq back/);
		press(opened.screen, 'p', 'merge.push');
		expect(opened.host.flashes.at(-1)).toBe('p: nothing is merged');
		press(opened.screen, 'x', 'merge.close');
		expect(opened.host.closed).toBe(true);
	});

	it('shows a queue conflict with its cause and pastes it into that agent, then focuses its pane', async () => {
		const fixture = await workflowFixture();
		await fixture.session('left', {'src/app.txt': 'left\n'});
		await fixture.session('right', {'src/app.txt': 'right\n'});
		await fixture.session('after', {'after.txt': 'after\n'});
		const opened = await openMerge(fixture, ['left', 'right', 'after']);
		try {
			await waitUntil(() => opened.text().includes('Conflict: right cannot be rebased onto main'));
			const text = opened.text();
			expect(text).toContain('Merge queue: left → right → after');
			expect(text).toContain('Conflicting files: src/app.txt');
			expect(text).toContain('Not started, left as they were: after');
			expect(opened.cleared).toEqual(['left']);
			press(opened.screen, 'a', 'merge.send-conflict');
			expect(opened.workspace.pastes).toEqual([{id: 'right', text: expect.stringMatching(/^Your changes on agentgrid\/right conflict with main: commits [0-9a-f]{7} "left work" touched src\/app\.txt\. Rebase onto main/)}]);
			expect(opened.host.focused).toEqual([{id: 'right', paneMode: true}]);
			await waitUntil(() => opened.workspace.keys.length > 0);
			expect(opened.workspace.keys).toEqual([{id: 'right', key: {name: 'enter'}}]);
		} finally {
			opened.screen.dispose();
		}
	});

	it('does not send a conflict to an agent that is not running', async () => {
		const fixture = await workflowFixture();
		await fixture.session('one', {'src/app.txt': 'one\n'});
		await fixture.session('two', {'src/app.txt': 'two\n'});
		const opened = await openMerge(fixture, ['one', 'two']);
		opened.workspace.entries = opened.workspace.entries.map(entry => ({...entry, status: 'stopped', terminal: undefined}));
		await waitUntil(() => opened.text().includes('Conflict: two'));
		press(opened.screen, 'a', 'merge.send-conflict');
		expect(opened.workspace.pastes).toEqual([]);
		expect(opened.host.flashes.at(-1)).toMatch(/The agent in two is not running/);
		opened.screen.dispose();
	});

	it('stops the merge when the commit question is answered with q, leaving the work uncommitted', async () => {
		const fixture = await workflowFixture();
		const created = await fixture.service.createSession({slug: 'undecided'});
		await fixture.checkout(created.worktree).write('draft.txt', 'draft\n');
		const opened = await openMerge(fixture, ['undecided']);
		await waitUntil(() => opened.text().includes('Commit them as: Undecided'));
		expect(opened.text()).toContain('y commits · e edits the message · q stops the merge and goes back');
		press(opened.screen, 'q', 'merge.close');
		expect(opened.host.closed).toBe(true);
		await waitUntil(() => opened.host.flashes.some(text => text.startsWith('undecided: the pending changes were not committed')));
		expect((await fixture.checkout(created.worktree).git('status', '--porcelain')).trim()).toBe('?? draft.txt');
	});
});
