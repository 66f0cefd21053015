/**
 * The grid's copy mode: at most one pane at a time (the focused one) shows its frozen history instead of its live
 * screen. Keys go to the copy mode while it is open; copied text goes to the user's clipboard through the terminal
 * (OSC 52, wrapped for tmux when the terminal runs inside it) and through the copyCommand program when one is set.
 */
import type {CommandId} from '../keymap/index.js';
import {osc52} from '../../core/clipboard/osc52.js';
import {parseCopyCommand, runCopyCommand} from '../../core/clipboard/copy-command.js';
import type {HistoryMatch} from '../../core/terminal/terminal-history.js';
import type {HistoryQuery} from '../../core/terminal/history-query.js';
import type {HeadlessTerminal} from '../../core/terminal/headless-terminal.js';
import type {KeyEvent} from '../input/key-event.js';
import type {PaneSurface} from '../render/screen.js';
import {CopyMode} from './copy-mode.js';
import {CopyView} from './copy-view.js';

export interface CopyControllerOptions {
	/** Writes to the user's terminal (the OSC 52 sequence). */
	writeOuter(data: string): void;
	insideTmux(): boolean;
	/** NO_COLOR on the attached terminal: the copy view marks hits by attributes alone. */
	noColor?(): boolean;
	/** The copyCommand setting; empty for none. */
	copyCommand: string;
	flash(text: string, kind?: 'info' | 'error'): void;
	/** Copy mode opened, closed or its prompt did: the grid's state and layers follow. */
	stateChanged(state: {id: string; prompt: boolean} | null): void;
	/** The copy view changed: paint it. */
	repaint(): void;
	/** The keys of a command, as messages name them. */
	keys(id: CommandId): string;
}

interface Active {
	id: string;
	terminal: HeadlessTerminal;
	mode: CopyMode;
	view: CopyView;
	cols: number;
	rows: number;
}

export class CopyController {
	private active: Active | undefined;

	constructor(private readonly options: CopyControllerOptions) {}

	get paneId(): string | undefined {
		return this.active?.id;
	}

	get mode(): CopyMode | undefined {
		return this.active?.mode;
	}

	/** Opens copy mode on a pane's terminal (closing it on any other pane). */
	enter(id: string, terminal: HeadlessTerminal, byWheel = false): CopyMode {
		if (this.active?.id === id) return this.active.mode;
		this.close(false);
		const mode = new CopyMode(terminal.history, {
			exit: () => this.exit(),
			copy: text => this.copy(text),
			changed: chrome => {
				if (chrome) this.publish();
				this.options.repaint();
			},
			flash: (text, kind) => this.options.flash(text, kind),
			keys: command => this.options.keys(command),
		}, byWheel);
		this.active = {id, terminal, mode, view: new CopyView(mode, terminal, () => this.options.noColor?.() ?? false), cols: terminal.cols, rows: terminal.rows};
		this.publish();
		return mode;
	}

	/** Opens copy mode at a search hit. */
	enterAt(id: string, terminal: HeadlessTerminal, query: HistoryQuery, match: HistoryMatch): void {
		this.enter(id, terminal).showMatch(query, match);
	}

	exit(): void {
		this.close(true);
	}

	/** The surface to draw for a pane: its copy view while in copy mode. */
	surfaceFor(id: string): PaneSurface | undefined {
		const active = this.active;
		if (active?.id !== id) return undefined;
		if (active.terminal.cols !== active.cols || active.terminal.rows !== active.rows) {
			active.cols = active.terminal.cols;
			active.rows = active.terminal.rows;
			active.mode.resized();
		}
		return active.view;
	}

	/** Where the outer cursor goes, relative to the pane's interior. */
	cursor(): {x: number; y: number} | undefined {
		return this.active?.view.cursor();
	}

	/** A parsed key while copy mode is open; `command` is what the copy key space binds it to. */
	key(key: KeyEvent, command: string | undefined): void {
		const mode = this.active?.mode;
		if (!mode) return;
		if (mode.prompt) {
			mode.promptKey(key);
			return;
		}
		if (key.name === 'paste' || key.name === 'focus-in' || key.name === 'focus-out' || key.name === 'report' || key.name === 'mouse') return;
		if (command && mode.run(command)) return;
		this.options.flash(`${describeKey(key)} does nothing in copy mode; ${this.options.keys('copy.exit')} leaves it`, 'error');
	}

	/** The pane went away (closed, removed): copy mode ends with it. */
	forget(id: string): void {
		if (this.active?.id === id) this.close(true);
	}

	dispose(): void {
		this.close(false);
	}

	private close(publish: boolean): void {
		const active = this.active;
		if (!active) return;
		this.active = undefined;
		active.mode.dispose();
		// The live screen is drawn again from scratch.
		active.terminal.takeDirtyRows();
		if (publish) this.publish();
	}

	private publish(): void {
		const active = this.active;
		this.options.stateChanged(active ? {id: active.id, prompt: active.mode.prompt !== undefined} : null);
	}

	/** Sends the text to the clipboard by every configured way and says which, and how much. */
	private copy(text: string): void {
		const tmux = this.options.insideTmux();
		this.options.writeOuter(osc52(text, {tmux}));
		const lines = text === '' ? 0 : text.split('\n').length;
		const chars = [...text].length;
		const what = `copied ${lines} line${lines === 1 ? '' : 's'} (${chars} char${chars === 1 ? '' : 's'})`;
		const via = tmux ? 'OSC 52 through tmux' : 'OSC 52';
		const command = parseCopyCommand(this.options.copyCommand);
		if (!command) {
			this.options.flash(`${what} via ${via}`);
			return;
		}
		this.options.flash(`${what} via ${via} and ${command.file}…`);
		runCopyCommand(command, text).then(
			() => this.options.flash(`${what} via ${via} and ${command.file}`),
			(error: unknown) => this.options.flash(`${what} via ${via}; copyCommand: ${error instanceof Error ? error.message : String(error)}`, 'error'),
		);
	}
}

function describeKey(key: KeyEvent): string {
	const mods = `${key.ctrl ? 'Ctrl+' : ''}${key.alt ? 'Alt+' : ''}${key.shift && key.name.length > 1 ? 'Shift+' : ''}`;
	return `${mods}${key.name}`;
}
