import {access} from 'node:fs/promises';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
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
		const removed = await service.removeSession('with-sub', 'salvage');
		expect(removed).toMatchObject({worktreeRemoved: true, branchDeleted: false});
		expect(await exists(created.worktree)).toBe(false);
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
