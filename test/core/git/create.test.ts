import {access, mkdir, readdir, rm, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {InvalidRef, InvalidSlug, NameClash} from '../../../source/core/git/errors.js';
import {openRepository} from '../../../source/core/git/repository.js';
import {WorktreeService} from '../../../source/core/git/worktree-service.js';
import {serviceFixture} from './fixture.js';

async function exists(file: string): Promise<boolean> {
	return access(file).then(() => true, () => false);
}

describe('createSession', () => {
	it('creates branch agentgrid/<slug> in a sibling <repo>.worktrees/<slug> directory from the default base', async () => {
		const {repo, service} = await serviceFixture();
		const baseCommit = await repo.head();
		const created = await service.createSession({slug: 'Fix-Login'});
		expect(created).toMatchObject({
			slug: 'fix-login',
			branch: 'agentgrid/fix-login',
			worktree: path.join(repo.dir, 'repo.worktrees', 'fix-login'),
			base: 'main',
			baseCommit,
			resumed: false,
			mainCheckoutChanges: [],
			warnings: [],
		});
		expect(path.relative(repo.root, created.worktree).startsWith('..')).toBe(true);
		const checkout = await repo.git('-C', created.worktree, 'rev-parse', '--abbrev-ref', 'HEAD');
		expect(checkout.trim()).toBe('agentgrid/fix-login');
		expect(await exists(path.join(created.worktree, 'src/app.txt'))).toBe(true);
		// The base is remembered in git itself and the branch does not track the base.
		expect((await repo.git('config', 'branch.agentgrid/fix-login.agentgridBase')).trim()).toBe('main');
		await expect(repo.git('config', 'branch.agentgrid/fix-login.merge')).rejects.toThrow();
	});

	it('honours a configured branch prefix and worktree directory template', async () => {
		const {repo, repository} = await serviceFixture();
		const service = new WorktreeService(repository, {branchPrefix: 'ag-', worktreeDir: '{repo}/../trees/{repoName}-{slug}'});
		const created = await service.createSession({slug: 'one'});
		expect(created.branch).toBe('ag-one');
		expect(created.worktree).toBe(path.join(repo.dir, 'trees', 'repo-one'));
		expect((await service.listSessions()).map(session => session.slug)).toEqual(['one']);
	});

	it('starts from a named base and reports uncommitted changes of the main checkout', async () => {
		const {repo, service} = await serviceFixture();
		await repo.git('branch', 'release');
		await repo.commit('on main', {'main-only.txt': 'x\n'});
		await repo.write('README.md', 'edited but not committed\n');
		await repo.write('notes.txt', 'untracked\n');
		const created = await service.createSession({slug: 'from-release', base: 'release'});
		expect(created.base).toBe('release');
		expect(created.baseCommit).toBe(await repo.head('release'));
		expect(created.mainCheckoutChanges.sort()).toEqual(['README.md', 'notes.txt']);
		expect(await exists(path.join(created.worktree, 'main-only.txt'))).toBe(false);
		// The main checkout's changes are left exactly as they were.
		expect(await repo.read('README.md')).toBe('edited but not committed\n');
	});

	it('reports a name clash instead of reusing an existing branch, and resumes it only when asked', async () => {
		const {repo, service} = await serviceFixture();
		await repo.git('branch', 'agentgrid/taken');
		const tip = await repo.head('agentgrid/taken');
		const error = await service.createSession({slug: 'taken'}).catch((error_: unknown) => error_);
		expect(error).toBeInstanceOf(NameClash);
		expect((error as NameClash).kind).toBe('branch');
		expect((error as NameClash).message).toMatch(/agentgrid\/taken" already exists/);
		expect(await repo.head('agentgrid/taken')).toBe(tip);

		await repo.commit('main moves on', {'later.txt': 'later\n'});
		const resumed = await service.createSession({slug: 'taken', resumeExisting: true});
		expect(resumed.resumed).toBe(true);
		expect(await repo.head('agentgrid/taken')).toBe(tip);
		const second = await service.createSession({slug: 'taken', resumeExisting: true}).catch((error_: unknown) => error_);
		expect(second).toBeInstanceOf(NameClash);
		expect((second as NameClash).kind).toBe('session');
	});

	it('reports a clash when a session of that name already exists', async () => {
		const {service} = await serviceFixture();
		await service.createSession({slug: 'twice'});
		await expect(service.createSession({slug: 'TWICE'})).rejects.toThrow(/Session "twice" already exists/);
	});

	it('refuses a non-empty leftover directory at the worktree path (an orphaned worktree directory)', async () => {
		const {repo, service} = await serviceFixture();
		const leftover = path.join(repo.dir, 'repo.worktrees', 'leftover');
		await mkdir(leftover, {recursive: true});
		await writeFile(path.join(leftover, 'precious.txt'), 'keep me\n');
		const error = await service.createSession({slug: 'leftover'}).catch((error_: unknown) => error_);
		expect(error).toBeInstanceOf(NameClash);
		expect((error as NameClash).kind).toBe('worktree-directory');
		expect(await readdir(leftover)).toEqual(['precious.txt']);
		await expect(repo.git('rev-parse', '--verify', 'agentgrid/leftover')).rejects.toThrow();
	});

	it('resumes an orphaned session (directory deleted by hand) only when asked, keeping its commits', async () => {
		const {repo, service, checkout} = await serviceFixture();
		const created = await service.createSession({slug: 'lost'});
		const tip = await checkout(created.worktree).commit('work', {'w.txt': 'w\n'});
		await rm(created.worktree, {recursive: true, force: true});
		const other = await service.createSession({slug: 'other-orphan'});
		await rm(other.worktree, {recursive: true, force: true});
		await expect(service.createSession({slug: 'lost'})).rejects.toBeInstanceOf(NameClash);
		const resumed = await service.createSession({slug: 'lost', resumeExisting: true});
		expect(resumed).toMatchObject({resumed: true, worktree: created.worktree, base: 'main'});
		expect(await repo.head('agentgrid/lost')).toBe(tip);
		expect(await checkout(resumed.worktree).read('w.txt')).toBe('w\n');
		const listed = Object.fromEntries((await service.listSessions()).map(session => [session.slug, session.exists]));
		// Resuming one orphan leaves the other one listed, for the user to decide about.
		expect(listed).toEqual({lost: true, 'other-orphan': false});
	});

	it.each(['../x', '-rf', '$(touch pwned)', 'café', 'x'.repeat(300), '..', 'a b'])('rejects the hostile slug %j before running git', async slug => {
		const {repo, service} = await serviceFixture();
		const branchesBefore = await repo.git('branch', '--list');
		const error = await service.createSession({slug}).catch((error_: unknown) => error_);
		expect(error).toBeInstanceOf(InvalidSlug);
		expect(await repo.git('branch', '--list')).toBe(branchesBefore);
		expect((await repo.git('worktree', 'list')).trim().split('\n')).toHaveLength(1);
		for (const directory of [repo.root, repo.dir, path.dirname(repo.dir), process.cwd()]) {
			expect(await exists(path.join(directory, 'pwned'))).toBe(false);
		}
		expect(await exists(path.join(repo.dir, 'x'))).toBe(false);
	});

	it('rejects a base that could be read as an option, and a base that does not exist', async () => {
		const {service} = await serviceFixture();
		await expect(service.createSession({slug: 'a', base: '--output=/tmp/x'})).rejects.toBeInstanceOf(InvalidRef);
		await expect(service.createSession({slug: 'a', base: 'no-such-branch'})).rejects.toThrow(/"no-such-branch" does not name a commit/);
	});

	it('creates sessions when the main worktree has a detached HEAD', async () => {
		const {repo} = await serviceFixture();
		await repo.commit('second', {'b.txt': 'b\n'});
		await repo.git('checkout', '--quiet', '--detach', 'HEAD~1');
		const service = new WorktreeService(await openRepository(repo.root));
		const created = await service.createSession({slug: 'detached'});
		expect(created.base).toBe('main');
		expect(created.baseCommit).toBe(await repo.head('main'));
	});
});
