/**
 * Where the repository around a directory keeps its common git directory, read from the files git itself reads
 * (`.git`, `gitdir:`, `commondir`, HEAD and the refs), without starting git: attaching to a running server needs
 * only this, and one git process with its library costs several times the rest of the attach. Anything this does
 * not recognise for certain (git variables in the environment, a relocated work tree, a bare repository, reftable,
 * another user's repository, no commit yet) returns undefined, and the caller asks git, which also gives the
 * specific error.
 */
import {readFile, stat} from 'node:fs/promises';
import path from 'node:path';

export interface LocatedRepository {
	/** The common git directory (the main worktree's `.git`), absolute. */
	commonDir: string;
	/** The top of the work tree that holds the directory. */
	root: string;
}

/** Environment variables that change how git finds a repository: with any of them set, git decides. */
const discoveryVariables = ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_COMMON_DIR', 'GIT_CEILING_DIRECTORIES', 'GIT_DISCOVERY_ACROSS_FILESYSTEM', 'GIT_CONFIG', 'GIT_CONFIG_PARAMETERS', 'GIT_CONFIG_COUNT'];

export async function locateRepository(cwd: string, env: NodeJS.ProcessEnv): Promise<LocatedRepository | undefined> {
	if (discoveryVariables.some(name => env[name] !== undefined)) return undefined;
	const start = path.resolve(cwd);
	// Inside a git directory git finds no work tree: its own answer (an error) is the right one.
	if (start.split(path.sep).includes('.git')) return undefined;
	for (let dir = start; ; dir = path.dirname(dir)) {
		const found = await gitDirAt(dir);
		if (found === 'unsure') return undefined;
		if (found) return checked(found.gitDir, dir);
		if (path.dirname(dir) === dir) return undefined;
	}
}

async function gitDirAt(dir: string): Promise<{gitDir: string} | 'unsure' | undefined> {
	const dotGit = path.join(dir, '.git');
	const info = await stat(dotGit).catch(() => undefined);
	if (!info) return undefined;
	if (info.isDirectory()) return {gitDir: dotGit};
	if (!info.isFile()) return 'unsure';
	const match = /^gitdir: (.+)$/m.exec(await readText(dotGit) ?? '');
	return match ? {gitDir: path.resolve(dir, match[1]!.trim())} : 'unsure';
}

async function checked(gitDir: string, root: string): Promise<LocatedRepository | undefined> {
	const commonDirFile = await readText(path.join(gitDir, 'commondir'));
	const commonDir = commonDirFile === undefined ? gitDir : path.resolve(gitDir, commonDirFile.trim());
	const [config, head, info] = await Promise.all([
		readText(path.join(commonDir, 'config')),
		readText(path.join(gitDir, 'HEAD')),
		stat(commonDir).catch(() => undefined),
	]);
	if (config === undefined || head === undefined || !info) return undefined;
	// git refuses another user's repository (safe.directory); let it say so.
	if (typeof process.getuid === 'function' && info.uid !== process.getuid()) return undefined;
	// A bare repository, a work tree set in the config, or another ref storage: git's view may differ from the files'.
	if (/^\s*(?:bare\s*=\s*true|worktree\s*=|refstorage\s*=)/im.test(config)) return undefined;
	return (await headHasCommit(head.trim(), gitDir, commonDir)) ? {commonDir, root} : undefined;
}

/** HEAD names a commit: a hash, or a branch whose ref exists (loose or packed). */
async function headHasCommit(head: string, gitDir: string, commonDir: string): Promise<boolean> {
	if (/^[0-9a-f]{40}(?:[0-9a-f]{24})?$/.test(head)) return true;
	const ref = /^ref: (refs\/heads\/\S+)$/.exec(head)?.[1];
	if (!ref) return false;
	for (const dir of new Set([gitDir, commonDir])) {
		const loose = await readText(path.join(dir, ref));
		if (loose !== undefined && /^[0-9a-f]{40}/.test(loose)) return true;
	}
	const packed = await readText(path.join(commonDir, 'packed-refs'));
	return packed !== undefined && packed.split('\n').some(line => line.endsWith(` ${ref}`) && /^[0-9a-f]{40}/.test(line));
}

async function readText(file: string): Promise<string | undefined> {
	return readFile(file, 'utf8').catch(() => undefined);
}
