/**
 * The only module that touches node-pty. It fixes what node-pty gets wrong for us:
 * - Output lost on exit. Once the child has closed its side, the master reports POLLHUP while output is still
 *   buffered, libuv takes POLLHUP after a short read for end-of-file, and node-pty also destroys its socket 200 ms
 *   after the child is reaped; while a slow reader holds the pty paused, kilobytes of the final burst vanish. We keep
 *   our own descriptor on the terminal's child side open, so the master never hangs up, and report exit only once
 *   the child is reaped and the stream has gone quiet: the last bytes a program prints always arrive before its exit.
 * - `kill()` signals one pid; we end the whole tree the pane started, politely first, then by force.
 * - Masters are inherited by every later process (pty-masters.ts): programs start through a launcher that closes
 *   them, and the masters are tracked so node:child_process children get none either.
 * - A daemon that clears its environment and leaves the session keeps no link to the pane: the launcher leaves the
 *   pane's terminal open in every process it starts, and `kill()` also ends whatever holds that terminal.
 */
import {closeSync, constants as fsConstants, openSync} from 'node:fs';
import {constants as osConstants} from 'node:os';
import type {Socket} from 'node:net';
import nodePty from '@lydell/node-pty';
import type {IPty} from '@lydell/node-pty';
import {AgentgridError} from '../errors.js';
import {isAlive, listProcessTree, signalAll} from './process-tree.js';
import {cleanLaunch} from './pty-launcher.js';
import {trackPtyMaster} from './pty-masters.js';

export interface Disposable {
	dispose(): void;
}

export interface SpawnPtyOptions {
	/** Program to run, resolved on env.PATH by the OS (execvp). */
	file: string;
	args: readonly string[];
	cwd: string;
	env: Readonly<Record<string, string>>;
	cols: number;
	rows: number;
}

export interface PtyExit {
	exitCode: number;
	/** Name of the signal that ended the process, when one did. */
	signal?: NodeJS.Signals;
}

export interface KillOptions {
	/** How long the tree gets to exit after SIGHUP/SIGTERM before SIGKILL. */
	graceMs?: number;
}

export interface PtyProcess {
	readonly pid: number;
	/** True once exit has been reported. */
	readonly exited: boolean;
	write(data: string): void;
	resize(cols: number, rows: number): void;
	/** Stops reading: the kernel buffer fills and the program blocks on its next write. */
	pause(): void;
	resume(): void;
	onData(listener: (data: string) => void): Disposable;
	/** Fires once, after every byte the program wrote has been delivered to onData. */
	onExit(listener: (exit: PtyExit) => void): Disposable;
	/** Ends the process tree (SIGHUP + SIGTERM, SIGKILL after the grace period); resolves once exit is reported. */
	kill(options?: KillOptions): Promise<void>;
}

/** node-pty internals this module relies on (the version is pinned; the tail test fails if they change). */
interface NodePtyInternals {
	_emittedClose?: boolean;
	_socket?: Socket;
	_pty?: string;
	_fd?: number;
}

const defaultGraceMs = 2000;
/**
 * After the child is reaped everything it wrote is already in the kernel, so a stream this quiet (while not paused)
 * has been drained. Descendants may keep writing: their output still flows after exit is reported.
 */
const quietAfterExitMs = 50;
/** Output that never stops (a descendant flooding the terminal) does not hold back the exit report forever. */
const maxExitDelayMs = 2000;
const pollMs = 25;

/**
 * Every process a pane starts inherits this variable with a value unique to the pane, so helpers that detach into
 * their own session (Codex's app-server daemon does) can still be found and ended when the pane closes.
 */
export const processMarkVariable = 'AGENTGRID_PROCESS_MARK';
let marks = 0;

export function spawnPty(options: SpawnPtyOptions): PtyProcess {
	let term: IPty;
	const mark = `${process.pid}-${++marks}-${Date.now().toString(36)}`;
	const name = options.env.TERM ?? 'xterm-256color';
	// PWD and TERM as node-pty sets them when it starts a program itself.
	const launch = cleanLaunch(options.file, options.args, {...options.env, [processMarkVariable]: mark, PWD: options.cwd, TERM: name});
	try {
		term = nodePty.spawn(launch.file, launch.args, {
			name,
			cols: options.cols,
			rows: options.rows,
			cwd: options.cwd,
			env: launch.env,
			encoding: 'utf8',
		});
	} catch (error) {
		throw new AgentgridError('pty-spawn-failed', `Could not start ${options.file}: ${(error as Error).message}`,
			'Check that the command exists and that the working directory is accessible.');
	}

	return new NodePtyProcess(term, mark);
}

class NodePtyProcess implements PtyProcess {
	readonly pid: number;
	private readonly dataListeners = new Set<(data: string) => void>();
	private readonly exitListeners = new Set<(exit: PtyExit) => void>();
	private readonly socket: Socket | undefined;
	/** The child side's path (/dev/pts/N). */
	private readonly terminal: string | undefined;
	/** Our descriptor on the child side; holding it keeps the master from hanging up while output is pending. */
	private childSideFd: number | undefined;
	private childExit: PtyExit | undefined;
	private childExitAt = 0;
	private readEnded = false;
	private reported: PtyExit | undefined;
	private paused = false;
	private dataSeq = 0;
	private drainTimer: NodeJS.Timeout | undefined;
	private killing: Promise<void> | undefined;

	constructor(
		private readonly term: IPty,
		private readonly mark: string,
	) {
		this.pid = term.pid;
		const internals = term as unknown as NodePtyInternals;
		this.socket = internals._socket;
		this.terminal = internals._pty === '' ? undefined : internals._pty;
		if (typeof internals._fd === 'number' && this.socket !== undefined) {
			// The descriptor is closed together with the socket.
			this.socket.once('close', trackPtyMaster(internals._fd));
		}

		if (this.socket !== undefined && '_emittedClose' in internals) {
			// Makes node-pty emit exit as soon as the child is reaped and never destroy the socket on its own.
			internals._emittedClose = true;
			// A second error listener stops node-pty rethrowing socket errors (it throws when it is the only one).
			this.socket.on('error', () => {});
			this.socket.once('close', () => {
				this.readEnded = true;
				this.maybeReportExit();
			});
			this.childSideFd = openChildSide(internals._pty);
		} else {
			// Unknown node-pty shape: fall back to its own (lossy on exit) ordering rather than never exiting.
			this.readEnded = true;
		}

		term.onData(data => {
			this.dataSeq++;
			for (const listener of this.dataListeners) {
				listener(data);
			}

			if (this.childExit !== undefined) {
				this.armDrainCheck();
			}
		});
		term.onExit(({exitCode, signal}) => {
			this.childExit = {exitCode, signal: signalName(signal)};
			this.childExitAt = Date.now();
			this.armDrainCheck();
			this.maybeReportExit();
		});
	}

	get exited(): boolean {
		return this.reported !== undefined;
	}

	write(data: string): void {
		if (this.childExit !== undefined || this.readEnded) {
			return;
		}

		this.term.write(data);
	}

	resize(cols: number, rows: number): void {
		if (this.childExit !== undefined || this.readEnded) {
			return;
		}

		try {
			this.term.resize(Math.max(1, Math.floor(cols)), Math.max(1, Math.floor(rows)));
		} catch {
			// The pty closed between our check and the ioctl; a resize of a dead pane does not matter.
		}
	}

	pause(): void {
		if (!this.paused && !this.readEnded) {
			this.paused = true;
			this.term.pause();
			this.clearDrainCheck();
		}
	}

	resume(): void {
		if (this.paused) {
			this.paused = false;
			this.term.resume();
			if (this.childExit !== undefined) {
				this.armDrainCheck();
			}
		}
	}

	onData(listener: (data: string) => void): Disposable {
		this.dataListeners.add(listener);
		return {dispose: () => this.dataListeners.delete(listener)};
	}

	onExit(listener: (exit: PtyExit) => void): Disposable {
		if (this.reported !== undefined) {
			const exit = this.reported;
			queueMicrotask(() => listener(exit));
			return {dispose() {}};
		}

		this.exitListeners.add(listener);
		return {dispose: () => this.exitListeners.delete(listener)};
	}

	kill(options: KillOptions = {}): Promise<void> {
		this.killing ??= this.killTree(options.graceMs ?? defaultGraceMs).finally(() => this.release());
		return this.killing;
	}

	private async killTree(graceMs: number): Promise<void> {
		// Once the leader is reaped its pid (and so its group id) may be reused: signal only members found now.
		const leaderAlive = this.childExit === undefined;
		// Once the master is closed the kernel may hand its /dev/pts number to the next pane: holders of that path
		// would be someone else's processes.
		const masterOpen = !this.readEnded && this.reported === undefined;
		const marks = {mark: {variable: processMarkVariable, value: this.mark}, terminal: masterOpen ? this.terminal : undefined};
		const targets = (await listProcessTree(this.pid, marks)).filter(pid => leaderAlive || pid !== this.pid);
		const group = leaderAlive ? this.pid : undefined;
		// SIGHUP is what a closing terminal sends (interactive shells ignore SIGTERM); SIGTERM catches programs that
		// ignore hangups.
		signalAll(targets, group, 'SIGHUP');
		signalAll(targets, group, 'SIGTERM');
		// Output held back by a paused reader must not keep the tree blocked on write while it tries to exit.
		this.resume();
		const deadline = Date.now() + graceMs;
		let alive = await filterAlive(targets);
		while (alive.length > 0 && Date.now() < deadline) {
			await delay(pollMs);
			alive = await filterAlive(alive);
		}

		if (alive.length > 0) {
			signalAll(alive, group, 'SIGKILL');
		}

		await this.waitForExitReport();
	}

	private async waitForExitReport(): Promise<void> {
		if (this.reported !== undefined) {
			return;
		}

		await new Promise<void>(resolve => {
			const timer = setTimeout(() => {
				// Killed, yet not reaped in time: report what we know rather than hang the caller.
				this.childExit ??= {exitCode: -1, signal: 'SIGKILL'};
				this.readEnded = true;
				this.maybeReportExit();
			}, 2000);
			this.exitListeners.add(() => {
				clearTimeout(timer);
				resolve();
			});
		});
	}

	/** Stops reading and lets go of both sides of the terminal. */
	private release(): void {
		this.clearDrainCheck();
		if (this.childSideFd !== undefined) {
			const fd = this.childSideFd;
			this.childSideFd = undefined;
			closeQuietly(fd);
		}

		this.socket?.destroy();
		this.readEnded = true;
	}

	/**
	 * Reports exit once a quiet period passes without data while reading, confirmed one loop turn later (after the
	 * poll phase) so a blocked event loop cannot mistake unread output for silence.
	 */
	private armDrainCheck(): void {
		this.clearDrainCheck();
		if (this.paused || this.reported !== undefined) {
			return;
		}

		const remaining = this.childExitAt + maxExitDelayMs - Date.now();
		const seq = this.dataSeq;
		this.drainTimer = setTimeout(() => {
			this.drainTimer = undefined;
			setImmediate(() => {
				if (!this.paused && (this.dataSeq === seq || Date.now() >= this.childExitAt + maxExitDelayMs)) {
					this.readEnded = true;
					this.maybeReportExit();
				}
			});
		}, Math.max(0, Math.min(quietAfterExitMs, remaining)));
	}

	private clearDrainCheck(): void {
		if (this.drainTimer !== undefined) {
			clearTimeout(this.drainTimer);
			this.drainTimer = undefined;
		}
	}

	private maybeReportExit(): void {
		if (this.reported !== undefined || this.childExit === undefined || !this.readEnded) {
			return;
		}

		this.clearDrainCheck();
		this.reported = this.childExit;
		const exit = this.reported;
		for (const listener of [...this.exitListeners]) {
			listener(exit);
		}

		this.exitListeners.clear();
	}
}

/**
 * Opened synchronously in the same turn as the spawn, before libuv first polls the master: an asynchronous open
 * could come after a fast child has already exited and the master has already reported its hangup.
 */
function openChildSide(ptsName: string | undefined): number | undefined {
	if (ptsName === undefined || ptsName === '') {
		return undefined;
	}

	try {
		return openSync(ptsName, fsConstants.O_RDWR | fsConstants.O_NOCTTY);
	} catch {
		return undefined;
	}
}

function closeQuietly(fd: number): void {
	try {
		closeSync(fd);
	} catch {
		// Already closed: nothing to release.
	}
}

function signalName(signal: number | undefined): NodeJS.Signals | undefined {
	if (signal === undefined || signal === 0) {
		return undefined;
	}

	const entry = Object.entries(osConstants.signals).find(([, number]) => number === signal);
	return entry?.[0] as NodeJS.Signals | undefined;
}

async function filterAlive(pids: readonly number[]): Promise<number[]> {
	const alive = await Promise.all(pids.map(async pid => ((await isAlive(pid)) ? pid : undefined)));
	return alive.filter((pid): pid is number => pid !== undefined);
}

function delay(ms: number): Promise<void> {
	return new Promise(resolve => setTimeout(resolve, ms));
}
