import {spawnWithoutPtyMasters} from '../session/pty-masters.js';

export interface ShellCommandResult {
	exitCode: number | null;
	signal: NodeJS.Signals | null;
	/** The last lines of combined output, for failure reports. */
	lastLines: string[];
}

export interface ShellCommandOptions {
	cwd: string;
	env: NodeJS.ProcessEnv;
	onOutput?: (text: string) => void;
	/** How many trailing lines to keep for the result. */
	keepLines?: number;
	signal?: AbortSignal;
}

/**
 * Runs one command line from a TRUSTED repository file through `/bin/sh -c`.
 *
 * Why a shell here, when everything else gets argument arrays: setup and test commands are written by the
 * repository's team as shell lines (`npm ci && npm run build`, `cp .env.example .env`, `FOO=1 make`), and splitting
 * them ourselves would silently change their meaning. The shell is only acceptable because of where the text comes
 * from: callers pass only commands from `.agentgrid.json` after the user trusted that exact file content
 * (see config/trust.ts); nothing typed into agentgrid or derived from a session ever reaches this function. The
 * command text is one argv element, so it is never concatenated with other input.
 */
export async function runTrustedShellCommand(command: string, options: ShellCommandOptions): Promise<ShellCommandResult> {
	const keep = options.keepLines ?? 20;
	const tail = new LineTail(keep);
	return new Promise((resolve, reject) => {
		const child = spawnWithoutPtyMasters('/bin/sh', ['-c', command], {
			cwd: options.cwd,
			env: options.env,
			stdio: ['ignore', 'pipe', 'pipe'],
			// Its own process group, so an abort ends the command's children too.
			detached: true,
		});
		const onData = (text: string) => {
			tail.push(text);
			options.onOutput?.(text);
		};
		// Decoded per stream, so a character split between two reads stays one character.
		child.stdout!.setEncoding('utf8').on('data', onData);
		child.stderr!.setEncoding('utf8').on('data', onData);
		let killer: NodeJS.Timeout | undefined;
		const signalGroup = (name: NodeJS.Signals) => {
			if (child.pid === undefined) return;
			try {
				process.kill(-child.pid, name);
			} catch {
				// Already gone.
			}
		};
		const abort = () => {
			signalGroup('SIGTERM');
			// A command that ignores SIGTERM must not hold the session forever.
			killer = setTimeout(() => signalGroup('SIGKILL'), 3000);
			killer.unref();
		};
		options.signal?.addEventListener('abort', abort, {once: true});
		if (options.signal?.aborted) abort();
		child.on('error', error => {
			options.signal?.removeEventListener('abort', abort);
			reject(error);
		});
		child.on('close', (exitCode, signal) => {
			clearTimeout(killer);
			// Children that left the shell's group still get the kill: the group is signalled once more.
			if (options.signal?.aborted) signalGroup('SIGKILL');
			options.signal?.removeEventListener('abort', abort);
			resolve({exitCode, signal, lastLines: tail.lines()});
		});
	});
}

/** Keeps the last N lines of a stream that arrives in arbitrary chunks. */
export class LineTail {
	readonly #keep: number;
	#lines: string[] = [];
	#partial = '';

	constructor(keep: number) {
		this.#keep = keep;
	}

	push(text: string): void {
		const parts = (this.#partial + text).split(/\r?\n/u);
		this.#partial = parts.pop() ?? '';
		this.#lines.push(...parts);
		if (this.#lines.length > this.#keep) {
			this.#lines = this.#lines.slice(-this.#keep);
		}
	}

	lines(): string[] {
		const all = this.#partial === '' ? this.#lines : [...this.#lines, this.#partial];
		return all.slice(-this.#keep);
	}
}
