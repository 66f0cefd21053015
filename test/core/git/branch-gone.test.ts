import {describe, expect, it} from 'vitest';
import {BaseBranchGone, SessionBranchGone, UnrelatedHistory} from '../../../source/core/git/errors.js';
import {serviceFixture} from './fixture.js';

describe('a branch deleted outside agentgrid', () => {
	it('commit refuses on a session whose own branch is gone instead of starting a root commit', async () => {
		const {repo, service, checkout} = await serviceFixture();
		const created = await service.createSession({slug: 'lost'});
		const work = checkout(created.worktree);
		await work.commit('work', {'w.txt': 'w\n'});
		await repo.git('update-ref', '-d', 'refs/heads/agentgrid/lost');
		await work.write('more.txt', 'more\n');

		const error = await service.commitAll('lost', 'more work').catch((error_: unknown) => error_);

		expect(error).toBeInstanceOf(SessionBranchGone);
		expect((error as SessionBranchGone).message).toBe('The branch "agentgrid/lost" of session "lost" no longer exists; nothing was committed or merged.');
		expect((error as SessionBranchGone).hint).toContain('git update-ref refs/heads/agentgrid/lost <commit>');
		await expect(work.git('rev-parse', '--verify', '--quiet', 'HEAD')).rejects.toThrow();
		expect(await work.read('more.txt')).toBe('more\n');
	});

	it('rebase and integrate refuse with the base named when the base branch is gone', async () => {
		const {repo, service, checkout} = await serviceFixture();
		await repo.git('branch', 'develop');
		const created = await service.createSession({slug: 'orphaned', base: 'develop'});
		const tip = await checkout(created.worktree).commit('work', {'w.txt': 'w\n'});
		await repo.git('branch', '-D', 'develop');

		const rebase = await service.rebaseOntoBase('orphaned').catch((error_: unknown) => error_);
		expect(rebase).toBeInstanceOf(BaseBranchGone);
		expect((rebase as BaseBranchGone).message).toBe('The base branch "develop" no longer exists; nothing was committed or merged.');
		await expect(service.integrate('orphaned')).rejects.toBeInstanceOf(BaseBranchGone);
		expect(await repo.head('agentgrid/orphaned')).toBe(tip);
	});

	it('rebase names a history restarted by a root commit instead of failing in merge-base', async () => {
		const {repo, service, checkout} = await serviceFixture();
		const created = await service.createSession({slug: 'restarted'});
		const work = checkout(created.worktree);
		await repo.git('update-ref', '-d', 'refs/heads/agentgrid/restarted');
		// What an agent committing by itself leaves behind: a new root on a branch of the same name.
		await work.commit('new root', {'r.txt': 'r\n'});
		await repo.commit('main moves', {'m.txt': 'm\n'});

		await expect(service.rebaseOntoBase('restarted')).rejects.toBeInstanceOf(UnrelatedHistory);
	});
});
