import {rm} from 'node:fs/promises';
import {describe, expect, it} from 'vitest';
import {loadCleanupRows} from '../../../../source/ui/screens/cleanup/cleanup-rows.js';
import {runGitIn} from '../../../helpers/git-repo.js';
import {serviceFixture} from '../../../core/git/fixture.js';
import {RecordingWorkspace} from './screen-context.js';

describe('cleanup rows', () => {
	it('lists worktrees, orphans and branches without a worktree with their state', async () => {
		const {repo, service, checkout} = await serviceFixture();
		const live = checkout((await service.createSession({slug: 'live'})).worktree);
		const merged = checkout((await service.createSession({slug: 'merged'})).worktree);
		const orphan = (await service.createSession({slug: 'orphan'})).worktree;
		const kept = checkout((await service.createSession({slug: 'kept'})).worktree);
		await live.commit('live work', {'live.txt': 'a\n'});
		await live.write('src/app.txt', 'dirty\n');
		await merged.commit('merged work', {'merged.txt': 'm\n'});
		await repo.git('merge', '--quiet', '--ff-only', 'agentgrid/merged');
		await kept.commit('kept one', {'kept.txt': 'k\n'});
		await kept.commit('kept two', {'kept2.txt': 'k\n'});
		await service.removeSession('kept', 'refuse', {keepBranch: true});
		await rm(orphan, {recursive: true, force: true});
		const workspace = new RecordingWorkspace(service);
		workspace.add('live', 'busy');
		workspace.add('merged', 'exited');

		const rows = await loadCleanupRows({worktrees: service, workspace});
		const bySlug = Object.fromEntries(rows.map(row => [row.slug, row]));
		expect(rows.map(row => row.slug)).toEqual(['kept', 'live', 'merged', 'orphan']);
		expect(bySlug.live).toMatchObject({kind: 'worktree', running: true, dirty: true, merged: false, ahead: 1, changedFiles: 2, branch: 'agentgrid/live'});
		expect(bySlug.merged).toMatchObject({kind: 'worktree', running: false, dirty: false, merged: true, ahead: 0});
		expect(bySlug.orphan).toMatchObject({kind: 'orphan', running: false, merged: false, ahead: 0});
		expect(bySlug.kept.worktree).toBeUndefined();
		expect(bySlug.kept).toMatchObject({kind: 'branch', merged: false, ahead: 2, changedFiles: 2, base: 'main'});
		for (const row of rows) {
			expect(row.lastActivity).toBeGreaterThan(Date.now() - 600_000);
			expect(row.lastActivity).toBeLessThanOrEqual(Date.now() + 1000);
		}
	});

	it('ignores branches outside the session prefix and branches checked out elsewhere', async () => {
		const {repo, service} = await serviceFixture();
		await repo.git('branch', 'feature');
		await repo.git('branch', 'agentgrid/nested/deep');
		await service.createSession({slug: 'one'});
		const rows = await loadCleanupRows({worktrees: service, workspace: new RecordingWorkspace(service)});
		expect(rows.map(row => [row.slug, row.kind])).toEqual([['one', 'worktree']]);
	});

	it('shows a session stopped mid-rebase as its worktree, marked rebasing, not as a branch without one', async () => {
		const {repo, service, checkout} = await serviceFixture();
		const work = checkout((await service.createSession({slug: 'stuck'})).worktree);
		await work.commit('session change', {'src/app.txt': 'session\n'});
		await repo.commit('main change', {'src/app.txt': 'main\n'});
		await expect(runGitIn(work.root, ['rebase', 'main'])).rejects.toThrow();
		const rows = await loadCleanupRows({worktrees: service, workspace: new RecordingWorkspace(service)});
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({slug: 'stuck', kind: 'worktree', worktree: work.root, inProgress: 'rebase', ahead: 1});
	});
});
