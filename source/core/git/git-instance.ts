/**
 * The simple-git instances every git command runs through, on the git thread (git-worker.ts): one per working directory (and one per extra environment,
 * such as a private index), each bounding its processes with `maxConcurrentProcesses`, so a radar refresh over many
 * sessions cannot start dozens of git processes at once.
 *
 * What simple-git does not do is done around it:
 * - Pty masters: simple-git spawns git itself, without a `stdio` to shed them through (pty-masters.ts), so its binary
 *   is bin/git-launcher.sh, which closes them before it execs git.
 * - Bytes: simple-git decodes output as UTF-8, which would turn a file name that is not UTF-8 into U+FFFD. Each call
 *   carries a marker (`-c agentgrid.call=<n>`, a setting git ignores) by which the output handler collects its output
 *   as bytes, decoded losslessly (raw-path.ts), and by which `input` finds what to write to its stdin.
 * - Exit codes: simple-git fails a command only when it exits non-zero with something on stderr, and never tells the
 *   code; the `errors` hook turns every non-zero exit into a GitExit that carries it.
 *
 * Work that can be stopped (git-abort.ts) gets instances of its own, made with its AbortSignal (simple-git's abort
 * plugin kills their processes when it aborts); they are forgotten with the signal.
 */
import path from 'node:path';
import {GitError, GitPluginError, simpleGit, type SimpleGit, type SimpleGitOptions} from 'simple-git';
import {packageRoot} from '../../package-root.js';
import {findBash} from '../session/pty-launcher.js';
import {decodeGitOutput} from './raw-path.js';
import {gitSilenceTimeoutMs} from './git-protocol.js';

/** Git processes one instance runs at a time. */
export const maxGitProcesses = 4;

/*
 * Variables a parent git (a hook, an editor spawned by git) may leave behind; inherited, they would point
 * every command at the wrong repository or index.
 */
const inheritedRepositoryVariables = [
	'GIT_DIR',
	'GIT_WORK_TREE',
	'GIT_INDEX_FILE',
	'GIT_PREFIX',
	'GIT_COMMON_DIR',
	'GIT_OBJECT_DIRECTORY',
	'GIT_ALTERNATE_OBJECT_DIRECTORIES',
	'GIT_NAMESPACE',
	'GIT_CEILING_DIRECTORIES',
];

export function gitEnvironment(extra: Record<string, string> | undefined): Record<string, string> {
	const env: Record<string, string> = {};
	for (const [name, value] of Object.entries(process.env)) {
		if (value !== undefined && !inheritedRepositoryVariables.includes(name)) {
			env[name] = value;
		}
	}
	// Messages are parsed in a few places, so they must not be translated; prompts would hang a background call;
	// optional locks would make read-only status calls race with the agent's own git commands.
	env.LC_ALL = 'C';
	env.LANGUAGE = 'C';
	env.GIT_TERMINAL_PROMPT = '0';
	env.GIT_OPTIONAL_LOCKS = '0';
	env.GIT_EDITOR = 'true';
	env.GIT_MERGE_AUTOEDIT = 'no';
	return {...env, ...extra};
}

/** A non-zero exit of git, with its code: for some commands an answer (1: "not an ancestor"), for others a failure. */
export class GitExit extends GitError {
	constructor(readonly exitCode: number, readonly stderr: string) {
		super(undefined, `git exited with ${exitCode}`);
	}
}

interface Call {
	input: string | Buffer | undefined;
	stdout: Buffer[];
	stderr: Buffer[];
}

const marker = 'agentgrid.call=';
const calls = new Map<string, Call>();
let nextCall = 0;

export interface OpenCall {
	id: string;
	stdout(): string;
	stderr(): string;
	close(): void;
}

/** Registers one git command, whose output is collected under its marker until it is closed. */
export function openCall(input?: string | Buffer): OpenCall {
	const id = String(nextCall++);
	const call: Call = {input, stdout: [], stderr: []};
	calls.set(id, call);
	return {
		id,
		// File names in the output may be any bytes; they are kept exactly (see raw-path.ts).
		stdout: () => decodeGitOutput(Buffer.concat(call.stdout)),
		stderr: () => Buffer.concat(call.stderr).toString('utf8'),
		close: () => calls.delete(id),
	};
}

export function callArguments(call: OpenCall, args: readonly string[]): string[] {
	return ['-c', `${marker}${call.id}`, ...args];
}

function callOf(args: readonly string[]): Call | undefined {
	const found = args.find(arg => arg.startsWith(marker));
	return found === undefined ? undefined : calls.get(found.slice(marker.length));
}

const launcher = path.join(packageRoot, 'bin', 'git-launcher.sh');

function binary(): SimpleGitOptions['binary'] {
	const bash = process.platform === 'win32' ? null : findBash();
	return bash === null ? 'git' : [bash, launcher];
}

/** Everything in the environment is the user's own, and every argument agentgrid's: none of it is untrusted input. */
const trusted = {
	allowUnsafeCustomBinary: true,
	// Else simple-git sets GIT_TEST_DISALLOW_ABBREVIATED_OPTIONS, which the user's hooks would inherit.
	allowAbbreviatedOptions: true,
	allowUnsafeAlias: true,
	allowUnsafeAskPass: true,
	allowUnsafeCommandBinaries: true,
	allowUnsafeConfigPaths: true,
	allowUnsafeConfigEnvCount: true,
	allowUnsafeCredentialHelper: true,
	allowUnsafeEditor: true,
	allowUnsafeMergeDriver: true,
	allowUnsafePager: true,
	allowUnsafeProtocolOverride: true,
	allowUnsafePack: true,
	allowUnsafeSshCommand: true,
	allowUnsafeGitProxy: true,
	allowUnsafeExec: true,
	allowUnsafeHooksPath: true,
	allowUnsafeDiffExternal: true,
	allowUnsafeDiffTextConv: true,
	allowUnsafeFilter: true,
	allowUnsafeFsMonitor: true,
	allowUnsafeGpgProgram: true,
	allowUnsafeTemplateDir: true,
	allowUnsafeInclude: true,
	allowUnsafeSubmodule: true,
	allowUnsafeUrlRewrite: true,
} satisfies SimpleGitOptions['unsafe'];

function collectOutput(_command: string, stdout: NodeJS.ReadableStream, stderr: NodeJS.ReadableStream, args: string[]): void {
	const call = callOf(args);
	if (call) {
		stdout.on('data', (chunk: Buffer) => call.stdout.push(chunk));
		stderr.on('data', (chunk: Buffer) => call.stderr.push(chunk));
	}
	// simple-git waits 50 ms after a process that printed nothing, for output that might still come; output is read
	// whole at close here (`completion`). An empty chunk, seen once its listeners are attached (right after this
	// handler), spares the wait.
	queueMicrotask(() => stderr.emit('data', Buffer.alloc(0)));
}

function createInstance(cwd: string, extra: Record<string, string> | undefined, signal: AbortSignal | undefined): SimpleGit {
	const env = gitEnvironment(extra);
	const launched = Array.isArray(binary());
	if (launched && env.BASH_ENV !== undefined) {
		// bash would run it before the launcher; the launcher gives it back to git.
		env.AGENTGRID_BASH_ENV = env.BASH_ENV;
		delete env.BASH_ENV;
	}
	return simpleGit({
		baseDir: cwd,
		binary: binary(),
		maxConcurrentProcesses: maxGitProcesses,
		...(signal ? {abort: signal} : {}),
		timeout: {block: gitSilenceTimeoutMs},
		// A command is done when its output is closed, not 50 ms after it exited: under load its output comes later.
		completion: {onClose: true, onExit: false},
		unsafe: trusted,
		allowEnvironment: Object.keys(env),
		// Every command's stdin is closed at once (a hook that reads it sees its end) unless the call has input.
		input: commands => callOf(commands)?.input ?? Buffer.alloc(0),
		errors(error, result) {
			if (error instanceof GitPluginError) {
				return error;
			}
			return result.exitCode === 0 ? undefined : new GitExit(result.exitCode, Buffer.concat(result.stdErr).toString('utf8'));
		},
	}).env(env).outputHandler(collectOutput);
}

const shared = new Map<string, SimpleGit>();
const withEnvironment = new WeakMap<Record<string, string>, Map<string, SimpleGit>>();
const withSignal = new WeakMap<AbortSignal, WeakMap<object, Map<string, SimpleGit>>>();
const noEnvironment = {};

/**
 * The instance for commands in `cwd`; with `env`, the one for commands that share that environment object; with
 * `signal`, one whose processes that signal stops.
 */
export function gitFor(cwd: string, env?: Record<string, string>, signal?: AbortSignal): SimpleGit {
	let instances = shared;
	if (signal !== undefined) {
		const byEnvironment = withSignal.get(signal) ?? new WeakMap<object, Map<string, SimpleGit>>();
		withSignal.set(signal, byEnvironment);
		instances = byEnvironment.get(env ?? noEnvironment) ?? new Map();
		byEnvironment.set(env ?? noEnvironment, instances);
	} else if (env !== undefined) {
		instances = withEnvironment.get(env) ?? new Map();
		withEnvironment.set(env, instances);
	}
	let instance = instances.get(cwd);
	if (instance === undefined) {
		instance = createInstance(cwd, env, signal);
		instances.set(cwd, instance);
	}
	return instance;
}
