import {describe, expect, it} from 'vitest';
import type {OverlapReport} from '../../../source/core/git/worktree-service.js';
import {overlapMarkers, radarRows, sharedPaths} from '../../../source/core/radar/radar-view.js';
import {serviceFixture} from '../git/fixture.js';

describe('radar view', () => {
	it('marks conflicting pairs, sharing pairs and base conflicts from a real overlap report', async () => {
		const {repo, service, checkout} = await serviceFixture({repo: {files: {'shared.txt': 'a\nb\nc\n', 'calm.txt': '1\n2\n3\n4\n5\n6\n7\n8\n9\n', 'base.txt': 'x\ny\nz\n'}}});
		const alpha = checkout((await service.createSession({slug: 'alpha'})).worktree);
		const beta = checkout((await service.createSession({slug: 'beta'})).worktree);
		const gamma = checkout((await service.createSession({slug: 'gamma'})).worktree);
		const delta = checkout((await service.createSession({slug: 'delta'})).worktree);
		const lone = checkout((await service.createSession({slug: 'lone'})).worktree);
		await alpha.commit('alpha', {'shared.txt': 'a\nALPHA\nc\n'});
		await beta.write('shared.txt', 'a\nBETA\nc\n');
		await gamma.commit('gamma', {'calm.txt': 'ONE\n2\n3\n4\n5\n6\n7\n8\n9\n'});
		await delta.commit('delta', {'calm.txt': '1\n2\n3\n4\n5\n6\n7\n8\nNINE\n'});
		await lone.commit('lone', {'base.txt': 'x\nLONE\nz\n'});
		await repo.commit('base moves', {'base.txt': 'x\nBASE\nz\n'});

		const report = await service.overlap();
		expect(Object.fromEntries(overlapMarkers(report))).toEqual({alpha: 'conflict', beta: 'conflict', gamma: 'shared', delta: 'shared', lone: 'conflict'});

		const rows = radarRows(report);
		expect(rows[0]).toEqual({kind: 'pair', a: 'alpha', b: 'beta', shared: ['shared.txt'], conflicts: ['shared.txt'], uncommitted: true});
		expect(rows[1]).toMatchObject({kind: 'pair', shared: ['calm.txt'], conflicts: [], uncommitted: false});
		expect(rows[1]!.kind === 'pair' && [rows[1]!.a, rows[1]!.b].sort()).toEqual(['delta', 'gamma']);
		// Every session forked before the base moved; only lone conflicts with it, and it is listed first.
		const bases = rows.filter(row => row.kind === 'base');
		expect(bases[0]).toEqual({kind: 'base', slug: 'lone', base: 'main', conflicts: ['base.txt']});
		expect(bases.slice(1).map(row => row.kind === 'base' && row.slug)).toEqual(['alpha', 'beta', 'delta', 'gamma']);
	});

	it('gives no marker to sessions that overlap with nobody', () => {
		const report: OverlapReport = {
			sessions: [{slug: 'a', branch: 'agentgrid/a', tip: '1', includesUncommitted: false, changedFiles: ['x']}],
			files: [],
			pairs: [],
			againstBase: [{slug: 'a', base: 'main', conflicts: []}],
			scope: [],
		};
		expect(overlapMarkers(report).size).toBe(0);
	});

	it('finds equal paths and a file standing where the other side has a directory', () => {
		expect(sharedPaths(['src/a.ts', 'docs', 'z'], ['docs/guide.md', 'src/a.ts', 'y'])).toEqual(['docs', 'docs/guide.md', 'src/a.ts']);
		expect(sharedPaths(['a/b'], ['a/bc'])).toEqual([]);
	});
});
