/**
 * The git thread's promises: git started off the event loop still sees the process's environment as it is now, a
 * call never hangs when the thread dies (it fails with a clear error, and the next call starts a new thread), a
 * command-line process that used git exits on its own once its calls are done, and background work's git yields the
 * CPU (niced) without anything of that reaching git's own environment. An idle thread ends, never under a running
 * call, and the next call starts another.
 */
import {readdir} from 'node:fs/promises';
import {execFile} from 'node:child_process';
import {createRequire} from 'node:module';
import {availableParallelism} from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import {afterEach, describe, expect, it} from 'vitest';
import {withGitAbort} from '../../../source/core/git/git-abort.js';
import {gitThreadRunning, setGitThreadIdleStop, stopGitThread} from '../../../source/core/git/git-thread.js';
import {runGit} from '../../../source/core/git/run-git.js';
import {createTempRepo, type TempRepo} from '../../helpers/git-repo.js';
import {ourGitProcesses, until} from '../../helpers/git-processes.js';

const repos: TempRepo[] = [];
afterEach(async () => {
	for (const repo of repos.splice(0)) await repo.cleanup();
});

async function repository(): Promise<TempRepo> {
	const repo = await createTempRepo({files: {'a.txt': 'a\n'}});
	repos.push(repo);
	return repo;
}

describe('the git thread', () => {
	it('runs git with the environment the process has now, not the one it had when the thread started', async () => {
		await runGit(['status'], {cwd: (await repository()).root});
		const before = process.env.GIT_AUTHOR_NAME;
		process.env.GIT_AUTHOR_NAME = 'Set After Start';
		try {
			// In a repository no call has used yet (each directory's instance keeps the environment it was made with).
			const {stdout} = await runGit(['var', 'GIT_AUTHOR_IDENT'], {cwd: (await repository()).root});
			expect(stdout).toMatch(/^Set After Start </);
		} finally {
			if (before === undefined) delete process.env.GIT_AUTHOR_NAME;
			else process.env.GIT_AUTHOR_NAME = before;
		}
	});

	it('fails the calls of a thread that dies, and runs the next call on a new one', async () => {
		const repo = await repository();
		// `git add` of this file runs a clean filter that takes two seconds: the call is running when the thread dies.
		await repo.git('config', 'filter.slow.clean', 'exec 2>/dev/null; sleep 2; cat');
		await repo.write('.gitattributes', 'slow.txt filter=slow\n');
		await repo.write('slow.txt', 'slow\n');
		const running = runGit(['add', 'slow.txt'], {cwd: repo.root}).then(() => 'finished', (error: unknown) => error);
		await until(async () => (await ourGitProcesses()).some(line => / add slow\.txt/.test(line)));
		await stopGitThread();
		const error = await running;
		expect(error).toBeInstanceOf(Error);
		expect((error as Error).message).toMatch(/^git could not run: the git thread stopped/);
		const {stdout} = await runGit(['rev-parse', '--abbrev-ref', 'HEAD'], {cwd: repo.root});
		expect(stdout.trim()).toBe('main');
		await until(async () => (await ourGitProcesses()).length === 0);
	});

	it('fails a call in a directory that does not exist with its own error, and only that call', async () => {
		const repo = await repository();
		await repo.git('config', 'filter.slow.clean', 'exec 2>/dev/null; sleep 1; cat');
		await repo.write('.gitattributes', 'slow.txt filter=slow\n');
		await repo.write('slow.txt', 'slow\n');
		const slow = runGit(['add', 'slow.txt'], {cwd: repo.root});
		const missing = path.join(repo.dir, 'gone');
		await expect(runGit(['status'], {cwd: missing})).rejects.toMatchObject({code: 'DIRECTORY_MISSING', message: `The directory ${missing} does not exist (any more).`});
		await expect(slow).resolves.toMatchObject({exitCode: 0});
		expect(await repo.git('diff', '--cached', '--name-only')).toBe('slow.txt\n');
	});

	it('refuses a request that cannot cross to the thread, and keeps working', async () => {
		const repo = await repository();
		const env = {GIT_TRACE: '0', hook: (() => 'not data') as unknown as string};
		await expect(runGit(['status'], {cwd: repo.root, env})).rejects.toThrow(/could not be cloned/);
		const {stdout} = await runGit(['rev-parse', '--abbrev-ref', 'HEAD'], {cwd: repo.root});
		expect(stdout.trim()).toBe('main');
	});

	it('nices the git of background work only, and keeps the request out of git\'s environment', async () => {
		const repo = await repository();
		// An alias runs in a shell that git starts, with git's priority and environment.
		const probe = ['-c', 'alias.probe=!ps -o ni= -p $$; printenv AGENTGRID_GIT_NICE; true', 'probe'];
		const background = await withGitAbort(undefined, async () => runGit(probe, {cwd: repo.root}), {background: true});
		const foreground = await runGit(probe, {cwd: repo.root});
		const niceness = Number((await runGit(['-c', 'alias.probe=!ps -o ni= -p $$', 'probe'], {cwd: repo.root})).stdout.trim());
		expect(background.stdout.trim()).toBe(String(Math.min(19, niceness + 10)));
		expect(foreground.stdout.trim()).toBe(String(niceness));
	});

	it('runs background git one process fewer than the machine has cores at a time, across repositories', async () => {
		const cap = Math.max(1, availableParallelism() - 1);
		const repos = await Promise.all(Array.from({length: cap + 2}, async () => {
			const repo = await repository();
			await repo.git('config', 'filter.slow.clean', 'exec 2>/dev/null; sleep 0.4; cat');
			await repo.write('.gitattributes', 'slow.txt filter=slow\n');
			await repo.write('slow.txt', 'slow\n');
			return repo;
		}));
		let most = 0;
		let done = false;
		const watching = (async () => {
			while (!done) {
				most = Math.max(most, (await ourGitProcesses()).filter(line => / add slow\.txt/.test(line)).length);
				await new Promise(resolve => setTimeout(resolve, 20));
			}
		})();
		await withGitAbort(undefined, async () => Promise.all(repos.map(async repo => runGit(['add', 'slow.txt'], {cwd: repo.root}))), {background: true});
		done = true;
		await watching;
		expect(most).toBeGreaterThan(0);
		expect(most).toBeLessThanOrEqual(cap);
		for (const repo of repos) expect(await repo.git('diff', '--cached', '--name-only')).toBe('slow.txt\n');
	});

	it('lets a command-line process exit on its own once its git calls are done', async () => {
		const repo = await repository();
		const runGitModule = path.resolve('source/core/git/run-git.ts');
		const tsx = createRequire(import.meta.url).resolve('tsx');
		const script = `const {runGit} = await import(${JSON.stringify(runGitModule)}); const {stdout} = await runGit(['rev-parse', 'HEAD'], {cwd: ${JSON.stringify(repo.root)}}); console.log(stdout.trim());`;
		const {stdout} = await promisify(execFile)(process.execPath, ['--import', tsx, '--input-type=module', '-e', script], {timeout: 20_000});
		expect(stdout.trim()).toBe((await repo.git('rev-parse', 'HEAD')).trim());
	});

	it('ends a thread that has had no call for a while, never one with a call running, and starts another for the next call', async () => {
		const repo = await repository();
		await repo.git('config', 'filter.slow.clean', 'exec 2>/dev/null; sleep 0.8; cat');
		await repo.write('.gitattributes', 'slow.txt filter=slow\n');
		await repo.write('slow.txt', 'slow\n');
		const threads = async () => (await readdir('/proc/self/task')).length;
		setGitThreadIdleStop(200);
		try {
			// A call that outlives the idle time keeps its thread.
			await runGit(['add', 'slow.txt'], {cwd: repo.root});
			expect(await repo.git('diff', '--cached', '--name-only')).toBe('slow.txt\n');
			expect(gitThreadRunning()).toBe(true);
			const withThread = await threads();
			await until(async () => !gitThreadRunning());
			// The thread itself has ended, not only been forgotten.
			await until(async () => await threads() < withThread);
			const {stdout} = await runGit(['rev-parse', '--abbrev-ref', 'HEAD'], {cwd: repo.root});
			expect(stdout.trim()).toBe('main');
			expect(gitThreadRunning()).toBe(true);
		} finally {
			setGitThreadIdleStop(5 * 60_000);
		}
	});
});
