import {writeFile} from 'node:fs/promises';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {GitCommandFailed} from '../../../source/core/git/errors.js';
import {serviceFixture} from './fixture.js';

async function failure(promise: Promise<unknown>): Promise<GitCommandFailed> {
	const error = await promise.then(() => undefined, (error_: unknown) => error_);
	expect(error).toBeInstanceOf(GitCommandFailed);
	return error as GitCommandFailed;
}

describe('a stale index.lock', () => {
	it('is named in the error of a merge into the main checkout, with when removing it is safe', async () => {
		const {repo, service, checkout} = await serviceFixture();
		const created = await service.createSession({slug: 'locked'});
		await checkout(created.worktree).commit('work', {'w.txt': 'w\n'});
		const lock = path.join(repo.root, '.git', 'index.lock');
		await writeFile(lock, '');

		const error = await failure(service.integrate('locked'));

		expect(error.code).toBe('GIT_LOCKED');
		expect(error.lockFile).toBe(lock);
		expect(error.message).toContain(`the lock file ${lock} exists`);
		expect(error.hint).toContain(`Remove ${lock} only when no git process is running in that worktree`);
		expect(await repo.exists(lock)).toBe(true);
	});

	it('is named when it blocks a rebase in a session worktree', async () => {
		const {repo, service, checkout} = await serviceFixture();
		const created = await service.createSession({slug: 'behind'});
		await checkout(created.worktree).commit('work', {'w.txt': 'w\n'});
		await repo.commit('main moves', {'m.txt': 'm\n'});
		const lock = (await checkout(created.worktree).git('rev-parse', '--path-format=absolute', '--git-path', 'index.lock')).trim();
		await writeFile(lock, '');

		const error = await failure(service.rebaseOntoBase('behind'));

		expect(error.lockFile).toBe(lock);
		expect(error.message).toContain(lock);
		expect(error.hint).toContain('only when no git process is running in that worktree');
	});
});
