/**
 * One dev server of a session: its command in a pty of its own (the same engine as an agent's pane, so its screen
 * and scrollback can be shown in place of the agent's), and its port probed on 127.0.0.1 until it accepts
 * connections. Closing ends its whole process group, as for agents.
 */
import {constants as osConstants} from 'node:os';
import {Session} from '../session/session.js';
import type {HeadlessTerminal, TerminalColors} from '../terminal/headless-terminal.js';
import type {Disposable} from '../session/pty.js';
import {acceptsConnections} from './port-open.js';

/**
 * - starting: the process runs but its port does not accept connections yet;
 * - up: its port accepts connections;
 * - running: the process runs and it names no port to check;
 * - exited: the process ended (exitCode), or could not start (error);
 * - stopped: not started (autostart false) or stopped by the user.
 */
export type ServiceState = 'starting' | 'up' | 'running' | 'exited' | 'stopped';

export interface ServiceSnapshot {
	name: string;
	/** The expanded command line. */
	command: string;
	port?: number;
	state: ServiceState;
	exitCode?: number;
	/** Why it could not start. */
	error?: string;
}

export interface ServiceLaunch {
	name: string;
	command: string;
	port?: number;
	cwd: string;
	env: NodeJS.ProcessEnv;
	cols: number;
	rows: number;
	scrollback?: number;
	colors?: TerminalColors;
	version?: string;
}

/** How often a starting service's port is tried, and how often an up one is checked again. */
const startingProbeMs = 250;
const upProbeMs = 5000;

export class ServiceProcess {
	private session: Session | undefined;
	private subscriptions: Disposable[] = [];
	private probeTimer: NodeJS.Timeout | undefined;
	private snapshotValue: ServiceSnapshot;
	private generation = 0;

	constructor(
		private readonly launch: ServiceLaunch,
		private readonly changed: () => void,
		private readonly output: () => void,
	) {
		this.snapshotValue = {name: launch.name, command: launch.command, ...(launch.port === undefined ? {} : {port: launch.port}), state: 'stopped'};
	}

	get snapshot(): ServiceSnapshot {
		return this.snapshotValue;
	}

	/** Its terminal, also after it exited (the last screen and scrollback stay until it is started again). */
	get terminal(): HeadlessTerminal | undefined {
		return this.session?.terminal;
	}

	get pid(): number | undefined {
		return this.session?.pid;
	}

	get live(): boolean {
		return this.session !== undefined && this.session.exit === undefined && this.snapshotValue.state !== 'exited' && this.snapshotValue.state !== 'stopped';
	}

	/**
	 * Starts it (ending a previous run first). A stop or dispose while it is starting wins: the process started
	 * meanwhile is ended at once, so no service outlives the stop of its session.
	 */
	async start(size?: {cols: number; rows: number}): Promise<void> {
		const generation = ++this.generation;
		clearTimeout(this.probeTimer);
		await this.endRun();
		if (generation !== this.generation) return;
		this.disposeSession();
		const {launch} = this;
		let session: Session;
		try {
			session = await Session.start({
				file: '/bin/sh',
				args: ['-c', launch.command],
				cwd: launch.cwd,
				env: launch.env,
				cols: size?.cols ?? launch.cols,
				rows: size?.rows ?? launch.rows,
				scrollback: launch.scrollback,
				colors: launch.colors,
				version: launch.version,
			});
		} catch (error) {
			if (generation === this.generation) this.set({state: 'exited', exitCode: undefined, error: (error as Error).message});
			return;
		}
		if (generation !== this.generation) {
			await session.dispose();
			return;
		}
		this.session = session;
		this.subscriptions = [
			session.onParsed(() => this.output()),
			session.onExit(exit => {
				clearTimeout(this.probeTimer);
				// A signal counts as the shell reports it: 128 + its number (Ctrl+C: 130).
				const exitCode = exit.signal === undefined ? exit.exitCode : 128 + (osConstants.signals[exit.signal] ?? 0);
				if (this.session === session) this.set({state: this.snapshotValue.state === 'stopped' ? 'stopped' : 'exited', exitCode});
			}),
		];
		this.set({state: launch.port === undefined ? 'running' : 'starting', exitCode: undefined, error: undefined});
		if (launch.port !== undefined) this.probe(generation, launch.port);
	}

	/** Ends its process group (also a start in progress); the last screen stays. */
	async stop(): Promise<void> {
		this.generation++;
		clearTimeout(this.probeTimer);
		if (this.snapshotValue.state !== 'exited') this.set({state: 'stopped'});
		await this.endRun();
	}

	private async endRun(): Promise<void> {
		const session = this.session;
		if (!session || session.exit !== undefined) return;
		this.set({state: 'stopped'});
		await session.close({graceMs: 1000});
	}

	write(data: string): void {
		if (this.live) this.session?.write(data);
	}

	resize(cols: number, rows: number): void {
		if (this.live) this.session?.resize(cols, rows);
	}

	async dispose(): Promise<void> {
		this.generation++;
		clearTimeout(this.probeTimer);
		const session = this.session;
		for (const subscription of this.subscriptions) subscription.dispose();
		this.subscriptions = [];
		await session?.dispose();
	}

	private disposeSession(): void {
		for (const subscription of this.subscriptions) subscription.dispose();
		this.subscriptions = [];
		const previous = this.session;
		this.session = undefined;
		if (previous) void previous.dispose();
	}

	private probe(generation: number, port: number): void {
		const wait = this.snapshotValue.state === 'up' ? upProbeMs : startingProbeMs;
		this.probeTimer = setTimeout(() => {
			void acceptsConnections(port).then(open => {
				if (generation !== this.generation || !this.live) return;
				const state = open ? 'up' : 'starting';
				if (state !== this.snapshotValue.state) this.set({state});
				this.probe(generation, port);
			});
		}, wait);
		this.probeTimer.unref();
	}

	private set(patch: Partial<ServiceSnapshot>): void {
		const next = {...this.snapshotValue, ...patch};
		for (const key of Object.keys(next) as Array<keyof ServiceSnapshot>) if (next[key] === undefined) delete next[key];
		this.snapshotValue = next;
		this.changed();
	}
}
