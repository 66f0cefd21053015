import {writeFile} from 'node:fs/promises';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {runGitIn} from '../../helpers/git-repo.js';
import {workspaceFixture} from './workspace-fixture.js';

describe('loading sessions before they are counted', () => {
	it('shows them with their counts unknown, keeps counts already known, and takes them from the next full listing', async () => {
		const fixture = await workspaceFixture({});
		const {worktree} = await fixture.worktrees.createSession({slug: 'counted'});
		await writeFile(path.join(worktree, 'one.txt'), '1\n');
		await writeFile(path.join(worktree, 'two.txt'), '2\n');
		await runGitIn(worktree, ['add', 'one.txt']);
		await runGitIn(worktree, ['commit', '--quiet', '-m', 'one']);

		// The workspace has not seen the session yet, as a starting server has not: the inventory says nothing of changes.
		const uncounted = await fixture.worktrees.listSessionsUncounted();
		expect(uncounted.map(record => record.slug)).toEqual(['counted']);
		await fixture.workspace.load(uncounted);
		const first = fixture.workspace.entries().find(entry => entry.slug === 'counted');
		expect(first?.changedFiles).toBeUndefined();
		expect(first?.merged).toBeUndefined();

		await fixture.workspace.load();
		expect(fixture.workspace.entries().find(entry => entry.slug === 'counted')?.changedFiles).toBe(2);

		// Another uncounted listing (a racing start, say) does not forget what was counted.
		await fixture.workspace.load(await fixture.worktrees.listSessionsUncounted());
		expect(fixture.workspace.entries().find(entry => entry.slug === 'counted')?.changedFiles).toBe(2);
	});
});
