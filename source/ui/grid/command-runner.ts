/**
 * Turns key presses into grid commands through the keymap, and runs them. Disabled commands say why in the status
 * bar instead of doing nothing silently.
 */
import type {Keymap, KeySpace} from '../keymap/index.js';
import type {KeyEvent} from '../input/key-event.js';
import type {GridController} from './grid-controller.js';
import type {WorkspaceApi} from '../../core/workspace/types.js';
import {isAgentgridError} from '../../core/errors.js';

export interface CommandRunnerOptions {
	controller: GridController;
	keymap: Keymap;
	workspace: WorkspaceApi;
	openSpawn: () => void;
	quit: () => void;
	/** Lets go of the terminal; the agents keep running in the server. */
	detach: () => void;
	/** Opens a workflow screen by grid command id (session.review, session.test, ...); false when it has none. */
	openScreen: (id: string) => boolean;
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
			controller.screen.onKey(key, binding?.command.id);
			return;
		}
		if (overlay?.kind === 'help') {
			const step = {down: 1, j: 1, up: -1, k: -1, pagedown: 10, pageup: -10}[key.name];
			if (step !== undefined && !key.ctrl && !key.alt) controller.scrollHelp(step, this.options.helpMaxOffset());
			else controller.closeOverlay();
			return;
		}
		if (overlay?.kind === 'confirm') {
			controller.closeOverlay();
			const chosen = key.ctrl || key.alt ? undefined : key.name === overlay.confirmKey ? overlay.action : overlay.alternatives?.[key.name];
			if (chosen) this.confirmed(chosen, overlay.target);
			else controller.flash(overlay.action === 'remove-empty' ? `kept ${overlay.target}` : 'cancelled');
			return;
		}
		if (controller.state.copy) {
			controller.copyKey(key, this.options.keymap.lookupEvent('copy', key)?.command.id);
			return;
		}
		this.dispatch('grid', key);
	}

	prefixKey(key: KeyEvent): void {
		this.dispatch('pane-prefix', key);
	}

	private dispatch(space: KeySpace, key: KeyEvent): void {
		const {controller, keymap} = this.options;
		if (key.name === 'paste' || key.name === 'focus-in' || key.name === 'focus-out' || key.name === 'report' || key.name === 'mouse') return;
		const binding = keymap.lookupEvent(space, key);
		if (!binding) {
			const hint = space === 'pane-prefix' ? `${keymap.prefix.label} then ? lists the pane keys` : 'press ? for every key';
			controller.flash(`${describe(key)} does nothing here; ${hint}`, 'error');
			return;
		}
		const enabled = binding.command.enabled(controller.state);
		if (enabled !== true) {
			controller.flash(`${binding.command.description}: ${enabled}`, 'error');
			return;
		}
		controller.clearMessage();
		this.run(binding.command.id, binding.index);
	}

	run(id: string, index = 0): void {
		const {controller, workspace} = this.options;
		const entry = controller.focusedEntry();
		switch (id) {
			case 'focus.left':
			case 'prefix.focus-left':
				return controller.moveFocus('left');
			case 'focus.right':
			case 'prefix.focus-right':
				return controller.moveFocus('right');
			case 'focus.up':
			case 'prefix.focus-up':
				return controller.moveFocus('up');
			case 'focus.down':
			case 'prefix.focus-down':
				return controller.moveFocus('down');
			case 'focus.number':
				return controller.jump(index);
			case 'pane.enter':
				return controller.enterPaneMode();
			case 'pane.copy':
			case 'prefix.copy':
				controller.enterCopyMode();
				return;
			case 'pane.zoom':
			case 'prefix.zoom':
				return controller.toggleZoom();
			case 'session.new':
			case 'prefix.new':
				return this.options.openSpawn();
			case 'help':
			case 'prefix.help':
				return controller.openOverlay('help');
			case 'prefix.grid':
				return controller.leavePaneMode();
			case 'session.close': {
				if (!entry) return;
				if (entry.status === 'stopped' || entry.status === 'exited') {
					controller.flash(`${entry.slug} has no running agent; its worktree and branch stay until you clean them up`);
					return;
				}
				controller.confirm(`Stop the agent in ${entry.slug}? Its worktree and branch are kept. y = stop, any other key = cancel`, 'close', entry.id);
				return;
			}
			case 'session.restart': {
				if (!entry) return;
				const size = controller.innerSizeOf(entry.id);
				controller.flash(`restarting ${entry.slug}…`);
				workspace.restart(entry.id, size.cols, size.rows).then(
					() => controller.flash(`${entry.slug} restarted`),
					(error: unknown) => controller.flash(errorText(error), 'error'),
				);
				return;
			}
			case 'detach':
			case 'prefix.detach':
				return this.options.detach();
			case 'quit': {
				const running = workspace.runningCount();
				if (running === 0) {
					this.options.quit();
					return;
				}
				const agents = `${running} agent${running === 1 ? '' : 's'}`;
				// Short enough for an 80-column status bar: both answers must stay visible.
				controller.choose(`Quit? d detach · s stop ${agents} · else cancel`, {d: 'detach', s: 'quit'});
				return;
			}
			case 'session.mark': {
				if (!entry) return;
				const marked = controller.toggleMark(entry.id);
				controller.flash(marked ? `${entry.slug} marked for the merge queue (M merges the marked sessions)` : `${entry.slug} unmarked`);
				return;
			}
			default:
				if (!this.options.openScreen(id)) controller.flash(`command ${id} is not available here`, 'error');
		}
	}

	private confirmed(action: string, target: string | undefined): void {
		const {controller, workspace} = this.options;
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
						if (empty) controller.confirm(`${target} made no changes. Remove its worktree and branch too? y = remove, any other key = keep`, 'remove-empty', target);
						else controller.flash(`stopped ${target}; its worktree and branch are kept (r restarts it)`);
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
