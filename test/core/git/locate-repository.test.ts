/**
 * Finding the common git directory from files alone promises the answer git gives, or none: it never names another
 * repository than git would (the server's socket is keyed by it), and it leaves every case it cannot be sure of to git.
 */
import {mkdir, realpath, rm, symlink, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {locateRepository} from '../../../source/core/git/locate-repository.js';
import {createTempRepo, runGitIn, type TempRepo} from '../../helpers/git-repo.js';

const repos: TempRepo[] = [];
afterEach(async () => {
	for (const repo of repos.splice(0)) await repo.cleanup();
});

async function repo(options: Parameters<typeof createTempRepo>[0] = {}): Promise<TempRepo> {
	const created = await createTempRepo(options);
	repos.push(created);
	return created;
}

/** git's own answer, as the socket key sees it (resolved). */
async function gitSays(cwd: string): Promise<{commonDir: string; root: string}> {
	const [commonDir = '', root = ''] = (await runGitIn(cwd, ['rev-parse', '--path-format=absolute', '--git-common-dir', '--show-toplevel'])).split('\n');
	return {commonDir: await realpath(commonDir), root: await realpath(root)};
}

async function located(cwd: string, env: NodeJS.ProcessEnv = {}): Promise<{commonDir: string; root: string} | undefined> {
	const found = await locateRepository(cwd, env);
	return found && {commonDir: await realpath(found.commonDir), root: await realpath(found.root)};
}

describe('locateRepository', () => {
	it('agrees with git in the main worktree, a subdirectory and a linked worktree', async () => {
		const main = await repo();
		await main.write('src/deep/file.txt', 'x\n');
		const linked = path.join(main.dir, 'linked');
		await main.git('worktree', 'add', '-q', '-b', 'feature', linked);
		await mkdir(path.join(linked, 'sub'), {recursive: true});
		for (const cwd of [main.root, path.join(main.root, 'src', 'deep'), linked, path.join(linked, 'sub')]) {
			expect(await located(cwd)).toEqual(await gitSays(cwd));
		}
	});

	it('agrees with git through a symlinked path and with packed refs or a detached HEAD', async () => {
		const main = await repo();
		const link = path.join(main.dir, 'link');
		await symlink(main.root, link);
		expect(await located(link)).toEqual(await gitSays(link));
		await main.git('pack-refs', '--all');
		expect(await located(main.root)).toEqual(await gitSays(main.root));
		await main.git('checkout', '-q', '--detach');
		expect(await located(main.root)).toEqual(await gitSays(main.root));
	});

	it('leaves to git a repository without commits, a bare one, a relocated work tree and one inside .git', async () => {
		const empty = await repo({files: {}});
		expect(await locateRepository(empty.root, {})).toBeUndefined();
		const main = await repo();
		expect(await locateRepository(path.join(main.root, '.git'), {})).toBeUndefined();
		expect(await locateRepository(path.join(main.root, '.git', 'refs'), {})).toBeUndefined();
		await main.git('config', 'core.worktree', main.dir);
		expect(await locateRepository(main.root, {})).toBeUndefined();
		const bare = path.join(main.dir, 'bare.git');
		await runGitIn(main.dir, ['clone', '-q', '--bare', main.root, bare]);
		expect(await locateRepository(bare, {})).toBeUndefined();
	});

	it('leaves to git whatever the environment tells git, and a .git file it cannot read', async () => {
		const main = await repo();
		for (const name of ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_COMMON_DIR', 'GIT_CEILING_DIRECTORIES']) {
			expect(await locateRepository(main.root, {[name]: main.dir})).toBeUndefined();
		}
		const odd = path.join(main.dir, 'odd');
		await mkdir(odd);
		await writeFile(path.join(odd, '.git'), 'not a gitdir line\n');
		expect(await locateRepository(odd, {})).toBeUndefined();
		const dangling = path.join(main.dir, 'dangling');
		await mkdir(dangling);
		await writeFile(path.join(dangling, '.git'), 'gitdir: /nonexistent/worktrees/x\n');
		expect(await locateRepository(dangling, {})).toBeUndefined();
	});

	it('finds nothing outside any repository', async () => {
		const main = await repo();
		const outside = path.join(main.dir, 'outside');
		await mkdir(outside);
		await rm(path.join(main.root, '.git'), {recursive: true, force: true});
		expect(await locateRepository(outside, {})).toBeUndefined();
		expect(await locateRepository(main.root, {})).toBeUndefined();
	});
});
