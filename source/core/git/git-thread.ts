/**
 * The calling side of the git thread (git-worker.ts): git calls go there as messages, so starting git's processes
 * never holds the event loop. The thread starts with the first call (or `startGitThread`), keeps the process alive
 * only while calls are running, and is started again after a crash, which fails only the calls it was running.
 * A thread with nothing to do for five minutes ends, and the next call starts another: an idle server then holds no
 * second heap.
 */
import {createRequire} from 'node:module';
import {pathToFileURL} from 'node:url';
import {SHARE_ENV, Worker} from 'node:worker_threads';
import {memoryReducerOff} from '../memory-reducer.js';
import type {GitReply, GitRequest} from './git-protocol.js';

type Call = Exclude<GitRequest, {type: 'abort'}>;
type CallWithoutId = Call extends infer C ? (C extends Call ? Omit<C, 'id' | 'scope'> : never) : never;

/*
 * Built, the thread is the bundle's git-worker.mjs beside this chunk; run from sources (tests, benches), it is the
 * TypeScript file, loaded through tsx.
 */
const fromSources = import.meta.url.endsWith('.ts');

function startWorker(): Worker {
	const file = new URL(fromSources ? './git-worker.ts' : './git-worker.mjs', import.meta.url);
	const execArgv = fromSources ? ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href] : [];
	// The environment is shared, not copied at start: git must see what the process has now. A small young generation
	// keeps the thread's own memory down (about 5 MB of its 30); git's output is read whole, not in small objects.
	return new Worker(file, {env: SHARE_ENV, execArgv, resourceLimits: {maxYoungGenerationSizeMb: 2}, workerData: {memoryReducerOff: memoryReducerOff()}});
}

/**
 * How long a thread without calls lives on. Starting one costs about a tenth of a second of the other core, so this is
 * well above the intervals of the background work that calls git (the radar's minute): a grid that is only a little
 * active keeps its thread, an idle one gives the memory back.
 */
let idleStopMs = 5 * 60_000;

class GitThread {
	private readonly worker = startWorker();
	private readonly pending = new Map<number, {resolve: (reply: GitReply) => void; reject: (error: Error) => void}>();
	private nextId = 0;
	private failed = false;
	private idleTimer: NodeJS.Timeout | undefined;

	constructor(private readonly onFailure: (thread: GitThread) => void) {
		this.worker.unref();
		this.armIdleStop();
		this.worker.on('message', (reply: GitReply) => {
			const call = this.pending.get(reply.id);
			this.pending.delete(reply.id);
			if (this.pending.size === 0) {
				this.worker.unref();
				this.armIdleStop();
			}
			call?.resolve(reply);
		});
		this.worker.on('error', error => this.fail(error));
		// A reply that cannot be read leaves no way to know whose it was: the thread is failed and started again.
		this.worker.on('messageerror', error => {
			this.fail(error);
			void this.worker.terminate();
		});
		this.worker.on('exit', code => this.fail(new Error(`the git thread stopped (exit code ${code})`)));
	}

	async call(request: CallWithoutId, scope: number | undefined): Promise<GitReply> {
		const id = this.nextId++;
		return new Promise<GitReply>((resolve, reject) => {
			// Posted first: a request that cannot cross threads is refused here and leaves nothing pending.
			this.worker.postMessage({...request, id, ...(scope === undefined ? {} : {scope})});
			if (this.pending.size === 0) this.worker.ref();
			this.pending.set(id, {resolve, reject});
			clearTimeout(this.idleTimer);
		});
	}

	async stop(): Promise<void> {
		await this.worker.terminate();
	}

	private armIdleStop(): void {
		clearTimeout(this.idleTimer);
		this.idleTimer = setTimeout(() => {
			if (this.pending.size > 0) return;
			// Retired before it ends, so that a call made meanwhile starts the next thread rather than waiting on this one.
			this.fail(new Error('the git thread ended while idle'));
			void this.worker.terminate();
		}, idleStopMs);
		this.idleTimer.unref();
	}

	abort(scope: number): void {
		if (!this.failed) this.worker.postMessage({type: 'abort', scope} satisfies GitRequest);
	}

	private fail(error: Error): void {
		if (this.failed) return;
		this.failed = true;
		clearTimeout(this.idleTimer);
		this.onFailure(this);
		for (const call of this.pending.values()) call.reject(new Error(`git could not run: ${error.message}`));
		this.pending.clear();
	}
}

let thread: GitThread | undefined;
const scopes = new WeakMap<AbortSignal, number>();
let nextScope = 0;

function current(): GitThread {
	thread ??= new GitThread(failed => {
		if (thread === failed) thread = undefined;
	});
	return thread;
}

/** Starts the thread ahead of the first call, so that call does not wait for it. */
export function startGitThread(): void {
	current();
}

/** Whether a thread is running now (it ends after `idleMs` without calls). */
export function gitThreadRunning(): boolean {
	return thread !== undefined;
}

/** Sets how long a thread without calls lives on (tests shorten it). */
export function setGitThreadIdleStop(ms: number): void {
	idleStopMs = ms;
}

/**
 * Ends the thread as a crash would: the calls it was running fail (their git processes run on to their end), and the
 * next call starts another thread.
 */
export async function stopGitThread(): Promise<void> {
	await thread?.stop();
}

/** Runs one call on the git thread; `signal` stops it and every other call made with the same signal. */
export async function callGit(request: CallWithoutId, signal: AbortSignal | undefined): Promise<GitReply> {
	let scope: number | undefined;
	if (signal !== undefined) {
		scope = scopes.get(signal);
		if (scope === undefined) {
			const id = nextScope++;
			scope = id;
			scopes.set(signal, id);
			signal.addEventListener('abort', () => thread?.abort(id), {once: true});
		}
	}
	return current().call(request, scope);
}
