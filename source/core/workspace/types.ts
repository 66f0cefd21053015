/**
 * The workspace is the set of agentgrid sessions of one repository: those whose agent runs in this process and those
 * left from an earlier run (a worktree and branch with no agent). The grid shows one pane per entry.
 */
import type {HeadlessTerminal} from '../terminal/headless-terminal.js';
import type {UsageSummary} from '../usage/prices.js';

export type EntryStatus = 'starting' | 'busy' | 'waiting' | 'idle' | 'exited' | 'stopped';

export interface WorkspaceEntry {
	/** Stable for the entry's lifetime: the slug. */
	id: string;
	slug: string;
	branch: string;
	worktree: string;
	base: string;
	/** Preset name, e.g. 'claude'; '' when unknown (a session left from an earlier run). */
	agent: string;
	status: EntryStatus;
	statusSince: number;
	exitCode?: number;
	changedFiles: number;
	/** The branch did work and all of it is in its base (from the last listing). */
	merged?: boolean;
	/** Present while the agent's process exists or after it exited in this run (its last screen stays visible). */
	terminal?: HeadlessTerminal;
	/** Tokens and estimated cost, from the agents' own logs of this worktree, once any were found. */
	usage?: UsageSummary;
}

export interface SpawnOptions {
	slug: string;
	agent: string;
	base: string;
	prompt: string;
	/** Paths the session owns and must avoid, and what "done" means; they go into the brief and the radar. */
	owns?: string[];
	avoid?: string[];
	doneWhen?: string[];
	cols: number;
	rows: number;
}

export interface SetupStep {
	label: string;
	state: 'running' | 'done' | 'failed';
	detail?: string;
	/** When it started (epoch ms), for the elapsed time of a long step. */
	startedAt?: number;
}

export type WorkspaceEvent =
	| {type: 'entries'}
	| {type: 'status'; id: string; status: EntryStatus; previous: EntryStatus}
	| {type: 'output'; id: string}
	| {type: 'usage'; id: string}
	| {type: 'title'; id: string; title: string};

export interface WorkspaceApi {
	entries(): readonly WorkspaceEntry[];
	subscribe(listener: (event: WorkspaceEvent) => void): () => void;
	/** Creates the worktree, runs setup, starts the agent; progress is reported as the list of steps so far. */
	spawn(options: SpawnOptions, onSteps: (steps: SetupStep[]) => void, signal?: AbortSignal): Promise<WorkspaceEntry>;
	/** Ends the agent's process group; the worktree and branch stay. */
	stop(id: string): Promise<void>;
	/** Starts the agent again in the existing worktree with the preset's resume arguments. */
	restart(id: string, cols: number, rows: number): Promise<void>;
	write(id: string, data: string): void;
	resize(id: string, cols: number, rows: number): void;
	runningCount(): number;
	stopAll(): Promise<void>;
}
