import path from 'node:path';
import {BareRepository, GitCommandFailed, NoBaseBranch, NoCommits, NotARepository} from './errors.js';
import {assertGitVersion} from './git-version.js';
import {firstLine, git, runGit} from './run-git.js';
import {isDirectory, parseWorktreeList} from './worktree-list.js';

export interface Repository {
	/** Root of the main worktree, whichever worktree or subdirectory the repository was opened from. */
	root: string;
	/** The shared .git directory of all worktrees. */
	commonDir: string;
	/** Branch sessions start from by default. */
	defaultBase: string;
}

/**
 * Opens the repository containing `cwd` (any subdirectory, or a linked worktree) and checks that agentgrid can
 * work with it: git new enough, not bare, at least one commit.
 */
export async function openRepository(cwd: string): Promise<Repository> {
	const directory = path.resolve(cwd);
	if (!(await isDirectory(directory))) {
		throw new NotARepository(directory);
	}
	// One round of git processes, not one after another: every command (and the server's start) opens the repository.
	// The answers, failures included, are judged in a fixed order so that the user hears the first thing wrong: git
	// missing or too old (an old git fails `worktree list -z` as well), then no repository, a bare one, no commits.
	const [version, probeAnswer, listingAnswer, headAnswer] = await Promise.allSettled([
		assertGitVersion(directory),
		runGit(['rev-parse', '--path-format=absolute', '--git-common-dir', '--is-bare-repository'], {cwd: directory, okExitCodes: [0, 128]}),
		runGit(['worktree', 'list', '--porcelain', '-z'], {cwd: directory, okExitCodes: [0, 128]}),
		// The main worktree's HEAD, from whichever worktree this is.
		runGit(['rev-parse', '--verify', '--quiet', 'main-worktree/HEAD^{commit}'], {cwd: directory, okExitCodes: [0, 1, 128]}),
	]);
	settledValue(version);
	const probe = settledValue(probeAnswer);
	if (probe.exitCode !== 0) {
		if (/not a git repository/i.test(probe.stderr)) {
			throw new NotARepository(directory);
		}
		throw new GitCommandFailed(['rev-parse'], probe.exitCode, probe.stderr);
	}
	const [commonDir = '', isBare] = probe.stdout.split('\n');
	if (isBare === 'true') {
		throw new BareRepository(commonDir);
	}
	const listing = settledValue(listingAnswer);
	if (listing.exitCode !== 0) {
		throw new GitCommandFailed(['worktree', 'list'], listing.exitCode, listing.stderr);
	}
	const [main] = parseWorktreeList(listing.stdout);
	if (!main || main.bare) {
		throw new BareRepository(commonDir);
	}
	const root = main.path;
	if (settledValue(headAnswer).exitCode !== 0) {
		throw new NoCommits(root);
	}
	return {root, commonDir, defaultBase: main.branch ?? (await fallbackBase(root))};
}

/** The base when the main worktree has a detached HEAD: origin's default branch, else main, else master. */
async function fallbackBase(root: string): Promise<string> {
	const originHead = await runGit(['symbolic-ref', '--quiet', '--short', 'refs/remotes/origin/HEAD'], {cwd: root, okExitCodes: [0, 1, 128]});
	const candidates: string[] = [];
	if (originHead.exitCode === 0) {
		const remoteName = firstLine(originHead.stdout);
		candidates.push(remoteName.replace(/^origin\//, ''), remoteName);
	}
	candidates.push('main', 'master');
	const refs = new Set((await git(root, ['for-each-ref', '--format=%(refname)', 'refs/heads', 'refs/remotes/origin'])).split('\n'));
	for (const candidate of candidates) {
		if (refs.has(`refs/heads/${candidate}`) || refs.has(`refs/remotes/${candidate}`)) {
			return candidate;
		}
	}
	throw new NoBaseBranch(root);
}

function settledValue<T>(result: PromiseSettledResult<T>): T {
	if (result.status === 'rejected') throw result.reason;
	return result.value;
}
