import {chmod, mkdir, rm, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {BareRepository, GitNotFound, GitTooOld, NoCommits, NotARepository} from '../../../source/core/git/errors.js';
import {assertGitVersion, isSupportedGitVersion} from '../../../source/core/git/git-version.js';
import {openRepository} from '../../../source/core/git/repository.js';
import {runGit} from '../../../source/core/git/run-git.js';
import {addBareOrigin, cloneRepo, createTempRepo, makeTempDir, runGitIn, type TempRepo} from '../../helpers/git-repo.js';

const repos: TempRepo[] = [];
const dirs: string[] = [];
afterEach(async () => {
	await Promise.all(repos.splice(0).map(async repo => repo.cleanup()));
	await Promise.all(dirs.splice(0).map(async dir => rm(dir, {recursive: true, force: true})));
});

async function tempRepo(options?: Parameters<typeof createTempRepo>[0]): Promise<TempRepo> {
	const repo = await createTempRepo(options);
	repos.push(repo);
	return repo;
}

describe('openRepository', () => {
	it('finds the main worktree root from a subdirectory', async () => {
		const repo = await tempRepo();
		await mkdir(path.join(repo.root, 'a/b'), {recursive: true});
		const opened = await openRepository(path.join(repo.root, 'a/b'));
		expect(opened.root).toBe(repo.root);
		expect(opened.commonDir).toBe(path.join(repo.root, '.git'));
		expect(opened.defaultBase).toBe('main');
	});

	it('finds the main worktree root from inside a linked worktree', async () => {
		const repo = await tempRepo({branch: 'trunk'});
		const linked = path.join(repo.dir, 'linked');
		await repo.git('worktree', 'add', '-b', 'side', linked);
		const opened = await openRepository(linked);
		expect(opened.root).toBe(repo.root);
		expect(opened.defaultBase).toBe('trunk');
	});

	it('judges the main worktree\'s commits, not those of the linked worktree it is opened from', async () => {
		const repo = await tempRepo();
		const linked = path.join(repo.dir, 'linked');
		await repo.git('worktree', 'add', '-b', 'side', linked);
		// The main worktree moves to a branch with no commit yet; the linked one still has its history.
		await repo.git('checkout', '--quiet', '--orphan', 'fresh');
		const error = await openRepository(linked).catch((error_: unknown) => error_);
		expect(error).toBeInstanceOf(NoCommits);
		expect((error as NoCommits).message).toContain(repo.root);
	});

	it('refuses a directory outside any repository with NotARepository', async () => {
		const dir = await makeTempDir();
		dirs.push(dir);
		await expect(openRepository(dir)).rejects.toBeInstanceOf(NotARepository);
		await expect(openRepository(path.join(dir, 'missing'))).rejects.toThrow(/not inside a git repository/);
	});

	it('refuses a bare repository and says what to do', async () => {
		const dir = await makeTempDir();
		dirs.push(dir);
		await runGitIn(dir, ['init', '--quiet', '--bare', 'bare.git']);
		const error = await openRepository(path.join(dir, 'bare.git')).catch((error_: unknown) => error_);
		expect(error).toBeInstanceOf(BareRepository);
		expect((error as BareRepository).hint).toMatch(/git clone/);
	});

	it('refuses a repository without commits and tells the user to make one', async () => {
		const repo = await tempRepo({files: {}});
		const error = await openRepository(repo.root).catch((error_: unknown) => error_);
		expect(error).toBeInstanceOf(NoCommits);
		expect((error as NoCommits).hint).toMatch(/first commit/);
	});

	it('with a detached HEAD in the main worktree, falls back to origin/HEAD, then main/master', async () => {
		const repo = await tempRepo({branch: 'master'});
		await repo.commit('second', {'b.txt': 'b\n'});
		await repo.git('checkout', '--quiet', '--detach', 'HEAD~1');
		expect((await openRepository(repo.root)).defaultBase).toBe('master');

		const source = await tempRepo({branch: 'develop', name: 'source'});
		const clone = await cloneRepo(source.root, source.dir, 'clone');
		await clone.git('checkout', '--quiet', '--detach');
		expect((await openRepository(clone.root)).defaultBase).toBe('develop');
	});

	it('uses the remote-tracking branch when origin/HEAD has no local branch', async () => {
		const repo = await tempRepo({branch: 'main'});
		await addBareOrigin(repo);
		await repo.git('checkout', '--quiet', '--detach');
		await repo.git('branch', '--quiet', '-D', 'main');
		expect((await openRepository(repo.root)).defaultBase).toBe('origin/main');
	});
});

describe('git version check', () => {
	it('reads the installed version through simple-git, as git itself reports it', async () => {
		const repo = await tempRepo();
		const reported = /(\d+)\.(\d+)\.(\d+)/.exec(await repo.git('--version'))!.slice(1).map(Number);
		expect(await assertGitVersion(repo.root)).toEqual(reported);
	});

	it('accepts 2.38 and newer only', () => {
		expect(isSupportedGitVersion([2, 37, 9])).toBe(false);
		expect(isSupportedGitVersion([2, 38, 0])).toBe(true);
		expect(isSupportedGitVersion([3, 0, 0])).toBe(true);
		expect(isSupportedGitVersion([1, 99, 0])).toBe(false);
		expect(isSupportedGitVersion([])).toBe(false);
	});
});

describe('openRepository with an unusable git', () => {
	const originalPath = process.env.PATH;
	afterEach(() => {
		process.env.PATH = originalPath;
	});

	it('throws GitTooOld naming the found and needed versions', async () => {
		const repo = await tempRepo();
		const bin = path.join(repo.dir, 'old-git-bin');
		await mkdir(bin);
		// Like a real old git, it refuses the options it does not know (worktree list's -z came in 2.36).
		await writeFile(path.join(bin, 'git'), '#!/bin/sh\nif [ "$1" = --version ]; then echo "git version 2.30.1"; exit 0; fi\necho "error: unknown switch" >&2\nexit 129\n');
		await chmod(path.join(bin, 'git'), 0o755);
		process.env.PATH = `${bin}${path.delimiter}${originalPath}`;
		const error = await openRepository(repo.root).catch((error_: unknown) => error_);
		expect(error).toBeInstanceOf(GitTooOld);
		expect((error as GitTooOld).message).toMatch(/git 2\.30\.1 is too old: agentgrid needs git 2\.38/);
	});

	it('throws GitNotFound when git is not on PATH', async () => {
		const repo = await tempRepo();
		process.env.PATH = path.join(repo.dir, 'empty-bin');
		await expect(openRepository(repo.root)).rejects.toBeInstanceOf(GitNotFound);
	});
});

describe('runGit', () => {
	it('tells a missing working directory apart from a missing git', async () => {
		await expect(runGit(['status'], {cwd: '/nonexistent/agentgrid/dir'})).rejects.toThrow(/does not exist/);
	});
});
