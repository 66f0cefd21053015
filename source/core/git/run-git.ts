import {stat} from 'node:fs/promises';
import {AgentgridError} from '../errors.js';
import {GitCommandFailed, GitNotFound} from './errors.js';
import {abortedError, currentGitSignal, inGitBackground, trackGitCall} from './git-abort.js';
import {gitSilenceTimeoutMs, type GitFailure, type GitReply, type GitTaskName, type GitTasks} from './git-protocol.js';
import {callGit} from './git-thread.js';

export interface GitRunOptions {
	cwd: string;
	/** Extra environment on top of the cleaned process environment (git-instance.ts). */
	env?: Record<string, string>;
	/** Exit codes that are answers rather than failures (e.g. 1 for "differences found"). */
	okExitCodes?: readonly number[];
	/** Bytes for a file name that is not UTF-8 can only reach git this way (e.g. `update-index -z --stdin`). */
	input?: string | Buffer;
	/** Stops the command (killing git) when it aborts; by default the signal of the operation it runs in (git-abort.ts). */
	signal?: AbortSignal;
}

export interface GitRunResult {
	stdout: string;
	stderr: string;
	exitCode: number;
}

/**
 * Runs git on the git thread (git-thread.ts) through the simple-git instance of `cwd` (an argument array, never a
 * shell) and collects its output, file names byte for byte (see git-instance.ts).
 */
export async function runGit(args: readonly string[], options: GitRunOptions): Promise<GitRunResult> {
	const okExitCodes = options.okExitCodes ?? [0];
	const request = {type: 'run' as const, cwd: options.cwd, args, ...(options.env ? {env: options.env} : {}), ...(options.input === undefined ? {} : {input: options.input})};
	const {stdout, stderr, exitCode} = await onGitThread(request, args, options.signal ?? currentGitSignal());
	if (okExitCodes.includes(exitCode)) {
		return {stdout, stderr, exitCode};
	}
	throw await exitFailure(args, exitCode, stderr, options.cwd);
}

/** Runs one of simple-git's own commands, those it parses the output of (git-worker.ts), with the errors runGit gives. */
export async function gitTask<T extends GitTaskName>(cwd: string, args: readonly string[], task: T, ...params: GitTasks[T]['params']): Promise<GitTasks[T]['result']> {
	const reply = await onGitThread({type: 'task', cwd, task, params}, args, currentGitSignal());
	return reply.value as GitTasks[T]['result'];
}

/** One call on the git thread, in the current operation (its signal and priority), failing with agentgrid's errors. */
async function onGitThread(request: Parameters<typeof callGit>[0], args: readonly string[], signal: AbortSignal | undefined): Promise<Extract<GitReply, {ok: true}>> {
	if (signal?.aborted) throw abortedError(signal);
	const reply = await trackGitCall(callGit({...request, background: inGitBackground()}, signal));
	if (!reply.ok) throw await failure(reply.failure, args, request.cwd, signal);
	return reply;
}

async function exitFailure(args: readonly string[], exitCode: number, stderr: string, cwd: string): Promise<AgentgridError> {
	if (exitCode < 0 || (exitCode === 127 && /\bgit: not found/.test(stderr))) {
		// A missing working directory fails to spawn exactly like a missing executable.
		return stat(cwd).then(() => new GitNotFound(), () => missingDirectory(cwd));
	}
	return new GitCommandFailed(args, exitCode, stderr);
}

async function failure(failed: GitFailure, args: readonly string[], cwd: string, signal: AbortSignal | undefined): Promise<Error> {
	switch (failed.kind) {
		case 'exit':
			return exitFailure(args, failed.exitCode, failed.stderr, cwd);
		case 'missing-directory':
			return missingDirectory(cwd);
		case 'aborted':
			return signal ? abortedError(signal) : new AgentgridError('GIT_FAILED', `git ${args[0] ?? ''} was stopped.`);
		case 'stuck':
			return new AgentgridError('GIT_STUCK', `git ${args[0] ?? ''} printed nothing for ${gitSilenceTimeoutMs / 60_000} minutes and was stopped.`,
				'A hook or credential helper may be waiting for input that cannot come; run the command by hand to see.');
		case 'git':
			return new AgentgridError('GIT_FAILED', `git ${args[0] ?? ''}: ${failed.message}`);
		case 'crash':
			return Object.assign(new Error(failed.message), failed.stack ? {stack: failed.stack} : {});
	}
}

const missingDirectory = (cwd: string) => new AgentgridError('DIRECTORY_MISSING', `The directory ${cwd} does not exist (any more).`);

/** Runs git and returns its standard output. */
export async function git(cwd: string, args: readonly string[], env?: Record<string, string>): Promise<string> {
	return (await runGit(args, {cwd, env})).stdout;
}

/** Splits NUL-separated output, dropping the empty tail. */
export function splitNul(text: string): string[] {
	const parts = text.split('\0');
	if (parts.at(-1) === '') {
		parts.pop();
	}
	return parts;
}

export function firstLine(text: string): string {
	return text.split('\n', 1)[0]!.trim();
}

const lockContention = /(index|config|HEAD|\.git\/refs\/.*)\.lock': File exists|could not lock config file|Unable to create '.*\.lock'/;

/** Retries a command a few times while another git process holds the lock it needs. */
export async function gitWithLockRetry(cwd: string, args: readonly string[], env?: Record<string, string>): Promise<string> {
	for (let attempt = 0; ; attempt++) {
		try {
			return await git(cwd, args, env);
		} catch (error) {
			if (attempt >= 20 || !(error instanceof GitCommandFailed) || !lockContention.test(error.stderr)) {
				throw error;
			}
			await new Promise(resolve => setTimeout(resolve, 25 + attempt * 25));
		}
	}
}
