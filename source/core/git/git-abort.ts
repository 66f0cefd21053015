/**
 * Stopping git work that is no longer wanted (a radar pass superseded by a newer one, or the server shutting down).
 * `withGitAbort` runs a whole operation under one AbortSignal, however deep its git calls are: each of them runs
 * through a simple-git instance that carries the signal (its abort plugin), so aborting kills the git processes
 * running and refuses those still queued. The operation then rejects with GitAborted, once every git process it
 * started has ended.
 */
import {AsyncLocalStorage} from 'node:async_hooks';
import {AgentgridError} from '../errors.js';

interface AbortScope {
	signal: AbortSignal | undefined;
	/** Work nobody waits for (the radar): its git runs at a lower CPU priority than the agents and the grid. */
	background: boolean;
	/** Git calls started in the scope and not yet settled. */
	running: Set<Promise<unknown>>;
}

const scopes = new AsyncLocalStorage<AbortScope>();

/** A git command, or an operation made of them, stopped by its AbortSignal. */
export class GitAborted extends AgentgridError {
	constructor(readonly reason: string) {
		super('GIT_ABORTED', `Stopped: ${reason}.`);
	}
}

function reasonOf(signal: AbortSignal): string {
	const {reason} = signal as {reason: unknown};
	if (typeof reason === 'string') return reason;
	if (reason instanceof Error && reason.name !== 'AbortError') return reason.message;
	return 'the git work was cancelled';
}

export function abortedError(signal: AbortSignal): GitAborted {
	return new GitAborted(reasonOf(signal));
}

/** The signal of the operation the current git call belongs to, if it runs under one. */
export function currentGitSignal(): AbortSignal | undefined {
	return scopes.getStore()?.signal;
}

/** Whether the current git call belongs to background work. */
export function inGitBackground(): boolean {
	return scopes.getStore()?.background ?? false;
}

/** Counts a git call as part of the current operation, so an aborted operation settles only after it. */
export function trackGitCall<T>(call: Promise<T>): Promise<T> {
	const scope = scopes.getStore();
	if (scope) {
		scope.running.add(call);
		const forget = () => scope.running.delete(call);
		call.then(forget, forget);
	}
	return call;
}

/**
 * Runs `work` with every git command it starts stopped when `signal` aborts; then rejects with GitAborted. In the
 * `background`, its git processes run niced.
 */
export async function withGitAbort<T>(signal: AbortSignal | undefined, work: () => Promise<T>, options: {background?: boolean} = {}): Promise<T> {
	const background = options.background ?? false;
	if (signal === undefined && !background) return work();
	if (signal?.aborted) throw abortedError(signal);
	const scope: AbortScope = {signal, background, running: new Set()};
	try {
		return await scopes.run(scope, work);
	} catch (error) {
		if (!signal?.aborted) throw error;
		// Promise.all rejects at the first killed process; the others are being killed now, and are waited for.
		while (scope.running.size > 0) await Promise.allSettled([...scope.running]);
		throw abortedError(signal);
	}
}
