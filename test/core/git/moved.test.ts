import {mkdir, rename, rm} from 'node:fs/promises';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {HasUnsavedWork, WorktreeMissing} from '../../../source/core/git/errors.js';
import {runGitIn} from '../../helpers/git-repo.js';
import {serviceFixture} from './fixture.js';

describe('a worktree moved by hand', () => {
	it('is listed as moved, with where it went (beside the old place or one level up), and git worktree repair is suggested', async () => {
		const {service, checkout} = await serviceFixture();
		const created = await service.createSession({slug: 'wandered'});
		await checkout(created.worktree).commit('work', {'w.txt': 'w\n'});
		const moved = path.join(path.dirname(created.worktree), 'wandered-elsewhere');
		await rename(created.worktree, moved);

		const [info] = await service.listSessions();
		expect(info).toMatchObject({slug: 'wandered', exists: false, worktree: created.worktree, movedTo: moved, ahead: 1});
		const error = await service.commitAll('wandered', 'more').catch((error: unknown) => error);
		expect(error).toBeInstanceOf(WorktreeMissing);
		expect((error as WorktreeMissing).message).toContain(`moved to ${moved}`);
		expect((error as WorktreeMissing).hint).toContain(`git worktree repair "${moved}"`);

		const upOne = path.join(path.dirname(path.dirname(created.worktree)), 'wandered');
		await rename(moved, upOne);
		expect((await service.listSessions())[0]!.movedTo).toBe(upOne);
	});

	it('says how to repair a missing worktree even when it cannot tell where it went', async () => {
		const {repo, service} = await serviceFixture();
		const created = await service.createSession({slug: 'far'});
		const far = path.join(repo.dir, 'deep', 'down');
		await mkdir(far, {recursive: true});
		await rename(created.worktree, path.join(far, 'far'));
		const [info] = await service.listSessions();
		expect(info!.movedTo).toBeUndefined();
		const error = (await service.rebaseOntoBase('far').catch((error: unknown) => error)) as WorktreeMissing;
		expect(error).toBeInstanceOf(WorktreeMissing);
		expect(error.hint).toContain('git worktree repair <new location>');
	});

	it('counts the uncommitted files in its new place before removing it, and salvage refuses rather than lose them', async () => {
		const {service, checkout} = await serviceFixture();
		const created = await service.createSession({slug: 'with-wip'});
		const moved = path.join(path.dirname(created.worktree), 'with-wip-moved');
		await rename(created.worktree, moved);
		await checkout(moved).write('notes.txt', 'unsaved\n');
		const refusal = (await service.removeSession('with-wip').catch((error: unknown) => error)) as HasUnsavedWork;
		expect(refusal).toBeInstanceOf(HasUnsavedWork);
		expect(refusal.uncommittedFiles).toEqual(['notes.txt']);
		await expect(service.removeSession('with-wip', 'salvage')).rejects.toBeInstanceOf(WorktreeMissing);
		expect(await checkout(moved).read('notes.txt')).toBe('unsaved\n');
		expect((await service.listSessions())[0]).toMatchObject({slug: 'with-wip', movedTo: moved});
	});
});

describe('prune', () => {
	it('keeps a moved worktree and one whose branch has unmerged commits, forgets one with nothing to lose', async () => {
		const {repo, service, checkout} = await serviceFixture();
		const moved = await service.createSession({slug: 'moved'});
		const movedTo = path.join(path.dirname(moved.worktree), 'moved-here');
		await rename(moved.worktree, movedTo);
		const deleted = await service.createSession({slug: 'deleted-with-work'});
		await checkout(deleted.worktree).commit('work', {'d.txt': 'd\n'});
		await rm(deleted.worktree, {recursive: true, force: true});
		const empty = await service.createSession({slug: 'deleted-empty'});
		await rm(empty.worktree, {recursive: true, force: true});

		const result = await service.prune();
		expect(result.prunedWorktrees).toEqual([empty.worktree]);
		expect(result.keptWorktrees.sort((a, b) => a.path.localeCompare(b.path))).toEqual([
			{path: deleted.worktree, slug: 'deleted-with-work', branch: 'agentgrid/deleted-with-work', unmergedCommits: 1},
			{path: moved.worktree, slug: 'moved', branch: 'agentgrid/moved', movedTo, unmergedCommits: 0},
		]);
		const listed = await repo.git('worktree', 'list', '--porcelain');
		expect(listed).toContain(moved.worktree);
		expect(listed).toContain(deleted.worktree);
		// Kept by prune, not left locked.
		expect(listed).not.toContain('locked');

		await repo.git('worktree', 'repair', movedTo);
		const repaired = (await service.listSessions()).find(session => session.slug === 'moved');
		expect(repaired).toMatchObject({exists: true, worktree: movedTo});
	});

	it('also keeps a worktree made outside agentgrid whose branch has commits the base lacks', async () => {
		const {repo, service} = await serviceFixture();
		const byHand = path.join(repo.dir, 'by-hand');
		await repo.git('worktree', 'add', '--quiet', '-b', 'feature', byHand);
		await runGitIn(byHand, ['commit', '--quiet', '--allow-empty', '-m', 'by hand']);
		await rm(byHand, {recursive: true, force: true});
		const result = await service.prune();
		expect(result.keptWorktrees).toEqual([{path: byHand, branch: 'feature', unmergedCommits: 1}]);
		expect(result.prunedWorktrees).toEqual([]);
	});
});
