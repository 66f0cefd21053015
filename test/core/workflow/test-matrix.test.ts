import {describe, expect, it} from 'vitest';
import {failingTests, newFailures, TestMatrix, type MatrixRow} from '../../../source/core/workflow/test-matrix.js';

const row = (state: MatrixRow['state'], failures: string[], base = false): MatrixRow => ({target: {slug: base ? '@base' : 's', branch: 'b', worktree: '/w', base: 'main'}, base, state, failures});

describe('test matrix', () => {
	it('reads failing test names from common runners', () => {
		expect(failingTests([
			' FAIL  test/login.test.ts > login > times out 12ms',
			'   × keeps the session 3ms',
			'not ok 3 - parses dates',
			'FAILED tests/test_api.py::test_get - AssertionError',
			'--- FAIL: TestRouter (0.00s)',
			'test parser::empty ... FAILED',
			'ok 1 - fine',
		])).toEqual(['test/login.test.ts > login > times out', 'keeps the session', 'parses dates', 'tests/test_api.py::test_get', 'TestRouter', 'parser::empty']);
	});

	it('counts only the failures the base does not have', () => {
		const base = row('failed', ['known']);
		expect(newFailures(row('failed', ['known', 'login']), base)).toEqual(['login']);
		expect(newFailures(row('failed', ['known']), base)).toEqual([]);
		expect(newFailures(row('passed', []), base)).toEqual([]);
		expect(newFailures(row('failed', []), row('passed', []))).toEqual(['the run']);
		expect(newFailures(row('failed', ['x']), row('running', []))).toBeUndefined();
	});

	it('runs no more than its concurrency at once, the base first', async () => {
		let running = 0;
		let most = 0;
		const order: string[] = [];
		const runner = {
			start: async (target: {slug: string}) => {
				order.push(target.slug);
				running++;
				most = Math.max(most, running);
				await new Promise(resolve => setTimeout(resolve, 5));
				running--;
				const result = {slug: target.slug, branch: 'b', passed: target.slug !== 'c', exitCode: target.slug === 'c' ? 1 : 0, durationMs: 5, commit: 'abc', dirty: false, snapshot: 'abc', command: 'x', finishedAt: ''};
				const run = {commit: 'abc', terminal: {historyText: () => (target.slug === 'c' ? ['FAIL broken'] : [])}, stop: async () => {}};
				return {run, recorded: Promise.resolve({kind: 'finished' as const, result})} as never;
			},
		};
		const target = (slug: string) => ({slug, branch: slug, worktree: `/${slug}`, base: 'main'});
		const matrix = new TestMatrix({runner, base: target('@base'), targets: ['a', 'b', 'c', 'd'].map(target), concurrency: 2, size: () => ({cols: 80, rows: 24}), onChange: () => {}});
		await matrix.run();
		expect(most).toBe(2);
		expect(order[0]).toBe('@base');
		expect(matrix.rows.map(r => r.state)).toEqual(['passed', 'passed', 'passed', 'failed', 'passed']);
		expect(matrix.newFailures(matrix.rows[3]!)).toEqual(['broken']);
		expect(matrix.finished).toBe(true);
	});
});
