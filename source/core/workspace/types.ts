/**
 * The workspace is the set of agentgrid sessions of one repository: those whose agent runs in this process and those
 * left from an earlier run (a worktree and branch with no agent). The grid shows one pane per entry.
 */
import type {HeadlessTerminal} from '../terminal/headless-terminal.js';
import type {UsageSummary} from '../usage/prices.js';
import type {ServiceSnapshot} from '../services/service-process.js';
import type {SessionInfo} from '../git/list.js';

/** A session as a listing gives it: described in full, or from the inventory alone, without its counts. */
export type ListedSession = Pick<SessionInfo, 'slug' | 'branch' | 'worktree' | 'base' | 'exists'> & Partial<Pick<SessionInfo, 'changedFiles' | 'merged'>>;

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
	/** Set for a session prepared without starting its agent: the task its first start gives it ('' for none). */
	firstPrompt?: string;
	/** The task it was made with. */
	task?: string;
	status: EntryStatus;
	statusSince: number;
	exitCode?: number;
	/** Files changed against its base; undefined until they have been counted. */
	changedFiles?: number;
	/** Counting them failed (the next edit in the worktree tries again). */
	countFailed?: boolean;
	/** The branch did work and all of it is in its base (from the last listing). */
	merged?: boolean;
	/** Present while the agent's process exists or after it exited in this run (its last screen stays visible). */
	terminal?: HeadlessTerminal;
	/** Tokens and estimated cost, from the agents' own logs of this worktree, once any were found. */
	usage?: UsageSummary;
	/** Its dev servers (the repository file's services), once they have been started in this server. */
	services?: ServiceSnapshot[];
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
	/** Files of the session's worktree changed (or its agent exited); `changed` says whether its change count moved. */
	| {type: 'changes'; id: string; changed: boolean}
	| {type: 'usage'; id: string}
	| {type: 'services'; id: string}
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
	/** Starts a session's services again (all, or the named one); resolves to how many. */
	restartServices(id: string, name?: string, size?: {cols: number; rows: number}): Promise<number>;
	serviceTerminal(id: string, name: string): HeadlessTerminal | undefined;
	writeService(id: string, name: string, data: string): void;
	resizeService(id: string, name: string, cols: number, rows: number): void;
	runningCount(): number;
	runningServiceCount(): number;
	stopAll(): Promise<void>;
}
