import type {GitContext} from './context.js';
import {GitCommandFailed, NoRemote, PushFailed} from './errors.js';
import {git, gitTask, runGit} from './run-git.js';
import {findSession} from './session-records.js';
import {spawnWithoutPtyMasters} from '../session/pty-masters.js';
import {findExecutable} from '../session/which.js';

export interface PushOptions {
	/** Remote to push to; default the base branch's remote, else origin, else the only remote. */
	remote?: string;
	openPullRequest?: boolean;
}

export interface PullRequestOutcome {
	opened: boolean;
	url: string | null;
	/** Why no pull request was opened (e.g. the pull request tool is not installed), or null. */
	reason: string | null;
}

export interface PushResult {
	branch: string;
	remote: string;
	/** The remote branch the session branch tracks now, as git recorded it: always its own name, never the base. */
	upstream: string;
	/** The branch did not exist on the remote before this push. */
	created: boolean;
	/** The remote already had this commit: nothing was sent. */
	upToDate: boolean;
	pullRequest: PullRequestOutcome | null;
}

export async function pushSession(context: GitContext, slug: string, options: PushOptions = {}): Promise<PushResult> {
	const {root} = context.repo;
	const record = await findSession(context, slug);
	const remote = await chooseRemote(root, record.base, options.remote);
	const ref = `refs/heads/${record.branch}`;
	// An explicit refspec: the branch goes to its own name on the remote, whatever push.default says.
	const args = ['push', '--set-upstream', remote, `${ref}:${ref}`];
	let outcome: {created: boolean; upToDate: boolean};
	try {
		const pushed = await gitTask(root, args, 'push', remote, `${ref}:${ref}`, ['--set-upstream']);
		// simple-git lists a new or unchanged branch under `pushed`, and a fast-forward of an existing one as `update`.
		const listed = pushed.pushed.find(item => item.local === ref);
		if (listed) outcome = {created: listed.new, upToDate: listed.alreadyUpdated};
		else if (pushed.update?.head.local === ref) outcome = {created: false, upToDate: false};
		else throw new PushFailed(record.branch, remote, `git did not report ${ref} as pushed`);
	} catch (error) {
		if (error instanceof GitCommandFailed) {
			throw new PushFailed(record.branch, remote, error.stderr);
		}
		throw error;
	}
	const upstream = await upstreamOf(root, record.branch);
	// simple-git's PushResult names the upstream only from older git's wording; git's own record is the answer.
	if (upstream !== `${remote}/${record.branch}`) {
		throw new PushFailed(record.branch, remote, `the push went through but the branch tracks ${upstream ?? 'nothing'} instead of ${remote}/${record.branch}`);
	}
	const result = {branch: record.branch, remote, upstream, ...outcome};
	if (!options.openPullRequest) {
		return {...result, pullRequest: null};
	}
	const baseBranch = record.base.startsWith(`${remote}/`) ? record.base.slice(remote.length + 1) : record.base;
	const pullRequest = await openPullRequest(context.pullRequestCommand, record.exists ? record.worktree : root, record.branch, baseBranch);
	return {...result, pullRequest};
}

/** `remote/branch` from the branch's configured upstream, or null when it has none (or not a branch of a remote). */
async function upstreamOf(root: string, branch: string): Promise<string | null> {
	const read = async (key: string) => (await runGit(['config', '--get', `branch.${branch}.${key}`], {cwd: root, okExitCodes: [0, 1]})).stdout.trim();
	const [remote, merge] = await Promise.all([read('remote'), read('merge')]);
	return remote && merge.startsWith('refs/heads/') ? `${remote}/${merge.slice('refs/heads/'.length)}` : null;
}

async function chooseRemote(root: string, base: string, requested: string | undefined): Promise<string> {
	const remotes = (await git(root, ['remote'])).split('\n').filter(Boolean);
	if (requested !== undefined) {
		if (!remotes.includes(requested)) {
			throw new NoRemote(`There is no remote named "${requested}".`);
		}
		return requested;
	}
	const baseRemote = (await runGit(['config', '--get', `branch.${base}.remote`], {cwd: root, okExitCodes: [0, 1]})).stdout.trim();
	for (const candidate of [baseRemote, 'origin']) {
		if (candidate && remotes.includes(candidate)) {
			return candidate;
		}
	}
	if (remotes.length === 1) {
		return remotes[0]!;
	}
	throw new NoRemote(remotes.length === 0 ? 'This repository has no remote to push to.' : `Several remotes exist (${remotes.join(', ')}); say which one to push to.`);
}

async function openPullRequest(command: string, cwd: string, branch: string, base: string): Promise<PullRequestOutcome> {
	const executable = await findExecutable(command, process.env);
	if (executable === undefined) {
		return {opened: false, url: null, reason: `${command} is not installed, so no pull request was opened; the branch is pushed and can be proposed from the hosting site.`};
	}
	return new Promise(resolve => {
		const child = spawnWithoutPtyMasters(executable, ['pr', 'create', '--head', branch, '--base', base, '--fill'], {cwd, timeout: 120_000, stdio: ['ignore', 'pipe', 'pipe']});
		let stdout = '';
		let stderr = '';
		child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
		child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
		const fail = (reason: string) => resolve({opened: false, url: null, reason: `${command} pr create failed: ${reason.trim()}`});
		child.on('error', error => fail(error.message));
		child.on('close', (code, signal) => {
			if (code !== 0) {
				fail(stderr || (signal ? `ended by ${signal}` : `exit code ${code}`));
				return;
			}
			const url = /https?:\/\/\S+/.exec(stdout)?.[0] ?? null;
			resolve({opened: true, url, reason: null});
		});
	});
}
