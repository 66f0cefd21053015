/**
 * Temporary git repositories for tests: identity and signing configured per repository (CI has no global
 * identity), everything under one temp directory that cleanup() removes, worktrees included.
 */
import {execFile} from 'node:child_process';
import {mkdir, mkdtemp, readFile, realpath, rm, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';

const execFileAsync = promisify(execFile);

export const testIdentity = {
	GIT_AUTHOR_NAME: 'Test Author',
	GIT_AUTHOR_EMAIL: 'author@example.com',
	GIT_COMMITTER_NAME: 'Test Author',
	GIT_COMMITTER_EMAIL: 'author@example.com',
};

/** Runs git in `cwd` with the test identity and no inherited repository variables; returns stdout. */
export async function runGitIn(cwd: string, args: string[], env: Record<string, string> = {}): Promise<string> {
	const base: NodeJS.ProcessEnv = {...process.env};
	for (const name of ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_COMMON_DIR', 'GIT_PREFIX']) {
		delete base[name];
	}
	const {stdout} = await execFileAsync('git', args, {cwd, env: {...base, ...testIdentity, LC_ALL: 'C', ...env}, maxBuffer: 64 * 1024 * 1024});
	return stdout;
}

/** A fresh directory under the system temp dir, with symlinks resolved so paths compare equal to git's. */
export async function makeTempDir(prefix = 'agentgrid-test-'): Promise<string> {
	return realpath(await mkdtemp(path.join(os.tmpdir(), prefix)));
}

export interface TempRepoOptions {
	/** Name of the first branch. Default 'main'. */
	branch?: string;
	/** Files of the first commit. Default {'README.md': '# test\n'}. Pass {} for a repository without commits. */
	files?: Record<string, string>;
	/** Directory name of the repository inside the temp dir. Default 'repo'. */
	name?: string;
	/** Directory to create the repository in instead of a new temp dir (cleanup then removes only the repo). */
	parent?: string;
}

export interface TempRepo {
	/** The repository's working tree. */
	root: string;
	/** The temp directory holding the repository and everything created next to it (worktrees, origins). */
	dir: string;
	git(...args: string[]): Promise<string>;
	/** Writes a file relative to the root (or an absolute path), creating directories. */
	write(file: string, content: string | Buffer): Promise<void>;
	read(file: string): Promise<string>;
	exists(file: string): Promise<boolean>;
	/** Writes the files and commits them; returns the new commit id. */
	commit(message: string, files?: Record<string, string>): Promise<string>;
	head(ref?: string): Promise<string>;
	cleanup(): Promise<void>;
}

export async function createTempRepo(options: TempRepoOptions = {}): Promise<TempRepo> {
	const dir = options.parent ?? (await makeTempDir());
	const root = path.join(dir, options.name ?? 'repo');
	await mkdir(root, {recursive: true});
	await initRepository(root, options.branch ?? 'main');
	const repo = bindRepo(root, dir, options.parent === undefined ? dir : root);
	const files = options.files ?? {'README.md': '# test\n'};
	if (Object.keys(files).length > 0) {
		await repo.commit('Initial commit', files);
	}
	return repo;
}

async function initRepository(root: string, branch: string): Promise<void> {
	await runGitIn(root, ['init', '--quiet', '-b', branch]);
	for (const [key, value] of [
		['user.name', testIdentity.GIT_AUTHOR_NAME],
		['user.email', testIdentity.GIT_AUTHOR_EMAIL],
		['commit.gpgsign', 'false'],
		['tag.gpgsign', 'false'],
		['core.autocrlf', 'false'],
	]) {
		await runGitIn(root, ['config', key!, value!]);
	}
}

function bindRepo(root: string, dir: string, removeOnCleanup: string): TempRepo {
	const resolve = (file: string): string => (path.isAbsolute(file) ? file : path.join(root, file));
	const repo: TempRepo = {
		root,
		dir,
		git: async (...args) => runGitIn(root, args),
		async write(file, content) {
			await mkdir(path.dirname(resolve(file)), {recursive: true});
			await writeFile(resolve(file), content);
		},
		read: async file => readFile(resolve(file), 'utf8'),
		exists: async file => readFile(resolve(file)).then(() => true, () => false),
		async commit(message, files = {}) {
			for (const [file, content] of Object.entries(files)) {
				await repo.write(file, content);
			}
			await runGitIn(root, ['add', '--all']);
			await runGitIn(root, ['commit', '--quiet', '--allow-empty', '-m', message]);
			return repo.head();
		},
		head: async (ref = 'HEAD') => (await runGitIn(root, ['rev-parse', ref])).trim(),
		cleanup: async () => rm(removeOnCleanup, {recursive: true, force: true, maxRetries: 3}),
	};
	return repo;
}

/** Opens an existing checkout (a clone, a worktree) with the same conveniences; cleanup() is a no-op. */
export function wrapCheckout(root: string, dir = path.dirname(root)): TempRepo {
	return {...bindRepo(root, dir, root), cleanup: async () => undefined};
}

/**
 * Creates a bare repository next to `repo`, adds it as remote `name` and pushes the current branch to it
 * (setting origin/HEAD). Returns the bare repository's path.
 */
export async function addBareOrigin(repo: TempRepo, name = 'origin'): Promise<string> {
	const bare = path.join(repo.dir, `${name}.git`);
	await runGitIn(repo.dir, ['init', '--quiet', '--bare', bare]);
	await repo.git('remote', 'add', name, bare);
	const branch = (await repo.git('symbolic-ref', '--short', 'HEAD')).trim();
	await repo.git('push', '--quiet', '--set-upstream', name, branch);
	await runGitIn(bare, ['symbolic-ref', 'HEAD', `refs/heads/${branch}`]);
	await repo.git('remote', 'set-head', name, branch);
	return bare;
}

/** Clones `source` into `<dir>/<name>` with the test identity configured. */
export async function cloneRepo(source: string, dir: string, name: string): Promise<TempRepo> {
	const root = path.join(dir, name);
	await runGitIn(dir, ['clone', '--quiet', source, root]);
	await runGitIn(root, ['config', 'user.name', testIdentity.GIT_AUTHOR_NAME]);
	await runGitIn(root, ['config', 'user.email', testIdentity.GIT_AUTHOR_EMAIL]);
	await runGitIn(root, ['config', 'commit.gpgsign', 'false']);
	return bindRepo(root, dir, root);
}
