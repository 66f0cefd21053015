import {access, rm} from 'node:fs/promises';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {HasUnsavedWork} from '../../../source/core/git/errors.js';
import {serviceFixture} from './fixture.js';

async function exists(file: string): Promise<boolean> {
	return access(file).then(() => true, () => false);
}

describe('removeSession', () => {
	it('removes worktree and branch of a session without changes', async () => {
		const {repo, service} = await serviceFixture();
		const created = await service.createSession({slug: 'empty'});
		const result = await service.removeSession('empty');
		expect(result).toEqual({slug: 'empty', branch: 'agentgrid/empty', worktreeRemoved: true, branchDeleted: true, salvagedCommit: null, discardedFiles: [], discardedCommits: []});
		expect(await exists(created.worktree)).toBe(false);
		expect(await exists(path.dirname(created.worktree))).toBe(false);
		await expect(repo.git('rev-parse', '--verify', 'refs/heads/agentgrid/empty')).rejects.toThrow();
		expect(await service.listSessions()).toEqual([]);
		await expect(repo.git('config', 'branch.agentgrid/empty.agentgridBase')).rejects.toThrow();
	});

	it('removes a merged session without asking', async () => {
		const {repo, service, checkout} = await serviceFixture();
		const created = await service.createSession({slug: 'merged'});
		await checkout(created.worktree).commit('work', {'w.txt': 'w\n'});
		await service.integrate('merged');
		expect(await service.removeSession('merged')).toMatchObject({branchDeleted: true});
		expect(await repo.read('w.txt')).toBe('w\n');
	});

	it('refuses by default, listing uncommitted files and unmerged commits, and changes nothing', async () => {
		const {service, checkout} = await serviceFixture();
		const created = await service.createSession({slug: 'busy'});
		const work = checkout(created.worktree);
		const committed = await work.commit('unmerged work', {'u.txt': 'u\n'});
		await work.write('src/app.txt', 'edited\n');
		await work.write('new.txt', 'new\n');
		const error = await service.removeSession('busy').catch((error_: unknown) => error_);
		expect(error).toBeInstanceOf(HasUnsavedWork);
		const unsaved = error as HasUnsavedWork;
		expect(unsaved.uncommittedFiles.sort()).toEqual(['new.txt', 'src/app.txt']);
		expect(unsaved.unmergedCommits).toEqual([{sha: committed, subject: 'unmerged work'}]);
		expect(unsaved.message).toMatch(/uncommitted changes in .* and 1 commit not merged/);
		expect(await work.read('new.txt')).toBe('new\n');
		expect(await work.head('agentgrid/busy')).toBe(committed);
	});

	it('refuses unmerged commits even without uncommitted changes, unless the branch is kept', async () => {
		const {repo, service, checkout} = await serviceFixture();
		const created = await service.createSession({slug: 'keep'});
		const tip = await checkout(created.worktree).commit('work', {'k.txt': 'k\n'});
		await expect(service.removeSession('keep')).rejects.toBeInstanceOf(HasUnsavedWork);
		const result = await service.removeSession('keep', 'refuse', {keepBranch: true});
		expect(result).toMatchObject({worktreeRemoved: true, branchDeleted: false});
		expect(await repo.head('agentgrid/keep')).toBe(tip);
		expect(await exists(created.worktree)).toBe(false);
	});

	it('salvage commits the work in progress to the branch, keeps the branch, removes the worktree', async () => {
		const {repo, service, checkout} = await serviceFixture();
		const created = await service.createSession({slug: 'salvage-me'});
		const work = checkout(created.worktree);
		await work.write('src/app.txt', 'half done\n');
		await work.write('notes/new.txt', 'untracked idea\n');
		const result = await service.removeSession('salvage-me', 'salvage');
		expect(result.salvagedCommit).toMatch(/^[0-9a-f]{40}$/);
		expect(result).toMatchObject({worktreeRemoved: true, branchDeleted: false});
		expect(await exists(created.worktree)).toBe(false);
		expect(await repo.head('agentgrid/salvage-me')).toBe(result.salvagedCommit);
		expect((await repo.git('show', `${result.salvagedCommit}:notes/new.txt`))).toBe('untracked idea\n');
		expect((await repo.git('show', `${result.salvagedCommit}:src/app.txt`))).toBe('half done\n');
		expect((await repo.git('log', '-1', '--format=%s', 'agentgrid/salvage-me')).trim()).toMatch(/salvaged from session salvage-me/);
		// The kept branch can be resumed later, its base still remembered.
		const resumed = await service.createSession({slug: 'salvage-me', resumeExisting: true});
		expect(resumed.base).toBe('main');
		expect(await checkout(resumed.worktree).read('notes/new.txt')).toBe('untracked idea\n');
	});

	it('discard throws the work away only when chosen explicitly, and reports what was lost', async () => {
		const {repo, service, checkout} = await serviceFixture();
		const created = await service.createSession({slug: 'trash'});
		const work = checkout(created.worktree);
		const commit = await work.commit('doomed', {'d.txt': 'd\n'});
		await work.write('scratch.txt', 'scratch\n');
		const result = await service.removeSession('trash', 'discard');
		expect(result).toMatchObject({worktreeRemoved: true, branchDeleted: true, salvagedCommit: null, discardedFiles: ['scratch.txt'], discardedCommits: [{sha: commit, subject: 'doomed'}]});
		expect(await exists(created.worktree)).toBe(false);
		await expect(repo.git('rev-parse', '--verify', 'refs/heads/agentgrid/trash')).rejects.toThrow();
	});

	it('removes an orphan (directory deleted by hand) after the same checks', async () => {
		const {repo, service, checkout} = await serviceFixture();
		const created = await service.createSession({slug: 'orphan'});
		const tip = await checkout(created.worktree).commit('work', {'o.txt': 'o\n'});
		await rm(created.worktree, {recursive: true, force: true});
		await expect(service.removeSession('orphan')).rejects.toBeInstanceOf(HasUnsavedWork);
		expect(await service.removeSession('orphan', 'salvage')).toMatchObject({worktreeRemoved: true, branchDeleted: false, salvagedCommit: null});
		expect(await repo.head('agentgrid/orphan')).toBe(tip);
		expect((await repo.git('worktree', 'list')).trim().split('\n')).toHaveLength(1);
	});
});

describe('prune', () => {
	it('prunes metadata of deleted worktree directories and lists branches left by removed sessions', async () => {
		const {repo, service, checkout} = await serviceFixture();
		const gone = await service.createSession({slug: 'gone'});
		await rm(gone.worktree, {recursive: true, force: true});
		const kept = await service.createSession({slug: 'kept'});
		const keptTip = await checkout(kept.worktree).commit('work', {'k.txt': 'k\n'});
		await service.removeSession('kept', 'salvage');
		await service.createSession({slug: 'alive'});
		await repo.git('branch', 'unrelated');

		const result = await service.prune();
		expect(result.prunedWorktrees).toEqual([gone.worktree]);
		expect(result.leftoverBranches.sort((a, b) => a.slug.localeCompare(b.slug))).toEqual([
			{slug: 'gone', branch: 'agentgrid/gone', head: await repo.head('main'), base: 'main', unmergedCommits: 0},
			{slug: 'kept', branch: 'agentgrid/kept', head: keptTip, base: 'main', unmergedCommits: 1},
		]);
		expect((await service.listSessions()).map(session => session.slug)).toEqual(['alive']);
		expect((await service.prune()).prunedWorktrees).toEqual([]);
	});
});
