/**
 * Turns key presses into grid commands through the keymap, and runs them. Disabled commands say why in the status
 * bar instead of doing nothing silently.
 */
import {keyFor, type CommandId, type CommandIdOf, type Keymap, type KeySpace} from '../keymap/index.js';
import type {ScreenOpener} from '../screens/registry.js';
import type {ConfirmAction} from '../store.js';
import type {KeyEvent} from '../input/key-event.js';
import type {GridController} from './grid-controller.js';
import type {WorkspaceApi} from '../../core/workspace/types.js';
import {isAgentgridError} from '../../core/errors.js';
import {cardRoom} from '../components/CardView.js';

/** The commands the grid runs itself; screens and questions handle the others. */
export type RunnerCommandId = CommandIdOf<'grid' | 'global' | 'pane-prefix'>;

const runnerScopes = new Set(['grid', 'global', 'pane-prefix']);

export interface CommandRunnerOptions {
	controller: GridController;
	keymap: Keymap;
	workspace: WorkspaceApi;
	openSpawn: () => void;
	quit: () => void;
	/** Lets go of the terminal; the agents keep running in the server. */
	detach: () => void;
	/** Shows the isolation card of the focused session. */
	openIsolation: () => void;
	/** Opens the workflow screen of a grid command. */
	openScreen: (id: ScreenOpener) => void;
	/** How far the help overlay can scroll at the current size. */
	helpMaxOffset: () => number;
	/** Whether a session has no work at all (no commits, no changes), so closing it can offer to remove it. */
	isEmptySession: (id: string) => Promise<boolean>;
	/** Removes a session without work: worktree, branch, ports; the grid drops its pane. */
	removeEmptySession: (id: string) => Promise<void>;
}

export class CommandRunner {
	constructor(private readonly options: CommandRunnerOptions) {}

	gridKey(key: KeyEvent): void {
		const {controller} = this.options;
		const overlay = controller.state.overlay;
		if (overlay?.kind === 'screen' && controller.screen) {
			const binding = this.options.keymap.lookupEvent(controller.screen.scope, key);
			controller.screen.onKey(key, binding?.command.id as never);
			return;
		}
		if (overlay?.kind === 'help') {
			const step = {down: 1, j: 1, up: -1, k: -1, pagedown: 10, pageup: -10}[key.name];
			if (step !== undefined && !key.ctrl && !key.alt) controller.scrollHelp(step, this.options.helpMaxOffset());
			else controller.closeOverlay();
			return;
		}
		if (overlay?.kind === 'explain') {
			controller.closeOverlay();
			return;
		}
		if (overlay?.kind === 'card') {
			const step = {down: 1, j: 1, up: -1, k: -1, pagedown: 10, pageup: -10}[key.name];
			if (step !== undefined && !key.ctrl && !key.alt) controller.scrollCard(step, cardRoom(controller.state.rows));
			else controller.closeOverlay();
			return;
		}
		if (controller.state.copy) {
			controller.copyKey(key, this.options.keymap.lookupEvent('copy', key)?.command.id as CommandIdOf<'copy'> | undefined);
			return;
		}
		this.dispatch('grid', key);
	}

	/** The answer to the question asked (the chosen answer's command, or undefined: cancelled). */
	answer(command: CommandId | undefined): void {
		const {controller} = this.options;
		const overlay = controller.state.overlay;
		if (overlay?.kind !== 'confirm') return;
		controller.closeOverlay();
		const chosen = overlay.answers.find(answer => answer.command === command)?.action;
		if (chosen) this.confirmed(chosen, overlay.target);
		else controller.flash(overlay.answers.some(answer => answer.action === 'remove-empty') ? `kept ${overlay.target}` : 'cancelled');
	}

	prefixKey(key: KeyEvent): void {
		this.dispatch('pane-prefix', key);
	}

	private dispatch(space: KeySpace, key: KeyEvent): void {
		const {controller, keymap} = this.options;
		if (key.name === 'paste' || key.name === 'focus-in' || key.name === 'focus-out' || key.name === 'report' || key.name === 'mouse') return;
		const binding = keymap.lookupEvent(space, key);
		if (!binding) {
			const hint = space === 'pane-prefix' ? `${keyFor(keymap, 'prefix.help')} lists the pane keys` : `${keyFor(keymap, 'help')} shows every key`;
			controller.flash(`${describe(key)} does nothing here; ${hint}`, 'error');
			return;
		}
		const enabled = binding.command.enabled(controller.state);
		if (enabled !== true) {
			controller.flash(`${binding.command.description}: ${enabled}`, 'error');
			return;
		}
		controller.clearMessage();
		// The grid's and the prefix's key spaces hold only the grid's own commands.
		if (runnerScopes.has(binding.command.scope)) this.run(binding.command.id as RunnerCommandId, binding.index);
	}

	/** Runs a grid, global or pane-prefix command; `index` is which of its keys was pressed. */
	run(id: RunnerCommandId, index = 0): void {
		this.handlers[id](index);
	}

	/** One handler per command of the grid's key spaces: a command without one does not compile. */
	private readonly handlers: Record<RunnerCommandId, (index: number) => void> = {
		'focus.left': () => this.options.controller.moveFocus('left'),
		'focus.right': () => this.options.controller.moveFocus('right'),
		'focus.up': () => this.options.controller.moveFocus('up'),
		'focus.down': () => this.options.controller.moveFocus('down'),
		'prefix.focus-left': () => this.options.controller.moveFocus('left'),
		'prefix.focus-right': () => this.options.controller.moveFocus('right'),
		'prefix.focus-up': () => this.options.controller.moveFocus('up'),
		'prefix.focus-down': () => this.options.controller.moveFocus('down'),
		'focus.number': index => this.options.controller.jump(index),
		'pane.enter': () => this.options.controller.enterPaneMode(),
		'pane.copy': () => this.options.controller.enterCopyMode(),
		'prefix.copy': () => this.options.controller.enterCopyMode(),
		'pane.zoom': () => this.options.controller.toggleZoom(),
		'prefix.zoom': () => this.options.controller.toggleZoom(),
		'session.new': () => this.options.openSpawn(),
		'prefix.new': () => this.options.openSpawn(),
		'help': () => this.options.controller.openOverlay('help'),
		'prefix.help': () => this.options.controller.openOverlay('help'),
		'prefix.grid': () => this.options.controller.leavePaneMode(),
		'prefix.send': () => this.options.controller.typeIntoFocused(String.fromCharCode(this.options.keymap.prefix.byte)),
		'detach': () => this.options.detach(),
		'prefix.detach': () => this.options.detach(),
		'session.review': () => this.options.openScreen('session.review'),
		'session.test': () => this.options.openScreen('session.test'),
		'tests.matrix': () => this.options.openScreen('tests.matrix'),
		'session.merge': () => this.options.openScreen('session.merge'),
		'merge.queue': () => this.options.openScreen('merge.queue'),
		'cleanup.open': () => this.options.openScreen('cleanup.open'),
		'radar.open': () => this.options.openScreen('radar.open'),
		'session.explain': () => this.options.controller.openExplain(),
		'prefix.explain': () => this.options.controller.openExplain(),
		'attention.next': () => this.options.controller.nextWaiting(),
		'prefix.attention': () => this.options.controller.nextWaiting(),
		'history.search': () => this.options.openScreen('history.search'),
		'pane.view': () => this.options.controller.cycleView(),
		'prefix.view': () => this.options.controller.cycleView(),
		'session.isolation': () => this.options.openIsolation(),
		'prefix.isolation': () => this.options.openIsolation(),
		'session.services': () => {
			const {controller, workspace} = this.options;
			const entry = controller.focusedEntry();
			if (!entry) return;
			const size = controller.innerSizeOf(entry.id);
			controller.flash(`starting the services of ${entry.slug}…`);
			workspace.restartServices(entry.id, undefined, size).then(
				count => {
					const services = workspace.entries().find(candidate => candidate.id === entry.id)?.services ?? [];
					const failed = services.filter(service => service.state === 'exited');
					const started = `${entry.slug}: started ${count} service${count === 1 ? '' : 's'}`;
					controller.flash(failed.length > 0
						? `${started}; ${failed.map(service => `${service.name} exited${service.exitCode === undefined ? '' : ` ${service.exitCode}`}${service.error ? ` (${service.error})` : ''}`).join(', ')}`
						: `${started} (${services.map(service => service.name).join(', ')})`, failed.length > 0 ? 'error' : 'info');
				},
				(error: unknown) => controller.flash(errorText(error), 'error'),
			);
		},
		'session.close': () => {
			const {controller, keymap} = this.options;
			const entry = controller.focusedEntry();
			if (!entry) return;
			controller.confirm(`Stop the agent in ${entry.slug}? Its worktree and branch are kept. ${keyFor(keymap, 'choice.yes')} = stop, any other key = cancel`, [{command: 'choice.yes', action: 'close'}], entry.id);
		},
		'session.restart': () => {
			const {controller, workspace} = this.options;
			const entry = controller.focusedEntry();
			if (!entry) return;
			const size = controller.innerSizeOf(entry.id);
			controller.flash(`restarting ${entry.slug}…`);
			workspace.restart(entry.id, size.cols, size.rows).then(
				() => controller.flash(`${entry.slug} restarted`),
				(error: unknown) => controller.flash(errorText(error), 'error'),
			);
		},
		'quit': () => {
			const {controller, keymap, workspace} = this.options;
			const running = workspace.runningCount();
			const services = workspace.runningServiceCount();
			if (running === 0 && services === 0) {
				this.options.quit();
				return;
			}
			// Dev servers left running would stop with the server too: they count as what quitting stops.
			const agents = [running > 0 ? `${running} agent${running === 1 ? '' : 's'}` : '', services > 0 ? `${services} service${services === 1 ? '' : 's'}` : ''].filter(Boolean).join(' + ');
			// Short enough for an 80-column status bar: both answers must stay visible.
			controller.confirm(`Quit? ${keyFor(keymap, 'quit.detach')} detach · ${keyFor(keymap, 'quit.stop')} stop ${agents} · else cancel`, [{command: 'quit.detach', action: 'detach'}, {command: 'quit.stop', action: 'quit'}]);
		},
		'session.mark': () => {
			const {controller, keymap} = this.options;
			const entry = controller.focusedEntry();
			if (!entry) return;
			const place = controller.toggleMark(entry.id);
			controller.flash(place > 0 ? `${entry.slug} queued for merging, ${place === 1 ? 'first' : `number ${place}`} (${keyFor(keymap, 'merge.queue')} merges the queue in order)` : `${entry.slug} taken out of the merge queue`);
		},
	};

	private confirmed(action: ConfirmAction, target: string | undefined): void {
		const {controller, keymap, workspace} = this.options;
		if (action === 'quit') {
			this.options.quit();
			return;
		}
		if (action === 'detach') {
			this.options.detach();
			return;
		}
		if (action === 'close' && target) {
			controller.flash(`stopping ${target}…`);
			workspace
				.stop(target)
				.then(() => this.options.isEmptySession(target))
				.then(
					empty => {
						// Like closing an unused worktree in other tools: nothing to keep, so offer to clear it away.
						if (empty) controller.confirm(`${target} made no changes. Remove its worktree and branch too? ${keyFor(keymap, 'choice.yes')} = remove, any other key = keep`, [{command: 'choice.yes', action: 'remove-empty'}], target);
						else controller.flash(`stopped ${target}; its worktree and branch are kept (${keyFor(keymap, 'session.restart')} restarts it)`);
					},
					(error: unknown) => controller.flash(errorText(error), 'error'),
				);
		}
		if (action === 'remove-empty' && target) {
			this.options.removeEmptySession(target).then(
				() => controller.flash(`removed ${target}: it had no changes`),
				(error: unknown) => controller.flash(errorText(error), 'error'),
			);
		}
	}
}

function describe(key: KeyEvent): string {
	const mods = `${key.ctrl ? 'Ctrl+' : ''}${key.alt ? 'Alt+' : ''}${key.shift && key.name.length > 1 ? 'Shift+' : ''}`;
	return `${mods}${key.name}`;
}

export function errorText(error: unknown): string {
	if (isAgentgridError(error)) return error.hint ? `${error.message} ${error.hint}` : error.message;
	return error instanceof Error ? error.message : String(error);
}
