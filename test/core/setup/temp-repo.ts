import {execFile} from 'node:child_process';
import {mkdir, mkdtemp, realpath, rm, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';

const run = promisify(execFile);

const identity = {
	GIT_AUTHOR_NAME: 'Test',
	GIT_AUTHOR_EMAIL: 'test@example.com',
	GIT_COMMITTER_NAME: 'Test',
	GIT_COMMITTER_EMAIL: 'test@example.com',
};

export interface TempRepo {
	root: string;
	git(...args: string[]): Promise<string>;
	write(file: string, content: string): Promise<void>;
	commitAll(message: string): Promise<void>;
	cleanup(): Promise<void>;
}

/** A throwaway repository with one commit on `main`, inside a temp dir that also leaves room for worktrees. */
export async function createTempRepo(files: Record<string, string> = {'README.md': '# app\n'}): Promise<TempRepo> {
	const parent = await realpath(await mkdtemp(path.join(os.tmpdir(), 'agentgrid-setup-')));
	const root = path.join(parent, 'app');
	await mkdir(root);
	const git = async (...args: string[]) => (await run('git', args, {cwd: root, env: {...process.env, ...identity}})).stdout;
	const write = async (file: string, content: string) => {
		await mkdir(path.dirname(path.join(root, file)), {recursive: true});
		await writeFile(path.join(root, file), content);
	};
	await git('init', '-q', '-b', 'main');
	for (const [file, content] of Object.entries(files)) {
		await write(file, content);
	}
	const commitAll = async (message: string) => {
		await git('add', '-A');
		await git('commit', '-q', '-m', message);
	};
	await commitAll('initial');
	return {root, git, write, commitAll, cleanup: async () => rm(parent, {recursive: true, force: true})};
}
