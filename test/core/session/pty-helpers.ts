import type {PtyExit, PtyProcess} from '../../../source/core/session/pty.js';

/** Accumulates everything a pty prints so tests can wait for text to appear. */
export class OutputRecorder {
	text = '';
	exit: PtyExit | undefined;
	private readonly waiters = new Set<() => void>();

	constructor(pty: PtyProcess) {
		pty.onData(data => {
			this.text += data;
			this.notify();
		});
		pty.onExit(exit => {
			this.exit = exit;
			this.notify();
		});
	}

	/** Resolves once `predicate` holds; rejects with the output so far after `timeoutMs`. */
	async until(predicate: (recorder: OutputRecorder) => boolean, timeoutMs = 15_000): Promise<void> {
		if (predicate(this)) {
			return;
		}

		await new Promise<void>((resolve, reject) => {
			const check = () => {
				if (predicate(this)) {
					clearTimeout(timer);
					this.waiters.delete(check);
					resolve();
				}
			};

			const timer = setTimeout(() => {
				this.waiters.delete(check);
				reject(new Error(`timed out; output so far:\n${this.text.slice(-2000)}`));
			}, timeoutMs);
			this.waiters.add(check);
		});
	}

	untilText(text: string | RegExp, timeoutMs?: number): Promise<void> {
		return this.until(r => (typeof text === 'string' ? r.text.includes(text) : text.test(r.text)), timeoutMs);
	}

	untilExit(timeoutMs?: number): Promise<PtyExit> {
		return this.until(r => r.exit !== undefined, timeoutMs).then(() => this.exit!);
	}

	private notify(): void {
		for (const waiter of [...this.waiters]) {
			waiter();
		}
	}
}

export function baseEnv(): Record<string, string> {
	return {
		PATH: process.env.PATH ?? '/usr/bin:/bin',
		HOME: process.env.HOME ?? '/tmp',
		TERM: 'xterm-256color',
		LANG: 'C.UTF-8',
	};
}

export async function waitFor(predicate: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!(await predicate())) {
		if (Date.now() > deadline) {
			throw new Error('condition not met in time');
		}

		await new Promise(resolve => setTimeout(resolve, 25));
	}
}
