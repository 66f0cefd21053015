/**
 * Every command of the app as data: default keys, the status bar's short label, the help's long description, where
 * its keys are read and when it applies. Command ids are a typed union derived from these tables, so the handlers
 * (`source/ui/grid/grid-commands.ts` for the grid and pane-prefix scopes, each screen's handler table for its own
 * scope) must cover every id, and a misspelled id is a compile error.
 *
 * To add a command: add its entry here (or in screen-commands.ts for a workflow screen, copy-commands.ts for copy
 * mode), then the compiler asks for its handler.
 */
import {copyCommandSpecs, type CopyCommandSpecs} from './copy-commands.js';
import {screenCommandSpecs, type ScreenCommandSpecs} from './screen-commands.js';

/**
 * Where a command's keys are read:
 * - 'grid': grid mode, navigating between panes;
 * - 'pane-prefix': pane mode, the key pressed after the prefix (the keys here are written without the prefix);
 * - 'copy': copy mode, a pane's history frozen for reading, searching and copying;
 * - 'global': every screen that does not take typed text (grid mode today), sharing its key space with each of them;
 * - 'form': the spawn form's own keys (its text fields take every other key as text);
 * - 'quit': the answers to the quit question;
 * - 'choice': the answers to the other questions (stop an agent, remove a session's work), and cancelling any of them.
 */
export type Scope = 'global' | 'grid' | 'pane-prefix' | 'copy' | 'form' | 'quit' | 'choice' | ScreenScope;

/** The workflow screens; each has a key space of its own, listed in the help under its name. */
export type ScreenScope = 'review' | 'tests' | 'matrix' | 'merge' | 'cleanup' | 'radar' | 'search';
export const screenScopes: readonly ScreenScope[] = ['review', 'tests', 'matrix', 'merge', 'cleanup', 'radar', 'search'];

/** What the enabled() checks look at; the grid's view state satisfies it as is. */
export interface KeymapState {
	mode: 'grid' | 'pane';
	/** Index of the focused pane. */
	focus: number;
	zoomed: boolean;
	panes: ReadonlyArray<{status: string; services?: ReadonlyArray<{name: string; state: string}>; view?: string}>;
	/** Sessions queued for merging. */
	marked?: readonly string[];
	/** Set while the focused pane is in copy mode. */
	copy?: object | null;
}

export type Enabled = (state: KeymapState) => true | string;

export interface CommandSpec {
	/** Default keys (see keys.ts for the notation); 'prefix' stands for the configured prefix key. */
	keys: readonly string[];
	/** The status bar's label: one or two words (lazygit's ShortDescription). */
	short: string;
	/** The help overlay's and README's description. */
	description: string;
	scope: Scope;
	/** True, or why the command does nothing right now (shown in the help overlay); always enabled when absent. */
	enabled?: Enabled;
	/** Must keep at least one key: without it there is no way out of a mode. */
	required?: boolean;
}

/** Statuses in which a session has no agent process to type into. */
const notRunning = new Set(['exited', 'stopped']);

function focused(state: KeymapState): KeymapState['panes'][number] | undefined {
	return state.panes[state.focus];
}

const anySession: Enabled = state => (state.panes.length === 0 ? 'no sessions yet' : true);

const severalPanes: Enabled = state => {
	if (state.panes.length === 0) return 'no sessions yet';
	return state.panes.length === 1 ? 'only one pane' : true;
};

const canZoom: Enabled = state => (state.zoomed ? true : severalPanes(state));

const canType: Enabled = state => {
	const pane = focused(state);
	if (!pane) return 'no sessions yet';
	if (pane.view !== undefined) return viewedServiceRuns(pane) ? true : `its service ${pane.view} is not running; restart it first`;
	if (pane.status === 'stopped') return 'its agent is stopped; restart it first';
	if (pane.status === 'exited') return 'its agent has exited; restart it first';
	return true;
};

const canRestart: Enabled = state => {
	const pane = focused(state);
	if (!pane) return 'no sessions yet';
	return notRunning.has(pane.status) ? true : 'its agent is running';
};

const canStop: Enabled = state => {
	const pane = focused(state);
	if (!pane) return 'no sessions yet';
	return notRunning.has(pane.status) ? 'its agent is not running; its worktree stays until you clean it up' : true;
};

/** Whether the service a pane shows has a process to type into. */
function viewedServiceRuns(pane: KeymapState['panes'][number]): boolean {
	const service = pane.services?.find(candidate => candidate.name === pane.view);
	return service !== undefined && service.state !== 'exited' && service.state !== 'stopped';
}

const hasServices: Enabled = state => {
	const pane = focused(state);
	if (!pane) return 'no sessions yet';
	return (pane.services?.length ?? 0) > 0 ? true : 'it runs no services (see "services" in .agentgrid.json)';
};

const someoneWaiting: Enabled = state => (state.panes.some(pane => pane.status === 'waiting') ? true : 'no session is waiting for you');

const anyMarked: Enabled = state => {
	if (state.panes.length === 0) return 'no sessions yet';
	return (state.marked?.length ?? 0) === 0 ? 'no session is queued for merging' : true;
};

/** The grid's, the pane prefix's and the choices' commands, in the order the help overlay and the README list them. */
export const gridCommandSpecs = {
	'focus.left': {keys: ['left', 'h'], short: 'left', description: 'Focus the pane on the left', scope: 'grid', enabled: severalPanes},
	'focus.down': {keys: ['down', 'j'], short: 'down', description: 'Focus the pane below', scope: 'grid', enabled: severalPanes},
	'focus.up': {keys: ['up', 'k'], short: 'up', description: 'Focus the pane above', scope: 'grid', enabled: severalPanes},
	'focus.right': {keys: ['right', 'l'], short: 'right', description: 'Focus the pane on the right', scope: 'grid', enabled: severalPanes},
	'focus.number': {keys: ['1', '2', '3', '4', '5', '6', '7', '8', '9'], short: 'jump', description: 'Focus pane 1 to 9 (the Nth key focuses pane N)', scope: 'grid', enabled: anySession},
	'pane.enter': {keys: ['enter'], short: 'type', description: 'Type into the focused pane (pane mode)', scope: 'grid', enabled: canType, required: true},
	'pane.copy': {keys: ['['], short: 'copy mode', description: 'Copy mode: scroll, search and copy the focused pane\'s history', scope: 'grid', enabled: anySession},
	'pane.zoom': {keys: ['z'], short: 'zoom', description: 'Zoom the focused pane to the full screen, or back', scope: 'grid', enabled: canZoom},
	'pane.view': {keys: ['v'], short: 'view service', description: 'Show the focused session\'s next service (dev server) in its pane instead of the agent, then the agent again', scope: 'grid', enabled: hasServices},
	'session.new': {keys: ['n'], short: 'new', description: 'Start a new session', scope: 'grid'},
	'session.close': {keys: ['x'], short: 'close', description: 'Close the focused session: stops its agent, keeps its worktree (asks first)', scope: 'grid', enabled: canStop},
	'session.restart': {keys: ['r'], short: 'restart', description: 'Restart the agent of a stopped session', scope: 'grid', enabled: canRestart},
	'session.review': {keys: ['d'], short: 'diff', description: 'Review the focused session\'s changes against its base', scope: 'grid', enabled: anySession},
	'session.test': {keys: ['t'], short: 'test', description: 'Run the tests in the focused session\'s worktree', scope: 'grid', enabled: anySession},
	'tests.matrix': {keys: ['T'], short: 'test all', description: 'Test matrix: run the tests in every session and on the base, side by side, with the failures new against the base', scope: 'grid'},
	'session.merge': {keys: ['m'], short: 'merge', description: 'Merge the focused session: commit, rebase, test, fast-forward the base', scope: 'grid', enabled: anySession},
	'session.mark': {keys: ['space'], short: 'queue', description: 'Queue the focused session for merging, or take it out of the queue', scope: 'grid', enabled: anySession},
	'merge.queue': {keys: ['M'], short: 'merge queued', description: 'Merge the queued sessions one after another, in the order they were queued', scope: 'grid', enabled: anyMarked},
	'cleanup.open': {keys: ['c'], short: 'cleanup', description: 'Clean up worktrees and branches', scope: 'grid'},
	'history.search': {keys: ['/'], short: 'search all', description: 'Search the history of every pane; Enter opens the hit in copy mode', scope: 'grid', enabled: anySession},
	'radar.open': {keys: ['o'], short: 'overlaps', description: 'Overlap radar: files changed by several sessions, predicted conflicts', scope: 'grid'},
	'session.services': {keys: ['S'], short: 'restart services', description: 'Start the focused session\'s services (dev servers) again, also those that do not start on their own', scope: 'grid', enabled: anySession},
	'session.isolation': {keys: ['i'], short: 'isolation', description: 'What isolates the focused session: worktree, branch, ports, environment, services, scope, teardown', scope: 'grid', enabled: anySession},
	'session.explain': {keys: ['e'], short: 'why', description: 'Why the focused session has its status: the signal that decided it, when, and what came before', scope: 'grid', enabled: anySession},
	'attention.next': {keys: ['!'], short: 'next waiting', description: 'Jump to the session that has waited longest for you; again for the next one', scope: 'grid', enabled: someoneWaiting},
	'help': {keys: ['?'], short: 'help', description: 'Show every key', scope: 'global'},
	'detach': {keys: ['D'], short: 'detach', description: 'Detach: leave agentgrid, the agents keep running (agentgrid attaches again)', scope: 'grid'},
	'quit': {keys: ['q'], short: 'quit', description: 'Quit: asks whether to detach or to stop the running agents', scope: 'global', required: true},
	'prefix.grid': {keys: ['g', 'escape'], short: 'grid', description: 'Back to grid mode', scope: 'pane-prefix', required: true},
	'prefix.focus-left': {keys: ['left'], short: 'left', description: 'Focus the pane on the left, staying in pane mode', scope: 'pane-prefix', enabled: severalPanes},
	'prefix.focus-down': {keys: ['down'], short: 'down', description: 'Focus the pane below, staying in pane mode', scope: 'pane-prefix', enabled: severalPanes},
	'prefix.focus-up': {keys: ['up'], short: 'up', description: 'Focus the pane above, staying in pane mode', scope: 'pane-prefix', enabled: severalPanes},
	'prefix.focus-right': {keys: ['right'], short: 'right', description: 'Focus the pane on the right, staying in pane mode', scope: 'pane-prefix', enabled: severalPanes},
	'prefix.copy': {keys: ['['], short: 'copy mode', description: 'Copy mode: scroll, search and copy this pane\'s history', scope: 'pane-prefix'},
	'prefix.zoom': {keys: ['z'], short: 'zoom', description: 'Zoom the focused pane, or back', scope: 'pane-prefix', enabled: canZoom},
	'prefix.explain': {keys: ['e'], short: 'why', description: 'Why this session has its status', scope: 'pane-prefix'},
	'prefix.view': {keys: ['v'], short: 'view service', description: 'Show this session\'s next service in the pane instead of the agent, then the agent again', scope: 'pane-prefix', enabled: hasServices},
	'prefix.isolation': {keys: ['i'], short: 'isolation', description: 'What isolates this session', scope: 'pane-prefix'},
	'prefix.attention': {keys: ['!'], short: 'next waiting', description: 'Jump to the session that has waited longest for you, staying in pane mode', scope: 'pane-prefix', enabled: someoneWaiting},
	'prefix.new': {keys: ['n'], short: 'new', description: 'Start a new session', scope: 'pane-prefix'},
	'prefix.detach': {keys: ['d'], short: 'detach', description: 'Detach: leave agentgrid, the agents keep running', scope: 'pane-prefix'},
	'prefix.help': {keys: ['?'], short: 'help', description: 'Show every key', scope: 'pane-prefix'},
	'prefix.send': {keys: ['prefix'], short: 'send it', description: 'Send the prefix key itself to the agent', scope: 'pane-prefix', required: true},
	'form.submit': {keys: ['enter'], short: 'start', description: 'Start the session (from any field)', scope: 'form', required: true},
	'form.next-field': {keys: ['tab'], short: 'next field', description: 'Next field', scope: 'form', required: true},
	'form.previous-field': {keys: ['S-tab'], short: 'previous field', description: 'Previous field', scope: 'form'},
	'form.cancel': {keys: ['escape'], short: 'cancel', description: 'Close the form; while the session is being set up, stop the setup (the worktree is kept)', scope: 'form', required: true},
	'quit.detach': {keys: ['d'], short: 'detach', description: 'Detach: the agents keep running', scope: 'quit'},
	'quit.stop': {keys: ['s'], short: 'stop all', description: 'Stop the running agents and quit', scope: 'quit'},
	'choice.yes': {keys: ['y'], short: 'yes', description: 'Go ahead with what the question offers', scope: 'choice'},
	'choice.salvage': {keys: ['s'], short: 'salvage', description: 'Removing a session with work: commit the work on its branch and keep the branch', scope: 'choice'},
	'choice.discard': {keys: ['x'], short: 'discard', description: 'Removing a session with work: discard it (asks again)', scope: 'choice'},
	'choice.cancel': {keys: ['escape', 'n'], short: 'cancel', description: 'Answer no: cancel the question (so does any key it does not take)', scope: 'choice'},
} satisfies Record<string, CommandSpec>;

export type GridCommandId = keyof typeof gridCommandSpecs;
export type CopyCommandId = keyof CopyCommandSpecs;
export type ScreenCommandId = keyof ScreenCommandSpecs;
export type CommandId = GridCommandId | CopyCommandId | ScreenCommandId;

type AllSpecs = typeof gridCommandSpecs & CopyCommandSpecs & ScreenCommandSpecs;
/** The ids of one scope's commands, e.g. CommandIdOf<'merge'> for the merge screen's handler table. */
export type CommandIdOf<S extends Scope> = {[K in CommandId]: AllSpecs[K]['scope'] extends S ? K : never}[CommandId];

export interface Command extends Omit<CommandSpec, 'enabled'> {
	id: CommandId;
	enabled: Enabled;
}

const always: Enabled = () => true;

function commandsOf(specs: Record<string, CommandSpec>): Command[] {
	return Object.entries(specs).map(([id, spec]) => ({...spec, id: id as CommandId, enabled: spec.enabled ?? always}));
}

/** Every command, in the order the help overlay and the README list them. */
export const defaultCommands: readonly Command[] = [...commandsOf(gridCommandSpecs), ...commandsOf(copyCommandSpecs), ...commandsOf(screenCommandSpecs)];

export const commandIds: readonly CommandId[] = defaultCommands.map(command => command.id);

export function isCommandId(id: string): id is CommandId {
	return Object.hasOwn(gridCommandSpecs, id) || Object.hasOwn(copyCommandSpecs, id) || Object.hasOwn(screenCommandSpecs, id);
}
