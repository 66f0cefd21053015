/**
 * Where a command's keys are read:
 * - 'grid': grid mode, navigating between panes;
 * - 'pane-prefix': pane mode, the key pressed after the prefix (the keys here are written without the prefix);
 * - 'copy': copy mode, a pane's history frozen for reading, searching and copying;
 * - 'global': every screen that does not take typed text (grid mode today), sharing its key space with each of them.
 */
export type Scope = 'global' | 'grid' | 'pane-prefix' | 'copy' | ScreenScope;

/** The workflow screens; each has a key space of its own, listed in the help under its name. */
export type ScreenScope = 'review' | 'tests' | 'merge' | 'cleanup' | 'radar';
export const screenScopes: readonly ScreenScope[] = ['review', 'tests', 'merge', 'cleanup', 'radar'];

/** What the enabled() checks look at; the grid's view state satisfies it as is. */
export interface KeymapState {
	mode: 'grid' | 'pane';
	/** Index of the focused pane. */
	focus: number;
	zoomed: boolean;
	panes: ReadonlyArray<{status: string}>;
	/** Set while the focused pane is in copy mode. */
	copy?: object | null;
}

export interface Command {
	id: string;
	/** Default keys (see keys.ts for the notation); 'prefix' stands for the configured prefix key. */
	keys: readonly string[];
	description: string;
	scope: Scope;
	/** True, or why the command does nothing right now (shown in the help overlay). */
	enabled(state: KeymapState): true | string;
	/** Must keep at least one key: without it there is no way out of a mode. */
	required?: boolean;
}

import {copyCommands} from './copy-commands.js';
import {screenCommands} from './screen-commands.js';

/** Statuses in which a session has no agent process to type into. */
const notRunning = new Set(['exited', 'stopped']);

function focused(state: KeymapState): {status: string} | undefined {
	return state.panes[state.focus];
}

const anySession = (state: KeymapState): true | string => (state.panes.length === 0 ? 'no sessions yet' : true);

const severalPanes = (state: KeymapState): true | string => {
	if (state.panes.length === 0) return 'no sessions yet';
	return state.panes.length === 1 ? 'only one pane' : true;
};

const canZoom = (state: KeymapState): true | string => (state.zoomed ? true : severalPanes(state));

const canType = (state: KeymapState): true | string => {
	const pane = focused(state);
	if (!pane) return 'no sessions yet';
	if (pane.status === 'stopped') return 'its agent is stopped; restart it first';
	if (pane.status === 'exited') return 'its agent has exited; restart it first';
	return true;
};

const canRestart = (state: KeymapState): true | string => {
	const pane = focused(state);
	if (!pane) return 'no sessions yet';
	return notRunning.has(pane.status) ? true : 'its agent is running';
};

const always = (): true => true;

/** Every command of the grid, in the order the help overlay and the README list them. */
export const defaultCommands: readonly Command[] = [
	{id: 'focus.left', keys: ['left', 'h'], description: 'Focus the pane on the left', scope: 'grid', enabled: severalPanes},
	{id: 'focus.down', keys: ['down', 'j'], description: 'Focus the pane below', scope: 'grid', enabled: severalPanes},
	{id: 'focus.up', keys: ['up', 'k'], description: 'Focus the pane above', scope: 'grid', enabled: severalPanes},
	{id: 'focus.right', keys: ['right', 'l'], description: 'Focus the pane on the right', scope: 'grid', enabled: severalPanes},
	{
		id: 'focus.number',
		keys: ['1', '2', '3', '4', '5', '6', '7', '8', '9'],
		description: 'Focus pane 1 to 9 (the Nth key focuses pane N)',
		scope: 'grid',
		enabled: anySession,
	},
	{id: 'pane.enter', keys: ['enter'], description: 'Type into the focused pane (pane mode)', scope: 'grid', enabled: canType, required: true},
	{id: 'pane.copy', keys: ['['], description: 'Copy mode: scroll, search and copy the focused pane\'s history', scope: 'grid', enabled: anySession},
	{id: 'pane.zoom', keys: ['z'], description: 'Zoom the focused pane to the full screen, or back', scope: 'grid', enabled: canZoom},
	{id: 'session.new', keys: ['n'], description: 'Start a new session', scope: 'grid', enabled: always},
	{
		id: 'session.close',
		keys: ['x'],
		description: 'Close the focused session: stops its agent, keeps its worktree (asks first)',
		scope: 'grid',
		enabled: anySession,
	},
	{id: 'session.restart', keys: ['r'], description: 'Restart the agent of a stopped session', scope: 'grid', enabled: canRestart},
	{id: 'session.review', keys: ['d'], description: 'Review the focused session\'s changes against its base', scope: 'grid', enabled: anySession},
	{id: 'session.test', keys: ['t'], description: 'Run the tests in the focused session\'s worktree', scope: 'grid', enabled: anySession},
	{id: 'session.merge', keys: ['m'], description: 'Merge the focused session: commit, rebase, test, fast-forward the base', scope: 'grid', enabled: anySession},
	{id: 'session.mark', keys: ['space'], description: 'Mark or unmark the focused session for the merge queue', scope: 'grid', enabled: anySession},
	{id: 'merge.queue', keys: ['M'], description: 'Merge the marked sessions one after another', scope: 'grid', enabled: anySession},
	{id: 'cleanup.open', keys: ['c'], description: 'Clean up worktrees and branches', scope: 'grid', enabled: always},
	{id: 'radar.open', keys: ['o'], description: 'Overlap radar: files changed by several sessions, predicted conflicts', scope: 'grid', enabled: always},
	{id: 'help', keys: ['?'], description: 'Show every key', scope: 'global', enabled: always},
	{id: 'detach', keys: ['D'], description: 'Detach: leave agentgrid, the agents keep running (agentgrid attaches again)', scope: 'grid', enabled: always},
	{id: 'quit', keys: ['q'], description: 'Quit: asks whether to detach or to stop the running agents', scope: 'global', enabled: always, required: true},
	{id: 'prefix.grid', keys: ['g', 'escape'], description: 'Back to grid mode', scope: 'pane-prefix', enabled: always, required: true},
	{id: 'prefix.focus-left', keys: ['left'], description: 'Focus the pane on the left, staying in pane mode', scope: 'pane-prefix', enabled: severalPanes},
	{id: 'prefix.focus-down', keys: ['down'], description: 'Focus the pane below, staying in pane mode', scope: 'pane-prefix', enabled: severalPanes},
	{id: 'prefix.focus-up', keys: ['up'], description: 'Focus the pane above, staying in pane mode', scope: 'pane-prefix', enabled: severalPanes},
	{id: 'prefix.focus-right', keys: ['right'], description: 'Focus the pane on the right, staying in pane mode', scope: 'pane-prefix', enabled: severalPanes},
	{id: 'prefix.copy', keys: ['['], description: 'Copy mode: scroll, search and copy this pane\'s history', scope: 'pane-prefix', enabled: always},
	{id: 'prefix.zoom', keys: ['z'], description: 'Zoom the focused pane, or back', scope: 'pane-prefix', enabled: canZoom},
	{id: 'prefix.new', keys: ['n'], description: 'Start a new session', scope: 'pane-prefix', enabled: always},
	{id: 'prefix.detach', keys: ['d'], description: 'Detach: leave agentgrid, the agents keep running', scope: 'pane-prefix', enabled: always},
	{id: 'prefix.help', keys: ['?'], description: 'Show every key', scope: 'pane-prefix', enabled: always},
	{id: 'prefix.send', keys: ['prefix'], description: 'Send the prefix key itself to the agent', scope: 'pane-prefix', enabled: always, required: true},
	...copyCommands,
	...screenCommands,
];
