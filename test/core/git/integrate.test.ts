import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {BaseNotLocal, BranchMoved, DirtyBase, MergeConflict, NotFastForward, SessionDirty} from '../../../source/core/git/errors.js';
import {openRepository} from '../../../source/core/git/repository.js';
import {WorktreeService} from '../../../source/core/git/worktree-service.js';
import {addBareOrigin, wrapCheckout} from '../../helpers/git-repo.js';
import {serviceFixture} from './fixture.js';

describe('integrate (fast-forward)', () => {
	it('fast-forwards the base checked out in a clean main worktree, updating its files', async () => {
		const {repo, service, checkout} = await serviceFixture();
		const created = await service.createSession({slug: 'ff'});
		const tip = await checkout(created.worktree).commit('work', {'feature.txt': 'f\n'});
		const before = await repo.head();
		const result = await service.integrate('ff', {expectedHead: tip});
		expect(result).toEqual({status: 'fast-forwarded', base: 'main', previousBaseCommit: before, baseCommit: tip, updatedWorktree: repo.root});
		expect(await repo.head('main')).toBe(tip);
		expect(await repo.read('feature.txt')).toBe('f\n');
		expect((await repo.git('status', '--porcelain')).trim()).toBe('');
		expect((await service.listSessions())[0]).toMatchObject({merged: true, ahead: 0});
		expect((await service.integrate('ff')).status).toBe('up-to-date');
	});

	it('refuses when the main checkout has uncommitted changes, leaving them and the base untouched', async () => {
		const {repo, service, checkout} = await serviceFixture();
		const created = await service.createSession({slug: 'blocked'});
		await checkout(created.worktree).commit('work', {'src/app.txt': 'from session\n'});
		const before = await repo.head();
		await repo.write('src/app.txt', 'my local edit\n');
		await repo.write('README.md', 'staged edit\n');
		await repo.git('add', 'README.md');
		const error = await service.integrate('blocked').catch((error_: unknown) => error_);
		expect(error).toBeInstanceOf(DirtyBase);
		expect((error as DirtyBase).files.sort()).toEqual(['README.md', 'src/app.txt']);
		expect((error as DirtyBase).message).toMatch(/checked out in .*repo, which has uncommitted changes/);
		expect(await repo.head('main')).toBe(before);
		expect(await repo.read('src/app.txt')).toBe('my local edit\n');
		expect(await repo.read('README.md')).toBe('staged edit\n');
		expect((await repo.git('diff', '--cached', '--name-only')).trim()).toBe('README.md');
	});

	it('refuses when an untracked file in the base checkout would be overwritten, keeping the file', async () => {
		const {repo, service, checkout} = await serviceFixture();
		const created = await service.createSession({slug: 'untracked'});
		await checkout(created.worktree).commit('adds notes', {'notes.txt': 'session notes\n'});
		await repo.write('notes.txt', 'my private notes\n');
		const before = await repo.head();
		await expect(service.integrate('untracked')).rejects.toThrow(DirtyBase);
		expect(await repo.read('notes.txt')).toBe('my private notes\n');
		expect(await repo.head('main')).toBe(before);
	});

	it('applies the same rule when the base is checked out in another worktree', async () => {
		const {repo, service, checkout} = await serviceFixture();
		await repo.git('branch', 'release');
		const releaseCheckout = path.join(repo.dir, 'release-checkout');
		await repo.git('worktree', 'add', '--quiet', releaseCheckout, 'release');
		const other = wrapCheckout(releaseCheckout, repo.dir);
		const created = await service.createSession({slug: 'to-release', base: 'release'});
		const tip = await checkout(created.worktree).commit('work', {'r.txt': 'r\n'});

		await other.write('README.md', 'dirty in the other worktree\n');
		await expect(service.integrate('to-release')).rejects.toThrow(DirtyBase);
		expect(await repo.head('release')).not.toBe(tip);
		expect(await other.read('README.md')).toBe('dirty in the other worktree\n');

		await other.git('checkout', '--quiet', '--', 'README.md');
		const result = await service.integrate('to-release');
		expect(result).toMatchObject({status: 'fast-forwarded', base: 'release', baseCommit: tip, updatedWorktree: releaseCheckout});
		expect(await other.read('r.txt')).toBe('r\n');
		expect(await repo.head('main')).not.toBe(tip);
	});

	it('updates a base that is not checked out anywhere only by a true fast-forward', async () => {
		const {repo, service, checkout} = await serviceFixture();
		await repo.git('branch', 'develop');
		const created = await service.createSession({slug: 'dev', base: 'develop'});
		const tip = await checkout(created.worktree).commit('work', {'d.txt': 'd\n'});
		expect(await service.integrate('dev')).toMatchObject({status: 'fast-forwarded', base: 'develop', baseCommit: tip, updatedWorktree: null});
		expect(await repo.head('develop')).toBe(tip);

		const work = checkout(created.worktree);
		await work.commit('more', {'d2.txt': 'd2\n'});
		const diverged = await repo.git('commit-tree', '-p', tip, '-m', 'someone else', `${tip}^{tree}`);
		await repo.git('update-ref', 'refs/heads/develop', diverged.trim());
		await expect(service.integrate('dev')).rejects.toBeInstanceOf(NotFastForward);
		expect(await repo.head('develop')).toBe(diverged.trim());
	});

	it('updates only the ref when the main worktree has a detached HEAD', async () => {
		const {repo, checkout} = await serviceFixture();
		await repo.git('checkout', '--quiet', '--detach');
		const detachedAt = await repo.head();
		await repo.write('src/app.txt', 'uncommitted in detached checkout\n');
		const service = new WorktreeService(await openRepository(repo.root));
		const created = await service.createSession({slug: 'det'});
		const tip = await checkout(created.worktree).commit('work', {'x.txt': 'x\n'});
		expect(await service.integrate('det')).toMatchObject({status: 'fast-forwarded', base: 'main', updatedWorktree: null});
		expect(await repo.head('main')).toBe(tip);
		expect(await repo.head()).toBe(detachedAt);
		expect(await repo.read('src/app.txt')).toBe('uncommitted in detached checkout\n');
	});

	it('refuses a session with uncommitted changes, a moved branch, or a remote-tracking base', async () => {
		const {repo, service, checkout} = await serviceFixture();
		const created = await service.createSession({slug: 'careful'});
		const work = checkout(created.worktree);
		const tested = await work.commit('tested', {'t.txt': 't\n'});
		await work.write('t.txt', 'not committed\n');
		await expect(service.integrate('careful')).rejects.toBeInstanceOf(SessionDirty);
		await work.commit('untested', {});
		await expect(service.integrate('careful', {expectedHead: tested})).rejects.toBeInstanceOf(BranchMoved);

		await addBareOrigin(repo);
		await service.createSession({slug: 'remote-base', base: 'origin/main'});
		await expect(service.integrate('remote-base')).resolves.toMatchObject({status: 'up-to-date'});
		await checkout(path.join(repo.dir, 'repo.worktrees', 'remote-base')).commit('w', {'w.txt': 'w\n'});
		await expect(service.integrate('remote-base')).rejects.toBeInstanceOf(BaseNotLocal);
	});
});

describe('integrate (merge-commit mode)', () => {
	it('creates a merge commit in the clean checkout holding the base', async () => {
		const {repo, repository, checkout} = await serviceFixture();
		const service = new WorktreeService(repository, {mergeMode: 'merge-commit'});
		const created = await service.createSession({slug: 'mc'});
		const tip = await checkout(created.worktree).commit('work', {'m.txt': 'm\n'});
		const mainTip = await repo.commit('main work', {'main.txt': 'x\n'});
		const result = await service.integrate('mc');
		expect(result).toMatchObject({status: 'merged', base: 'main', previousBaseCommit: mainTip, updatedWorktree: repo.root});
		expect((await repo.git('rev-list', '--parents', '-n', '1', 'main')).trim().split(' ').slice(1)).toEqual([mainTip, tip]);
		expect(await repo.read('m.txt')).toBe('m\n');
	});

	it('creates a merge commit from trees alone when the base is not checked out, and refuses conflicts', async () => {
		const {repo, repository, checkout} = await serviceFixture();
		const service = new WorktreeService(repository, {mergeMode: 'merge-commit'});
		await repo.git('branch', 'develop');
		const created = await service.createSession({slug: 'tree', base: 'develop'});
		const tip = await checkout(created.worktree).commit('work', {'src/app.txt': 'one\nSESSION\nthree\n'});
		const other = await repo.git('commit-tree', '-p', 'develop', '-m', 'develop work', `${tip}^{tree}`);
		await repo.git('update-ref', 'refs/heads/develop', other.trim());
		const result = await service.integrate('tree');
		expect(result.status).toBe('merged');
		expect((await repo.git('rev-list', '--parents', '-n', '1', 'develop')).trim().split(' ').slice(1)).toEqual([other.trim(), tip]);

		const conflicting = await service.createSession({slug: 'conflicting', base: 'develop'});
		await checkout(conflicting.worktree).commit('conflict', {'src/app.txt': 'one\nCONFLICT\nthree\n'});
		await checkout(created.worktree).commit('more', {'src/app.txt': 'one\nMORE\nthree\n'});
		await service.integrate('tree');
		const developTip = await repo.head('develop');
		const error = await service.integrate('conflicting').catch((error_: unknown) => error_);
		expect(error).toBeInstanceOf(MergeConflict);
		expect((error as MergeConflict).files).toEqual(['src/app.txt']);
		expect(await repo.head('develop')).toBe(developTip);
	});

	it('aborts a conflicting merge in the checkout and leaves it clean', async () => {
		const {repo, repository, checkout} = await serviceFixture();
		const service = new WorktreeService(repository, {mergeMode: 'merge-commit'});
		const created = await service.createSession({slug: 'mconf'});
		await checkout(created.worktree).commit('session', {'src/app.txt': 'one\nSESSION\nthree\n'});
		const mainTip = await repo.commit('main', {'src/app.txt': 'one\nMAIN\nthree\n'});
		await expect(service.integrate('mconf')).rejects.toBeInstanceOf(MergeConflict);
		expect(await repo.head()).toBe(mainTip);
		expect((await repo.git('status', '--porcelain')).trim()).toBe('');
		expect(await repo.read('src/app.txt')).toBe('one\nMAIN\nthree\n');
	});
});
