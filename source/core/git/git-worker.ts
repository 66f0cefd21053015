/**
 * The git thread: every git process is started here (through the simple-git instances of git-instance.ts), because
 * starting a process holds its thread for milliseconds, and the event loop that echoes keys and paints must not wait
 * for a radar pass's dozens of them. Requests and replies are git-protocol.ts.
 */
import {availableParallelism} from 'node:os';
import {parentPort} from 'node:worker_threads';
import {GitConstructError, GitError, GitPluginError, type SimpleGit} from 'simple-git';
import {startIdleReclaim} from '../idle-reclaim.js';
import {GitExit, callArguments, gitFor, openCall} from './git-instance.js';
import type {GitCallTarget, GitFailure, GitReply, GitRequest, GitTaskName} from './git-protocol.js';

const port = parentPort;
if (!port) throw new Error('git-worker.ts runs as a worker thread (see git-thread.ts)');
// The server runs without V8's memory reducer, this thread included: what a radar pass grew is given back here too.
startIdleReclaim();

/**
 * Instances are made per scope (its AbortSignal) and per environment, and kept while calls use them: a scope or an
 * environment that has no call running is forgotten, with its instances.
 */
interface Held<T> {
	value: T;
	calls: number;
}

const scopes = new Map<number, Held<AbortController>>();
const environments = new Map<string, Held<Record<string, string>>>();

function hold<K, T>(map: Map<K, Held<T>>, key: K, make: () => T): {value: T; release: () => void} {
	const held = map.get(key) ?? {value: make(), calls: 0};
	map.set(key, held);
	held.calls++;
	return {
		value: held.value,
		release() {
			if (--held.calls === 0) map.delete(key);
		},
	};
}

/*
 * Background work (a radar pass over many worktrees) runs this many git processes at once in all, whatever its
 * instances allow each: niced or not, a process per worktree would leave no core free for the grid and the agents.
 */
const backgroundProcesses = Math.max(1, availableParallelism() - 1);
let backgroundRunning = 0;
const backgroundWaiting: Array<() => void> = [];

async function backgroundSlot(): Promise<() => void> {
	if (backgroundRunning >= backgroundProcesses) await new Promise<void>(resolve => backgroundWaiting.push(resolve));
	else backgroundRunning++;
	let released = false;
	return () => {
		if (released) return;
		released = true;
		const next = backgroundWaiting.shift();
		if (next) next();
		else backgroundRunning--;
	};
}

const tasks: Record<GitTaskName, (git: SimpleGit, params: readonly unknown[]) => Promise<unknown>> = {
	push: async (git, [remote, refspec, options]) => git.push(remote as string, refspec as string, options as string[]),
	log: async (git, [options]) => git.log(options as Parameters<SimpleGit['log']>[0]),
	branch: async (git, [options]) => git.branch(options as string[]),
	async version(git) {
		const version = await git.version();
		// Its text form is a method, which does not cross threads.
		return {major: version.major, minor: version.minor, patch: version.patch, installed: version.installed, text: String(version)};
	},
};

function failureOf(error: unknown, aborted: boolean): GitFailure {
	if (error instanceof GitExit) return {kind: 'exit', exitCode: error.exitCode, stderr: error.stderr};
	if (error instanceof GitConstructError) return {kind: 'missing-directory'};
	if (error instanceof GitPluginError && error.plugin === 'abort' && aborted) return {kind: 'aborted'};
	if (error instanceof GitPluginError && error.plugin === 'timeout') return {kind: 'stuck'};
	if (error instanceof GitError) return {kind: 'git', message: error.message};
	return error instanceof Error ? {kind: 'crash', message: error.message, stack: error.stack} : {kind: 'crash', message: String(error)};
}

async function handle(request: Exclude<GitRequest, {type: 'abort'}>): Promise<GitReply> {
	const {id} = request;
	let held: ReturnType<typeof instanceFor> | undefined;
	let release: (() => void) | undefined;
	try {
		// simple-git refuses a missing directory as the instance is made: that is this call's failure, no one else's.
		held = instanceFor(request);
		if (request.background && !held.aborted()) release = await backgroundSlot();
		if (held.aborted()) return {id, ok: false, failure: {kind: 'aborted'}};
		if (request.type === 'task') {
			const value = await tasks[request.task](held.git, request.params);
			return {id, ok: true, stdout: '', stderr: '', exitCode: 0, value};
		}
		// A Buffer arrives as a plain Uint8Array.
		const input = typeof request.input === 'string' || request.input === undefined ? request.input : Buffer.from(request.input);
		const call = openCall(input);
		try {
			let exitCode = 0;
			try {
				await held.git.raw(callArguments(call, request.args));
			} catch (error) {
				// A non-zero exit is an answer for the caller to judge; anything else fails the call (below).
				if (!(error instanceof GitExit)) throw error;
				exitCode = error.exitCode;
			}
			return {id, ok: true, stdout: call.stdout(), stderr: call.stderr(), exitCode};
		} finally {
			call.close();
		}
	} catch (error) {
		return {id, ok: false, failure: failureOf(error, held?.aborted() ?? false)};
	} finally {
		release?.();
		held?.release();
	}
}

function instanceFor(target: GitCallTarget): {git: SimpleGit; aborted: () => boolean; release: () => void} {
	const scope = target.scope === undefined ? undefined : hold(scopes, target.scope, () => new AbortController());
	// The launcher nices git when it finds this, and takes it out of git's environment.
	const extra = target.background ? {...target.env, AGENTGRID_GIT_NICE: '10'} : target.env;
	const env = extra === undefined ? undefined : hold(environments, JSON.stringify(Object.entries(extra).sort()), () => extra);
	return {
		git: gitFor(target.cwd, env?.value, scope?.value.signal),
		aborted: () => scope?.value.signal.aborted ?? false,
		release() {
			scope?.release();
			env?.release();
		},
	};
}

port.on('message', (request: GitRequest) => {
	if (request.type === 'abort') {
		scopes.get(request.scope)?.value.abort();
		return;
	}
	void handle(request).then(reply => {
		try {
			port.postMessage(reply);
		} catch (error) {
			// A value that cannot cross threads fails its own call, not the thread.
			port.postMessage({id: request.id, ok: false, failure: failureOf(error, false)} satisfies GitReply);
		}
	});
});
