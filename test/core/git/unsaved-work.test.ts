/** The commits a removal would lose, read with simple-git's log parser, on real repositories. */
import {writeFile} from 'node:fs/promises';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {unmergedCommitsOf} from '../../../source/core/git/unsaved-work.js';
import {addBareOrigin} from '../../helpers/git-repo.js';
import {serviceFixture} from './fixture.js';

describe('unmerged commits', () => {
	it('lists the branch commits its base lacks, newest first, never the base\'s own, whatever the file names', async () => {
		const {repo, service, checkout} = await serviceFixture();
		const created = await service.createSession({slug: 'names'});
		const work = checkout(created.worktree);
		const first = await work.commit('first: plain', {'plain.txt': 'p\n'});
		await writeFile(Buffer.concat([Buffer.from(path.join(created.worktree, 'latin')), Buffer.from([0xFF]), Buffer.from('.txt')]), 'bytes\n');
		await work.write('two\nlines.txt', 'newline\n');
		await work.git('add', '-A');
		await work.git('commit', '-q', '-m', 'second: names à la carte ✓');
		const second = (await work.git('rev-parse', 'HEAD')).trim();
		// The base moves on too: its commit is not the branch's.
		await repo.commit('base only', {'base.txt': 'b\n'});

		expect(await unmergedCommitsOf(repo.root, 'agentgrid/names', 'main')).toEqual([
			{sha: second, subject: 'second: names à la carte ✓'},
			{sha: first, subject: 'first: plain'},
		]);
		await repo.git('merge', '-q', '--ff', '--no-edit', 'agentgrid/names');
		expect(await unmergedCommitsOf(repo.root, 'agentgrid/names', 'main')).toEqual([]);
	});

	it('with the base gone, lists the commits no other branch or remote has', async () => {
		const {repo, service, checkout} = await serviceFixture();
		await repo.git('branch', 'feature');
		const created = await service.createSession({slug: 'orphaned', base: 'feature'});
		const work = checkout(created.worktree);
		const pushedTip = await work.commit('pushed work', {'a.txt': 'a\n'});
		await addBareOrigin(repo);
		await work.git('push', '-q', 'origin', 'HEAD:refs/heads/elsewhere');
		const local = await work.commit('local only', {'b.txt': 'b\n'});
		await repo.git('branch', '-D', 'feature');

		expect(await unmergedCommitsOf(repo.root, 'agentgrid/orphaned', 'feature')).toEqual([{sha: local, subject: 'local only'}]);
		expect(pushedTip).not.toBe(local);
	});
});
