/**
 * The two programs under comparison, each seen from a 200x50 outer terminal (a node-pty whose output the bench reads):
 * agentgrid with its panes spawned through the spawn screen, and a tmux server with the same panes tiled and an
 * attached client. Both expose the processes whose CPU and memory count (agentgrid's process; tmux's server and
 * client) and the raw output stream.
 */
import {execFile} from 'node:child_process';
import {mkdir} from 'node:fs/promises';
import path from 'node:path';
import {promisify} from 'node:util';
import {createTempRepo, testIdentity, type TempRepo} from '../../test/helpers/git-repo.js';
import {OuterTerminal} from '../../test/helpers/outer-terminal.js';
import {requestServer, serverPids, stopServers} from '../../test/e2e/app-fixture.js';
import type {TimelineEvent} from '../../source/core/timeline.js';
import {writeConfig, type Workspace} from './workspace.js';
import type {ReclaimStats} from '../../source/core/idle-reclaim.js';
import {arrivalOf} from './arrival.js';
import {cpuMsOf, memoryOf, rssKbOf, type Memory} from './proc.js';

const exec = promisify(execFile);
/** process.memoryUsage() of the server, and the lines its terminals hold. */
export interface ServerInside {
	rss: number;
	heapTotal: number;
	heapUsed: number;
	external: number;
	arrayBuffers: number;
	heldLines: number;
	/** The server's own collections once quiet (core/idle-reclaim.ts); absent when it runs without them. */
	reclaims?: ReclaimStats;
}

export const cols = 200;
export const rows = 50;
const prefix = '\u001C';
const beginSync = '\u001B[?2026h';

const noMemory: Memory = {rssKb: Number.NaN, anonKb: Number.NaN, fileKb: Number.NaN};

export abstract class Side {
	abstract readonly name: string;
	lastDataAt = performance.now();
	/** Synchronized updates begun: one per frame for agentgrid (tmux does not wrap its output). */
	frames = 0;
	private rawListener: ((data: string) => void) | undefined;

	protected constructor(public outer: OuterTerminal, readonly workspace: Workspace) {
		this.watch(outer);
	}

	/** Starts recording the server's timeline, where the program can tell it (agentgrid can, tmux cannot). */
	async recordTimeline(): Promise<void> {}

	async takeTimeline(): Promise<TimelineEvent[] | undefined> {
		return undefined;
	}

	protected watch(outer: OuterTerminal): void {
		outer.process.onData(data => {
			this.lastDataAt = performance.now();
			for (let at = data.indexOf(beginSync); at !== -1; at = data.indexOf(beginSync, at + 1)) this.frames++;
			this.rawListener?.(data);
		});
	}

	/** Resolves once every session is idle, where the program tells (tmux has no such status). */
	async sessionsIdle(): Promise<void> {}

	/** Detaches the client and attaches a new one; resolves with the ms from starting it to every pane drawn. */
	abstract reattach(): Promise<number>;

	/** The attached client's memory alone (agentgrid's thin client; tmux's client process). */
	async clientMemory(): Promise<Memory> {
		return (await memoryOf(this.outer.process.pid)) ?? noMemory;
	}

	/** Everything but the client: agentgrid's server; tmux's server. */
	async serverMemory(): Promise<Memory> {
		return (await memoryOf(this.serverProcess)) ?? noMemory;
	}

	protected abstract get serverProcess(): number;

	protected async allPanesDrawn(outer: OuterTerminal, started: number): Promise<number> {
		return arrivalOf(outer, started, screen => this.workspace.ids.every(id => screen.includes(`pane ${id} ready`)), 'every pane');
	}

	get bytes(): number {
		return this.outer.bytesReceived;
	}

	onRaw(listener: ((data: string) => void) | undefined): void {
		this.rawListener = listener;
	}

	/** Process ids whose CPU time and memory are the program's cost (the panes' own programs are not counted). */
	abstract pids(): number[];

	async cpuMs(): Promise<number> {
		return (await Promise.all(this.pids().map(async pid => cpuMsOf(pid)))).reduce<number>((a, b) => a + (b ?? 0), 0);
	}

	async rssKb(): Promise<number> {
		return (await Promise.all(this.pids().map(async pid => rssKbOf(pid)))).reduce<number>((a, b) => a + (b ?? 0), 0);
	}

	/** Resolves once no output arrived for `quietMs`. */
	async quiet(quietMs = 150, timeoutMs = 30_000): Promise<void> {
		const deadline = performance.now() + timeoutMs;
		while (performance.now() - this.lastDataAt < quietMs && performance.now() < deadline) {
			await sleep(Math.max(5, quietMs - (performance.now() - this.lastDataAt)));
		}
	}

	abstract close(): Promise<void>;
}

export class AgentgridSide extends Side {
	readonly name = 'agentgrid';

	private constructor(outer: OuterTerminal, workspace: Workspace, private readonly repo: TempRepo, private readonly env: Record<string, string>) {
		super(outer, workspace);
	}

	/** Opens agentgrid in a fresh repository and spawns one pane per workspace id with keys; the last stays focused in pane mode. */
	static async start(workspace: Workspace): Promise<AgentgridSide> {
		const repo = await createTempRepo();
		const configDir = path.join(repo.dir, 'config');
		await mkdir(configDir, {recursive: true});
		await writeConfig(configDir, workspace);
		const env = {...testIdentity, AGENTGRID_CONFIG_DIR: configDir, AGENTGRID_SOCKET_DIR: path.join(repo.dir, 'sockets'), XDG_STATE_HOME: path.join(repo.dir, 'state')};
		const outer = AgentgridSide.client(repo.root, env);
		const side = new AgentgridSide(outer, workspace, repo, env);
		await outer.waitFor('No sessions yet', 30_000);
		side.serverPid = (await serverPids(env.AGENTGRID_SOCKET_DIR))[0]!;
		for (const [index, id] of workspace.ids.entries()) {
			outer.write('n');
			await outer.waitFor('New session');
			for (const char of id) outer.write(char);
			await outer.waitFor(new RegExp(`Task +${id}\\b`));
			outer.write('\r');
			await outer.waitFor(screen => screen.includes(`pane ${id} ready`) && screen.includes(' PANE '), 30_000);
			if (index < workspace.ids.length - 1) {
				outer.write(prefix);
				outer.write('g');
				await outer.waitFor(' GRID ');
			}
		}
		await outer.waitFor(screen => workspace.ids.every(id => screen.includes(`pane ${id} ready`)));
		return side;
	}

	private serverPid = 0;

	private static client(cwd: string, env: Record<string, string>): OuterTerminal {
		return new OuterTerminal({cwd, cols, rows, env, colors: {foreground: '#d4d4d4', background: '#1e1e1e'}});
	}

	/** The thin client and the server that does the work: both count. */
	pids(): number[] {
		return [this.outer.process.pid, this.serverPid];
	}

	/** Where the server's memory goes, as the server itself counts it. */
	async serverInside(): Promise<ServerInside> {
		return ((await this.ask('info', {})) as {memory: ServerInside}).memory;
	}

	override async sessionsIdle(timeoutMs = 60_000): Promise<void> {
		// The server's own wait, as `agentgrid wait` asks it: no polling that would itself cost the server.
		const rows = (await this.ask('ls', {})) as Array<{slug: string}>;
		await Promise.all(rows.map(async row => this.ask('wait', {name: row.slug, for: 'idle', timeoutMs})));
	}

	override async recordTimeline(): Promise<void> {
		await this.ask('timeline', {action: 'start'});
	}

	override async takeTimeline(): Promise<TimelineEvent[]> {
		return ((await this.ask('timeline', {action: 'take'})) as {events: TimelineEvent[]}).events;
	}

	private async ask(command: string, args: Record<string, unknown>): Promise<unknown> {
		return requestServer(this.env.AGENTGRID_SOCKET_DIR, command, args);
	}

	protected get serverProcess(): number {
		return this.serverPid;
	}

	async reattach(): Promise<number> {
		this.outer.write(prefix);
		this.outer.write('d');
		await Promise.race([this.outer.exited, sleep(10_000)]);
		this.outer.kill();
		const started = performance.now();
		this.outer = AgentgridSide.client(this.repo.root, this.env);
		this.watch(this.outer);
		return this.allPanesDrawn(this.outer, started);
	}

	async close(): Promise<void> {
		this.outer.write(prefix);
		this.outer.write('g');
		await sleep(200);
		this.outer.write('q');
		await sleep(300);
		this.outer.write('s');
		await Promise.race([this.outer.exited, sleep(10_000)]);
		this.outer.kill();
		await stopServers(this.env.AGENTGRID_SOCKET_DIR);
		await this.repo.cleanup();
	}
}

export class TmuxSide extends Side {
	readonly name = 'tmux';

	private constructor(outer: OuterTerminal, workspace: Workspace, private readonly socket: string, private readonly serverPid: number) {
		super(outer, workspace);
	}

	/** A private tmux server with the same panes, tiled, and a client attached in the outer terminal; the last pane is active. */
	static async start(workspace: Workspace): Promise<TmuxSide> {
		const socket = `agentgrid-grid-bench-${process.pid}`;
		const tmux = tmuxRunner(socket);
		const [first, ...rest] = workspace.ids;
		await tmux('new-session', '-d', '-s', 'bench', '-x', String(cols), '-y', String(rows), ...workspace.paneCommand(first!));
		for (const id of rest) {
			await tmux('split-window', '-t', 'bench', ...workspace.paneCommand(id));
			await tmux('select-layout', '-t', 'bench', 'tiled');
		}
		const serverPid = Number(await tmux('display-message', '-p', '-t', 'bench', '#{pid}'));
		const outer = TmuxSide.client(workspace.dir, socket);
		const side = new TmuxSide(outer, workspace, socket, serverPid);
		await outer.waitFor(screen => workspace.ids.every(id => screen.includes(`pane ${id} ready`)), 30_000);
		return side;
	}

	pids(): number[] {
		return [this.serverPid, this.outer.process.pid];
	}

	protected get serverProcess(): number {
		return this.serverPid;
	}

	async reattach(): Promise<number> {
		await tmuxRunner(this.socket)('detach-client', '-s', 'bench').catch(() => undefined);
		await Promise.race([this.outer.exited, sleep(5000)]);
		this.outer.kill();
		const started = performance.now();
		this.outer = TmuxSide.client(this.workspace.dir, this.socket);
		this.watch(this.outer);
		return this.allPanesDrawn(this.outer, started);
	}

	private static client(cwd: string, socket: string): OuterTerminal {
		return new OuterTerminal({cwd, cols, rows, file: 'tmux', args: ['-L', socket, '-f', '/dev/null', 'attach', '-t', 'bench']});
	}

	async close(): Promise<void> {
		await tmuxRunner(this.socket)('kill-server').catch(() => undefined);
		await Promise.race([this.outer.exited, sleep(5000)]);
		this.outer.kill();
	}
}

export function tmuxRunner(socket: string): (...args: string[]) => Promise<string> {
	return async (...args) => (await exec('tmux', ['-L', socket, '-f', '/dev/null', ...args])).stdout.trim();
}

export async function sleep(ms: number): Promise<void> {
	await new Promise(resolve => setTimeout(resolve, ms));
}
