import {readFile, rm} from 'node:fs/promises';
import {describe, expect, it} from 'vitest';
import {touchCommonPath} from '../../../source/core/git/overlap.js';
import {serviceFixture} from './fixture.js';

describe('overlap', () => {
	it('lists files changed by two or more sessions and predicts pair conflicts, committed or not', async () => {
		const {repo, service, checkout} = await serviceFixture({repo: {files: {'shared.txt': 'a\nb\nc\n', 'calm.txt': '1\n2\n3\n4\n5\n6\n7\n8\n9\n'}}});
		const alpha = checkout((await service.createSession({slug: 'alpha'})).worktree);
		const beta = checkout((await service.createSession({slug: 'beta'})).worktree);
		const gamma = checkout((await service.createSession({slug: 'gamma'})).worktree);
		const delta = checkout((await service.createSession({slug: 'delta'})).worktree);
		await alpha.commit('alpha edits shared', {'shared.txt': 'a\nALPHA\nc\n', 'calm.txt': 'ONE\n2\n3\n4\n5\n6\n7\n8\n9\n'});
		// beta's conflicting edit is not committed: the radar still sees it.
		await beta.write('shared.txt', 'a\nBETA\nc\n');
		// gamma touches calm.txt far from alpha's line: same file, no conflict.
		await gamma.commit('gamma edits calm', {'calm.txt': '1\n2\n3\n4\n5\n6\n7\n8\nNINE\n'});
		await delta.write('own.txt', 'separate\n');
		const betaIndex = (await beta.git('rev-parse', '--path-format=absolute', '--git-path', 'index')).trim();
		const indexBefore = await readFile(betaIndex);
		const headsBefore = await repo.git('for-each-ref', '--format=%(refname) %(objectname)');

		const report = await service.overlap();
		expect(report.files).toEqual([
			{path: 'calm.txt', slugs: ['alpha', 'gamma']},
			{path: 'shared.txt', slugs: ['alpha', 'beta']},
		]);
		const pairs = Object.fromEntries(report.pairs.map(pair => [`${pair.a}+${pair.b}`, pair.conflicts]));
		expect(pairs).toEqual({'alpha+beta': ['shared.txt'], 'alpha+gamma': []});
		expect(report.sessions.find(session => session.slug === 'beta')).toMatchObject({includesUncommitted: true, changedFiles: ['shared.txt']});
		expect(report.sessions.find(session => session.slug === 'delta')).toMatchObject({includesUncommitted: true, changedFiles: ['own.txt']});
		expect(report.againstBase).toEqual([]);
		// Refreshing over unchanged worktrees yields the same snapshot commits.
		const again = await service.overlap();
		expect(again.sessions.map(session => session.tip)).toEqual(report.sessions.map(session => session.tip));

		// Nothing was touched: index, files and refs are as before.
		expect(await readFile(betaIndex)).toEqual(indexBefore);
		expect((await beta.git('status', '--porcelain')).trim()).toBe('M shared.txt');
		expect(await repo.git('for-each-ref', '--format=%(refname) %(objectname)')).toBe(headsBefore);
	});

	it('predicts conflicts of each session against the moved base', async () => {
		const {repo, service, checkout} = await serviceFixture();
		const work = checkout((await service.createSession({slug: 'behind'})).worktree);
		const clean = checkout((await service.createSession({slug: 'clean'})).worktree);
		await work.commit('session edit', {'src/app.txt': 'one\nSESSION\nthree\n'});
		await clean.commit('unrelated', {'other.txt': 'o\n'});
		await repo.commit('base edit', {'src/app.txt': 'one\nBASE\nthree\n'});
		const report = await service.overlap();
		expect(report.againstBase).toEqual([
			{slug: 'behind', base: 'main', conflicts: ['src/app.txt']},
			{slug: 'clean', base: 'main', conflicts: []},
		]);
		expect(report.files).toEqual([]);
		expect(report.pairs).toEqual([]);
	});

	it('ignores orphaned sessions', async () => {
		const {service, checkout} = await serviceFixture();
		const live = checkout((await service.createSession({slug: 'live'})).worktree);
		await live.commit('x', {'x.txt': 'x\n'});
		const orphan = await service.createSession({slug: 'orphan'});
		await rm(orphan.worktree, {recursive: true, force: true});
		const report = await service.overlap();
		expect(report.sessions.map(session => session.slug)).toEqual(['live']);
	});
});

describe('touchCommonPath', () => {
	it('matches equal paths and a file against a directory of the same name', () => {
		expect(touchCommonPath(['a.txt'], ['a.txt'])).toBe(true);
		expect(touchCommonPath(['lib'], ['lib/x.ts'])).toBe(true);
		expect(touchCommonPath(['lib/x.ts'], ['lib'])).toBe(true);
		expect(touchCommonPath(['lib/x.ts'], ['lib/y.ts'])).toBe(false);
		expect(touchCommonPath(['libx'], ['lib/x'])).toBe(false);
		expect(touchCommonPath([], ['a'])).toBe(false);
	});
});
