/**
 * The grid's view state. The controller owns and mutates it; React reads it through useSyncExternalStore, so chrome
 * re-renders happen only when something visible changed (never per output chunk).
 */
import type {CommandIdOf} from './keymap/index.js';

export type SessionStatusName = 'starting' | 'busy' | 'waiting' | 'idle' | 'exited' | 'stopped';

export interface PaneView {
	id: string;
	slug: string;
	agent: string;
	branch: string;
	status: SessionStatusName;
	/** Epoch ms when the status last changed; the title shows the time since. */
	statusSince: number;
	exitCode?: number;
	/** Undefined until counted. */
	changedFiles?: number;
	/** Counting them failed. */
	countFailed?: boolean;
	/** Its branch is merged into its base. */
	merged?: boolean;
	/** A shell session's task: shown in its title, since the shell is never given it. */
	task?: string;
	/** A stopped session whose last screen (replayed from its output log) fills the pane. */
	lastScreen?: boolean;
	/** Set when the session started waiting while unfocused; cleared on focus. */
	attention: boolean;
	/** From the overlap radar: shares changed files with another session, or is predicted to conflict. */
	overlap?: 'shared' | 'conflict';
	/** Tokens and estimated cost so far (cost leaves out models without a price, listed in unpriced). */
	usage?: {total: number; cost: number; unpriced: string[]};
	/** From the radar's scope check: how many changed files lie outside the session's scope or in another's. */
	scope?: number;
	/** Latest test run: passed or failed, and whether it ran on the current commit. */
	tests?: {passed: boolean; stale: boolean};
	/** Its dev servers with their ports and states, once started. */
	services?: ServiceBadge[];
	/** The service whose screen the pane shows instead of the agent's. */
	view?: string;
}

export interface ServiceBadge {
	name: string;
	port?: number;
	state: 'starting' | 'up' | 'running' | 'exited' | 'stopped';
	exitCode?: number;
}

/** What answering a question in the status bar does. */
export type ConfirmAction = 'close' | 'remove-empty' | 'detach' | 'quit';

/** An answer to a question: the keymap command whose keys give it, and what it does. */
export interface ConfirmAnswer {
	command: CommandIdOf<'quit' | 'choice'>;
	action: ConfirmAction;
}

export type Overlay =
	| {kind: 'help'; offset?: number}
	| {kind: 'spawn'}
	/** Why a session has its status. */
	| {kind: 'explain'; id: string}
	/** A card of lines over the grid (what isolates a session), scrollable. */
	| {kind: 'card'; title: string; lines: string[]; footer: string; offset: number}
	| {kind: 'confirm'; message: string; answers: ConfirmAnswer[]; target?: string}
	| {kind: 'screen'; scope: string};

export interface GridState {
	cols: number;
	rows: number;
	mode: 'grid' | 'pane';
	focus: number;
	zoomed: boolean;
	panes: PaneView[];
	overlay: Overlay | null;
	message: {text: string; kind: 'info' | 'error'} | null;
	prefixLabel: string;
	now: number;
	/** Sessions marked for the merge queue, in the order they were marked. */
	marked: string[];
	/** Bumped when the open workflow screen's state changed, so it renders again. */
	screenVersion: number;
	/** True until the sessions of the repository have been read at startup. */
	loading: boolean;
	/** The pane in copy mode (its history frozen for reading and copying), and whether its search prompt is open. */
	copy: {id: string; prompt: boolean} | null;
}

export class Store<T> {
	private state: T;
	private readonly listeners = new Set<() => void>();

	constructor(initial: T) {
		this.state = initial;
	}

	get = (): T => this.state;

	subscribe = (listener: () => void): (() => void) => {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	};

	update(change: Partial<T> | ((state: T) => Partial<T>)): void {
		const patch = typeof change === 'function' ? change(this.state) : change;
		let changed = false;
		for (const key of Object.keys(patch) as Array<keyof T>) {
			if (!Object.is(this.state[key], patch[key])) changed = true;
		}
		if (!changed) return;
		this.state = {...this.state, ...patch};
		for (const listener of this.listeners) listener();
	}
}
