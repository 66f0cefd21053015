import {describe, expect, it} from 'vitest';
import {currentTestMarkers} from '../../../source/core/workflow/test-markers.js';
import {workflowFixture} from './workflow-fixture.js';

describe('test markers', () => {
	it('marks a result stale once the session commits or edits, and ignores results of an earlier same-named branch', async () => {
		const fixture = await workflowFixture();
		const target = await fixture.session('marked', {'a.txt': 'a\n'});
		const other = await fixture.session('untested', {'b.txt': 'b\n'});
		await (await fixture.runner.start(target, {cols: 40, rows: 5})).recorded;
		const sessions = [target, other];
		expect(await currentTestMarkers(fixture.results, sessions)).toEqual(new Map([['marked', {passed: true, stale: false}]]));

		await fixture.checkout(target.worktree).write('a.txt', 'edited\n');
		expect((await currentTestMarkers(fixture.results, sessions)).get('marked')).toEqual({passed: true, stale: true});
		await fixture.checkout(target.worktree).write('a.txt', 'a\n');
		expect((await currentTestMarkers(fixture.results, sessions)).get('marked')).toEqual({passed: true, stale: false});
		await fixture.checkout(target.worktree).commit('more', {'c.txt': 'c\n'});
		expect((await currentTestMarkers(fixture.results, sessions)).get('marked')).toEqual({passed: true, stale: true});

		expect(await currentTestMarkers(fixture.results, [{...target, branch: 'agentgrid/another-life'}])).toEqual(new Map());
	});
});
