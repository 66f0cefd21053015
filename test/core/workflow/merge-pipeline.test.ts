import {describe, expect, it} from 'vitest';
import {BaseBranchGone, DirtyBase, SessionBranchGone} from '../../../source/core/git/errors.js';
import {writeTaskBrief} from '../../../source/core/setup/task-brief.js';
import {conflictMessage} from '../../../source/core/workflow/conflict-message.js';
import {mergeSession} from '../../../source/core/workflow/merge-pipeline.js';
import {describeQueue, mergeQueue} from '../../../source/core/workflow/merge-queue.js';
import {failingMarker, recorder, workflowFixture} from './workflow-fixture.js';

describe('merge queue', () => {
	it('lands two sessions touching different files in order, each rebased on the previous one and tested', async () => {
		const fixture = await workflowFixture();
		const first = await fixture.session('first', {'one.txt': '1\n'});
		const second = await fixture.session('second', {'two.txt': '2\n'});
		const start = await fixture.repo.head('main');
		const {deps, steps} = recorder(fixture);

		const result = await mergeQueue([first, second], deps);

		expect(result.stopped).toBeUndefined();
		expect(result.merged.map(outcome => outcome.slug)).toEqual(['first', 'second']);
		const log = (await fixture.repo.git('log', '--format=%s', 'main')).trim().split('\n');
		expect(log).toEqual(['second work', 'first work', 'Initial commit']);
		expect(await fixture.repo.read('one.txt')).toBe('1\n');
		expect(await fixture.repo.read('two.txt')).toBe('2\n');
		// The second was rebased onto the first's merge and tested on exactly the commit that landed.
		const mainHead = await fixture.repo.head('main');
		expect(await fixture.repo.git('rev-parse', 'main~2')).toContain(start);
		expect((await fixture.results.get('first'))).toMatchObject({passed: true, commit: await fixture.repo.head('main~1')});
		expect((await fixture.results.get('second'))).toMatchObject({passed: true, commit: mainHead});
		expect(steps.get('second')!.map(step => step.state)).toEqual(['done', 'skipped', 'done', 'done', 'done']);
		expect(describeQueue(result)).toBe('merged first, second');
	});

	it('stops at the second of two conflicting sessions with the conflict shown and every checkout clean', async () => {
		const fixture = await workflowFixture();
		const first = await fixture.session('left', {'src/app.txt': 'left version\n'});
		const second = await fixture.session('right', {'src/app.txt': 'right version\n'});
		const third = await fixture.session('later', {'three.txt': '3\n'});
		const secondHead = await fixture.checkout(second.worktree).head();
		const {deps, steps} = recorder(fixture);

		const result = await mergeQueue([first, second, third], deps);

		expect(result.merged.map(outcome => outcome.slug)).toEqual(['left']);
		expect(result.stopped?.kind).toBe('conflict');
		expect(result.untouched.map(target => target.slug)).toEqual(['later']);
		if (result.stopped?.kind !== 'conflict') throw new Error('expected a conflict');
		const {conflict} = result.stopped;
		expect(conflict.files).toEqual(['src/app.txt']);
		expect(conflict.upstreamCommits.map(commit => commit.subject)).toEqual(['left work']);
		expect(steps.get('right')!.find(step => step.id === 'rebase')).toMatchObject({state: 'failed'});
		expect(steps.has('later')).toBe(false);

		// Nothing half-done anywhere: the session is back on its own commit, no rebase in progress, main has the first.
		const rightCheckout = fixture.checkout(second.worktree);
		expect(await rightCheckout.head()).toBe(secondHead);
		expect((await rightCheckout.git('status', '--porcelain')).trim()).toBe('');
		expect(await rightCheckout.read('src/app.txt')).toBe('right version\n');
		expect((await fixture.repo.git('status', '--porcelain')).trim()).toBe('');
		expect(await fixture.repo.read('src/app.txt')).toBe('left version\n');

		const message = conflictMessage(conflict, second.branch);
		expect(message).toBe(`Your changes on agentgrid/right conflict with main: commits ${(await fixture.repo.head('main')).slice(0, 7)} "left work" touched src/app.txt. Rebase onto main and resolve the conflicts, then tell me when done.`);
	});
});

describe('merging one session', () => {
	it('refuses at the check when the session branch was deleted by hand, committing nothing', async () => {
		const fixture = await workflowFixture();
		const target = await fixture.session('lost', {'feature.txt': 'f\n'});
		const work = fixture.checkout(target.worktree);
		await fixture.repo.git('update-ref', '-d', 'refs/heads/agentgrid/lost');
		await work.write('pending.txt', 'pending\n');
		const {deps, steps, asked} = recorder(fixture);

		const outcome = await mergeSession(target, deps);

		expect(outcome.kind).toBe('refused');
		if (outcome.kind !== 'refused') throw new Error('expected a refusal');
		expect(outcome.error).toBeInstanceOf(SessionBranchGone);
		expect(steps.get('lost')!.map(step => step.state)).toEqual(['failed', 'pending', 'pending', 'pending', 'pending']);
		expect(asked).toEqual([]);
		await expect(work.git('rev-parse', '--verify', '--quiet', 'HEAD')).rejects.toThrow();
		expect(await work.read('pending.txt')).toBe('pending\n');
	});

	it('refuses at the check when the base branch no longer exists', async () => {
		const fixture = await workflowFixture();
		const target = await fixture.session('stranded', {'feature.txt': 'f\n'});
		const sessionHead = await fixture.checkout(target.worktree).head();
		await fixture.repo.git('checkout', '--quiet', '-b', 'elsewhere');
		await fixture.repo.git('branch', '-D', 'main');
		await fixture.checkout(target.worktree).write('pending.txt', 'pending\n');
		const {deps, steps} = recorder(fixture);

		const outcome = await mergeSession(target, deps);

		if (outcome.kind !== 'refused') throw new Error('expected a refusal');
		expect(outcome.error).toBeInstanceOf(BaseBranchGone);
		expect(outcome.error.message).toContain('base branch "main" no longer exists');
		expect(steps.get('stranded')![0]).toMatchObject({id: 'check', state: 'failed'});
		expect(await fixture.checkout(target.worktree).head()).toBe(sessionHead);
	});

	it('refuses when the base is checked out with uncommitted changes, keeping them and touching nothing', async () => {
		const fixture = await workflowFixture();
		const target = await fixture.session('blocked', {'feature.txt': 'f\n'});
		const sessionHead = await fixture.checkout(target.worktree).head();
		const mainHead = await fixture.repo.head('main');
		await fixture.repo.write('src/app.txt', 'my local edit\n');
		const {deps, steps, asked} = recorder(fixture);

		const outcome = await mergeSession(target, deps);

		expect(outcome.kind).toBe('refused');
		if (outcome.kind !== 'refused') throw new Error('expected a refusal');
		expect(outcome.error).toBeInstanceOf(DirtyBase);
		expect(outcome.error.message).toMatch(/checked out in .*repo, which has uncommitted changes \(src\/app\.txt\)/);
		expect(steps.get('blocked')!.map(step => step.state)).toEqual(['failed', 'pending', 'pending', 'pending', 'pending']);
		expect(asked).toEqual([]);
		expect(await fixture.repo.read('src/app.txt')).toBe('my local edit\n');
		expect(await fixture.repo.head('main')).toBe(mainHead);
		expect(await fixture.checkout(target.worktree).head()).toBe(sessionHead);
		expect(await fixture.results.get('blocked')).toBeUndefined();
	});

	it('stops when the tests fail unless the user overrides, and records the failing result', async () => {
		const fixture = await workflowFixture();
		const target = await fixture.session('red', {[failingMarker]: 'x\n'});
		const mainHead = await fixture.repo.head('main');
		const refused = recorder(fixture, {override: false});

		const outcome = await mergeSession(target, refused.deps);

		expect(outcome).toMatchObject({kind: 'tests-failed', result: {passed: false, exitCode: 1}});
		expect(refused.asked).toEqual([expect.stringMatching(/^override red: tests failed \(exit 1\) after .* on [0-9a-f]{7}$/)]);
		expect(await fixture.repo.head('main')).toBe(mainHead);
		expect(await fixture.results.get('red')).toMatchObject({passed: false});

		const overridden = recorder(fixture, {override: true});
		const merged = await mergeSession(target, overridden.deps);
		expect(merged).toMatchObject({kind: 'merged', overridden: true});
		expect(await fixture.repo.head('main')).toBe(await fixture.checkout(target.worktree).head());
	});

	it('asks before committing pending changes, with the task as the suggested message, and stops when declined', async () => {
		const fixture = await workflowFixture();
		const created = await fixture.service.createSession({slug: 'pending'});
		const checkout = fixture.checkout(created.worktree);
		await writeTaskBrief(created.worktree, 'AGENTGRID_TASK.md', {prompt: 'add the greeting file'}, created);
		await checkout.write('greeting.txt', 'hello\n');
		const target = await fixture.target('pending');

		const declined = recorder(fixture, {commitMessage: null});
		expect(await mergeSession(target, declined.deps)).toMatchObject({kind: 'cancelled'});
		expect(declined.asked[0]).toMatch(/^commit pending: .*greeting\.txt.* as "Add the greeting file"$/);
		expect((await checkout.git('status', '--porcelain')).trim()).not.toBe('');

		const accepted = recorder(fixture, {commitMessage: 'Add greeting'});
		const outcome = await mergeSession(target, accepted.deps);
		expect(outcome).toMatchObject({kind: 'merged'});
		expect((await fixture.repo.git('log', '-1', '--format=%s', 'main')).trim()).toBe('Add greeting');
		expect(await fixture.repo.read('greeting.txt')).toBe('hello\n');
		expect((await fixture.repo.git('show', '--name-only', '--format=', 'main')).trim()).toBe('greeting.txt');
	});
});
