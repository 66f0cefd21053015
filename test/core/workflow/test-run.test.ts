import {readFile} from 'node:fs/promises';
import {describe, expect, it} from 'vitest';
import {snapshotWorktree} from '../../../source/core/git/snapshot.js';
import {NoTestCommand} from '../../../source/core/workflow/test-launch.js';
import {TestResultStore, testMarker} from '../../../source/core/workflow/test-results.js';
import {failingMarker, workflowFixture} from './workflow-fixture.js';

const size = {cols: 60, rows: 10};

async function waitFor(check: () => boolean, timeoutMs = 10_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!check()) {
		if (Date.now() > deadline) throw new Error('condition not met in time');
		await new Promise(resolve => setTimeout(resolve, 20));
	}
}

describe('test runs', () => {
	it('records a pass and then a fail with the commit, the dirty flag and the exit code, and persists them', async () => {
		const fixture = await workflowFixture();
		const target = await fixture.session('runs', {'feature.txt': 'f\n'});
		const head = await fixture.checkout(target.worktree).head();

		const first = await fixture.runner.start(target, size);
		const firstEnd = await first.recorded;
		expect(first.run.state).toBe('passed');
		expect(first.run.terminal.screenText().join('\n')).toContain('testing runs');
		expect(firstEnd).toMatchObject({kind: 'finished', result: {slug: 'runs', branch: target.branch, passed: true, exitCode: 0, commit: head, dirty: false, snapshot: head}});
		expect(await fixture.results.get('runs')).toEqual(first.run.result);

		await fixture.checkout(target.worktree).write(failingMarker, 'x\n');
		const second = await fixture.runner.start(target, size);
		await second.recorded;
		expect(second.run.state).toBe('failed');
		expect(second.run.result).toMatchObject({passed: false, exitCode: 1, commit: head, dirty: true});
		expect(second.run.result!.snapshot).not.toBe(head);

		// A fresh store (as after a restart) reads the latest result back from the file.
		const reopened = new TestResultStore(fixture.results.file);
		const saved = await reopened.get('runs');
		expect(saved).toEqual(second.run.result);
		expect(JSON.parse(await readFile(fixture.results.file, 'utf8')).results.runs.commit).toBe(head);
		expect(testMarker(saved!, (await snapshotWorktree(target.worktree)).commit)).toEqual({passed: false, stale: false});

		// Editing the worktree afterwards makes the result stale.
		await fixture.checkout(target.worktree).write('feature.txt', 'changed\n');
		expect(testMarker(saved!, (await snapshotWorktree(target.worktree)).commit)).toEqual({passed: false, stale: true});
		await Promise.all([first.run.dispose(), second.run.dispose()]);
	});

	it('stops a running test with its whole process tree and records nothing', async () => {
		const fixture = await workflowFixture('echo started; sleep 30 & wait');
		const target = await fixture.session('stops', {'a.txt': 'a\n'});
		const {run, recorded} = await fixture.runner.start(target, size);
		await waitFor(() => run.terminal.screenText().join('\n').includes('started'));
		expect(run.state).toBe('running');
		await run.stop();
		expect(await recorded).toEqual({kind: 'stopped'});
		expect(run.state).toBe('stopped');
		expect(await fixture.results.get('stops')).toBeUndefined();
		await run.dispose();
	});

	it('explains when there is no test command to run', async () => {
		const fixture = await workflowFixture('');
		const target = await fixture.session('none', {'a.txt': 'a\n'});
		await expect(fixture.runner.start(target, size)).rejects.toThrow(NoTestCommand);
	});
});
