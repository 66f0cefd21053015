import type {BranchSummary, LogOptions, LogResult, PushResult} from 'simple-git';

/**
 * What the event loop and the git thread (git-thread.ts, git-worker.ts) say to each other: plain data, as it crosses
 * threads by structured clone. Errors travel as kinds that the caller turns back into agentgrid's own errors, with the
 * call's own arguments and signal.
 */

/** A git command that prints nothing for this long is stuck (a hook or helper waiting for input) and is stopped. */
export const gitSilenceTimeoutMs = 5 * 60_000;

export interface GitCallTarget {
	cwd: string;
	/** Extra environment; calls with equal environments share an instance (and its bound on processes). */
	env?: Record<string, string>;
	/** Calls with the same scope are stopped together: one per AbortSignal on the calling side. */
	scope?: number;
	/** Background work: git runs niced (bin/git-launcher.sh). */
	background?: boolean;
}

export type GitRequest =
	| GitCallTarget & {type: 'run'; id: number; args: readonly string[]; input?: string | Buffer}
	| GitCallTarget & {type: 'task'; id: number; task: GitTaskName; params: readonly unknown[]}
	| {type: 'abort'; scope: number};

export type GitFailure =
	/** git exited non-zero (or could not start: a negative code). */
	| {kind: 'exit'; exitCode: number; stderr: string}
	| {kind: 'missing-directory'}
	| {kind: 'aborted'}
	/** Silent for longer than the silence timeout, and stopped. */
	| {kind: 'stuck'}
	| {kind: 'git'; message: string}
	| {kind: 'crash'; message: string; stack?: string};

export type GitReply =
	/** `run` replies with git's output and exit code (the caller knows which codes are answers); `task` with its value. */
	| {id: number; ok: true; stdout: string; stderr: string; exitCode: number; value?: unknown}
	| {id: number; ok: false; failure: GitFailure};

/**
 * simple-git's own commands whose parsed results are used (their parsers lose nothing for what is read): what each
 * takes and gives, as plain data.
 */
export interface GitTasks {
	push: {params: [remote: string, refspec: string, options: string[]]; result: PushResult};
	/** Logs are read as hashes and subjects only: no file names a UTF-8 parser could spoil. */
	log: {params: [options: LogOptions<CommitLine> & Record<string, unknown>]; result: LogResult<CommitLine>};
	branch: {params: [options: string[]]; result: BranchSummary};
	version: {params: []; result: {major: number; minor: number; patch: number | string; installed: boolean; text: string}};
}

export type GitTaskName = keyof GitTasks;

export interface CommitLine {
	sha: string;
	subject: string;
}
