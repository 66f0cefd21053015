import {access, readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {SubmoduleWorkUnsaved} from '../../../source/core/git/errors.js';
import {openRepository} from '../../../source/core/git/repository.js';
import {WorktreeService} from '../../../source/core/git/worktree-service.js';
import {createTempRepo, runGitIn, type TempRepo} from '../../helpers/git-repo.js';
import {onCleanup} from './fixture.js';

const allowFileProtocol = {GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'protocol.file.allow', GIT_CONFIG_VALUE_0: 'always'};

async function exists(file: string): Promise<boolean> {
	return access(file).then(() => true, () => false);
}

/** A repository with a local file:// submodule at lib/sub. */
async function repoWithSubmodule(): Promise<TempRepo> {
	const repo = await createTempRepo({files: {'README.md': '# super\n'}});
	onCleanup(repo.cleanup);
	const sub = await createTempRepo({parent: repo.dir, name: 'sub-source', files: {'lib.txt': 'library\n'}});
	await runGitIn(repo.root, ['-c', 'protocol.file.allow=always', 'submodule', 'add', '--quiet', `file://${sub.root}`, 'lib/sub']);
	await repo.git('commit', '--quiet', '-m', 'Add submodule');
	return repo;
}

describe('a repository with a submodule', () => {
	const saved: Record<string, string | undefined> = {};
	beforeEach(() => {
		for (const key of Object.keys(allowFileProtocol)) {
			saved[key] = process.env[key];
		}
	});
	afterEach(() => {
		for (const [key, value] of Object.entries(saved)) {
			if (value === undefined) {
				delete process.env[key];
			} else {
				process.env[key] = value;
			}
		}
	});

	it('creates, lists, diffs, commits and removes sessions, initialising the submodule in the worktree', async () => {
		Object.assign(process.env, allowFileProtocol);
		const repo = await repoWithSubmodule();
		const service = new WorktreeService(await openRepository(repo.root));
		const created = await service.createSession({slug: 'with-sub'});
		expect(created.warnings).toEqual([]);
		expect(await exists(path.join(created.worktree, 'lib/sub/lib.txt'))).toBe(true);
		expect((await service.listSessions())[0]).toMatchObject({dirty: false, changedFiles: 0});

		// Move the submodule to a new commit inside the session: the superproject sees a changed gitlink.
		const inner = path.join(created.worktree, 'lib/sub');
		await runGitIn(inner, ['config', 'user.name', 'Test Author']);
		await runGitIn(inner, ['config', 'user.email', 'author@example.com']);
		await runGitIn(inner, ['commit', '--quiet', '--allow-empty', '-m', 'inner change']);
		const summary = await service.diff('with-sub');
		expect(summary.files).toMatchObject([{path: 'lib/sub', status: 'modified', origin: 'unstaged'}]);
		expect(await service.commitAll('with-sub', 'Bump submodule')).toMatch(/^[0-9a-f]{40}$/);
		expect((await service.overlap()).sessions[0]!.changedFiles).toEqual(['lib/sub']);

		await expect(service.removeSession('with-sub')).rejects.toThrow(/not merged/);
		// The inner commit lives only in the worktree's own submodule repository until it is pushed.
		await expect(service.removeSession('with-sub', 'salvage')).rejects.toThrow(SubmoduleWorkUnsaved);
		expect(await exists(created.worktree)).toBe(true);
		await runGitIn(inner, ['push', '--quiet', 'origin', 'HEAD:refs/heads/inner-change']);
		const removed = await service.removeSession('with-sub', 'salvage');
		expect(removed).toMatchObject({worktreeRemoved: true, branchDeleted: false});
		expect(await exists(created.worktree)).toBe(false);
	});

	it('salvage refuses to remove a worktree whose submodule holds uncommitted edits, changing nothing', async () => {
		Object.assign(process.env, allowFileProtocol);
		const repo = await repoWithSubmodule();
		const service = new WorktreeService(await openRepository(repo.root));
		const created = await service.createSession({slug: 'sub-edit'});
		const innerFile = path.join(created.worktree, 'lib/sub/lib.txt');
		await writeFile(innerFile, 'edited inside the submodule\n');
		await writeFile(path.join(created.worktree, 'top.txt'), 'edited in the superproject\n');
		const branchTip = await repo.head('agentgrid/sub-edit');

		const error = await service.removeSession('sub-edit', 'salvage').catch((error_: unknown) => error_);

		expect(error).toBeInstanceOf(SubmoduleWorkUnsaved);
		expect((error as SubmoduleWorkUnsaved).submodules).toEqual([{path: 'lib/sub', uncommittedFiles: 1, unpushedCommits: 0}]);
		expect((error as SubmoduleWorkUnsaved).message).toContain('cannot be salvaged: its submodule lib/sub (uncommitted changes in 1 file)');
		expect(await readFile(innerFile, 'utf8')).toBe('edited inside the submodule\n');
		expect(await exists(path.join(created.worktree, 'top.txt'))).toBe(true);
		expect(await repo.head('agentgrid/sub-edit')).toBe(branchTip);
		expect((await service.listSessions()).map(session => session.slug)).toEqual(['sub-edit']);
		await expect(service.removeSession('sub-edit', 'refuse', {keepBranch: true})).rejects.toThrow();
		expect(await exists(innerFile)).toBe(true);
	});

	it('still creates the session when the submodule cannot be fetched, with a warning', async () => {
		Object.assign(process.env, allowFileProtocol);
		const repo = await repoWithSubmodule();
		delete process.env.GIT_CONFIG_COUNT;
		delete process.env.GIT_CONFIG_KEY_0;
		delete process.env.GIT_CONFIG_VALUE_0;
		const service = new WorktreeService(await openRepository(repo.root));
		const created = await service.createSession({slug: 'no-sub'});
		expect(created.warnings).toHaveLength(1);
		expect(created.warnings[0]).toMatch(/Submodules could not be initialised/);
		expect(await exists(path.join(created.worktree, 'README.md'))).toBe(true);
		expect(await service.removeSession('no-sub')).toMatchObject({branchDeleted: true});
	});
});
