/**
 * One pane's terminal: @xterm/headless with grapheme cluster widths, plus what agentgrid needs on top of it:
 * answers to the queries agents send, the modes the painter and key encoder follow, title/bell/notification events,
 * a per-row dirty signal and a numeric cell model of the visible rows.
 */
import xterm from '@xterm/headless';
import type {IBufferCell, IDisposable, Terminal as XtermTerminal} from '@xterm/headless';
import {blankRowCells, createRowCells, ensureRowCells, rowText, type CellStyle, type RowCells} from './cells.js';
import {defaultTerminalColors, type TerminalColors} from './colors.js';
import {useGraphemeWidths} from './grapheme-widths.js';
import {DirtyTracker, type DirtyRows} from './dirty-tracker.js';
import {ModeTracker, type MouseEncoding} from './mode-tracker.js';
import {installQueryResponder} from './query-responder.js';
import {readPackedLine, readPublicLine, styleOfAttributes} from './row-reader.js';
import {TerminalHistory} from './terminal-history.js';
import {drawingInternalsOf, installEraseAboveGuard, markUserInput, packedLineOf, parserAtRest, type PackedLine} from './xterm-internals.js';

const {Terminal} = xterm;

export type {TerminalColors} from './colors.js';
export type {DirtyRows} from './dirty-tracker.js';
export type {MouseEncoding} from './mode-tracker.js';
export type Disposable = IDisposable;

export interface DrawingState {
	pen: CellStyle;
	scrollRegion: {top: number; bottom: number};
	lineDrawing: boolean;
}

export interface TerminalModes {
	cursorVisible: boolean;
	applicationCursorKeys: boolean;
	applicationKeypad: boolean;
	bracketedPaste: boolean;
	synchronizedOutput: boolean;
	mouseTracking: 'none' | 'x10' | 'vt200' | 'drag' | 'any';
	mouseEncoding: MouseEncoding;
	focusEvents: boolean;
	alternateScreen: boolean;
	kittyKeyboardFlags: number;
}

export interface HeadlessTerminalOptions {
	cols: number;
	rows: number;
	/** Lines kept above the screen; default 5000. */
	scrollback?: number;
	/** Colours reported to OSC 4/10/11 queries; default xterm's. */
	colors?: TerminalColors;
	/** Reported in the XTVERSION answer as `agentgrid(<version>)`. */
	version?: string;
	/** Claim the kitty keyboard protocol (answer CSI ? u): only while the outer terminal speaks it. */
	kittyKeyboard?: boolean;
}

export interface CursorState {
	x: number;
	y: number;
	visible: boolean;
}

type Listener<T> = (value: T) => void;

class Listeners<T> {
	private readonly set = new Set<Listener<T>>();
	add(listener: Listener<T>): Disposable {
		this.set.add(listener);
		return {dispose: () => this.set.delete(listener)};
	}
	emit(value: T): void {
		for (const listener of this.set) listener(value);
	}
	clear(): void {
		this.set.clear();
	}
}

export class HeadlessTerminal {
	private readonly xterm: XtermTerminal;
	/** xterm's buffers, read once: its getter checks an option on every read, and rows are read thousands of times a second. */
	private readonly buffers: XtermTerminal['buffer'];
	private readonly modeTracker: ModeTracker;
	private readonly dirty: DirtyTracker;
	private readonly disposables: IDisposable[] = [];
	private readonly responses = new Listeners<string>();
	private readonly titles = new Listeners<string>();
	private readonly bells = new Listeners<void>();
	private readonly notifications = new Listeners<string>();
	private readonly parsed = new Listeners<void>();
	private scratchCell: IBufferCell | undefined;
	/** History and screen by absolute row, for copy mode and search. */
	readonly history: TerminalHistory;
	private currentTitle = '';
	private disposed = false;

	constructor(options: HeadlessTerminalOptions) {
		this.xterm = new Terminal({
			cols: options.cols,
			rows: options.rows,
			scrollback: options.scrollback ?? 5000,
			allowProposedApi: true,
			logLevel: 'off',
		});
		useGraphemeWidths(this.xterm);
		this.buffers = this.xterm.buffer;
		this.dirty = new DirtyTracker(options.cols, options.rows);
		this.history = new TerminalHistory(this.xterm);
		const respond = (data: string): void => this.responses.emit(data);
		this.modeTracker = new ModeTracker(this.xterm, respond);
		this.modeTracker.kittyKeyboard = options.kittyKeyboard ?? false;
		this.disposables.push(
			this.modeTracker,
			installEraseAboveGuard(this.xterm),
			installQueryResponder(this.xterm, {
				colors: options.colors ?? defaultTerminalColors,
				version: options.version ?? '0.0.0',
				respond,
			}),
			// xterm answers DA1/DA2/DSR/CPR/DECRQM through onData (and non-UTF-8 mouse reports through onBinary).
			this.xterm.onData(respond),
			this.xterm.onBinary(respond),
			this.xterm.onTitleChange(title => {
				this.currentTitle = title;
				this.titles.emit(title);
			}),
			this.xterm.onBell(() => this.bells.emit()),
			this.buffers.onBufferChange(() => this.dirty.markAll()),
			this.xterm.onWriteParsed(() => {
				this.dirty.markChanged();
				this.parsed.emit();
			}),
			this.xterm.parser.registerOscHandler(9, data => {
				// OSC 9;4;state;progress is a progress bar (ConEmu, Windows Terminal), not a notification.
				if (!/^4(;|$)/.test(data)) this.notifications.emit(data);
				return true;
			}),
			this.xterm.parser.registerOscHandler(777, data => {
				const [kind, title = '', body = ''] = data.split(';');
				if (kind === 'notify') this.notifications.emit([title, body].filter(Boolean).join(': '));
				return true;
			}),
		);
	}

	/** Lines the normal buffer holds, history and screen: what this terminal's memory grows with. */
	get heldLines(): number {
		return this.buffers.normal.length;
	}

	get cols(): number {
		return this.xterm.cols;
	}

	get rows(): number {
		return this.xterm.rows;
	}

	get title(): string {
		return this.currentTitle;
	}

	get modes(): TerminalModes {
		const modes = this.xterm.modes;
		return {
			cursorVisible: this.cursorVisible,
			applicationCursorKeys: modes.applicationCursorKeysMode,
			applicationKeypad: modes.applicationKeypadMode,
			bracketedPaste: modes.bracketedPasteMode,
			synchronizedOutput: modes.synchronizedOutputMode,
			mouseTracking: modes.mouseTrackingMode,
			mouseEncoding: this.modeTracker.mouseEncoding,
			focusEvents: modes.sendFocusMode,
			alternateScreen: this.buffers.active.type === 'alternate',
			kittyKeyboardFlags: this.modeTracker.kittyKeyboardFlags,
		};
	}

	/** Viewport coordinates; x is clamped to the last column while a wrap is pending. */
	get cursor(): CursorState {
		const buffer = this.buffers.active;
		const y = buffer.baseY + buffer.cursorY - buffer.viewportY;
		const x = Math.min(buffer.cursorX, this.cols - 1);
		return {x, y, visible: this.cursorVisible && y >= 0 && y < this.rows};
	}

	/**
	 * Whether the output parsed so far ends between escape sequences (true when that cannot be known), so a snapshot of
	 * the screen now stands for all of it.
	 */
	get atRest(): boolean {
		return parserAtRest(this.xterm) ?? true;
	}

	/**
	 * What the next printed character gets beyond the cells on screen (undefined when the internals are not there):
	 * the pen, the scroll region (rows from 0) and whether the charset in use is DEC line drawing.
	 */
	get drawingState(): DrawingState | undefined {
		const internals = drawingInternalsOf(this.xterm);
		if (!internals) return undefined;
		return {
			pen: styleOfAttributes(internals.fg, internals.bg, internals.ext),
			scrollRegion: {top: internals.scrollTop, bottom: internals.scrollBottom},
			lineDrawing: internals.lineDrawing,
		};
	}

	private get cursorVisible(): boolean {
		return this.modeTracker.cursorVisible;
	}

	write(data: string | Uint8Array, onParsed?: () => void): void {
		if (this.disposed) {
			return;
		}
		// Parsed within this call, not on the timer xterm would set for every chunk that finds its buffer empty: a
		// streaming pane's many small reads cost more in timers than in parsing, a typed key's echo is drawn in the turn
		// that read it, and a program's question is answered in that turn too (it may restore its tty and exit right
		// after asking). Nothing is left waiting, so xterm's 50 MB limit on waiting input is never near: a flooding program
		// is held back by the pty's own buffer while one read is parsed. (A write made from a parse callback is queued by
		// xterm behind the write being parsed, and parsed right after it.)
		markUserInput(this.xterm);
		this.xterm.write(data, onParsed);
	}

	/** Whether the kitty keyboard protocol is claimed (the attached terminal speaks it); programs ask again on start. */
	setKittyKeyboard(on: boolean): void {
		this.modeTracker.kittyKeyboard = on;
	}

	resize(cols: number, rows: number): void {
		if (cols === this.cols && rows === this.rows) {
			return;
		}
		this.xterm.resize(cols, rows);
		this.dirty.resize(cols, rows);
		this.history.invalidate();
	}

	onResponse(listener: (data: string) => void): Disposable {
		return this.responses.add(listener);
	}

	onTitle(listener: (title: string) => void): Disposable {
		return this.titles.add(listener);
	}

	onBell(listener: () => void): Disposable {
		return this.bells.add(listener);
	}

	/** OSC 9 and OSC 777;notify messages. */
	onNotification(listener: (text: string) => void): Disposable {
		return this.notifications.add(listener);
	}

	/** After written data was parsed: once per write. */
	onParsed(listener: () => void): Disposable {
		return this.parsed.add(listener);
	}

	/** Viewport rows changed since the previous call. */
	takeDirtyRows(): DirtyRows {
		return this.dirty.take(y => this.packedRow(y));
	}

	/** Visible row y as cells; pass `into` to reuse a row's arrays. */
	readRow(y: number, into?: RowCells): RowCells {
		const cells = ensureRowCells(this.cols, into);
		const buffer = this.buffers.active;
		const line = buffer.getLine(buffer.viewportY + y);
		if (!line) {
			return blankRowCells(cells);
		}
		const packed = packedLineOf(line);
		if (packed) {
			return readPackedLine(packed, this.cols, cells);
		}
		this.scratchCell ??= buffer.getNullCell();
		return readPublicLine(line, this.cols, cells, this.scratchCell);
	}

	/** The same row through xterm's public cell API only; slower, kept to cross-check the fast reader. */
	readRowViaPublicApi(y: number, into?: RowCells): RowCells {
		const cells = ensureRowCells(this.cols, into);
		const buffer = this.buffers.active;
		const line = buffer.getLine(buffer.viewportY + y);
		if (!line) {
			return blankRowCells(cells);
		}
		this.scratchCell ??= buffer.getNullCell();
		return readPublicLine(line, this.cols, cells, this.scratchCell);
	}

	/** Visible rows as plain text, trailing blanks trimmed. */
	screenText(): string[] {
		const lines: string[] = [];
		const row = createRowCells(this.cols);
		for (let y = 0; y < this.rows; y++) {
			lines.push(rowText(this.readRow(y, row)).trimEnd());
		}
		return lines;
	}

	/** The last `count` lines of scrollback and screen together, oldest first, as plain text. */
	historyText(count: number): string[] {
		const buffer = this.buffers.active;
		const end = buffer.baseY + this.rows;
		const lines: string[] = [];
		for (let y = Math.max(0, end - count); y < end; y++) lines.push(buffer.getLine(y)?.translateToString(true) ?? '');
		return lines;
	}

	dispose(): void {
		if (this.disposed) {
			return;
		}
		this.disposed = true;
		this.history.dispose();
		this.disposables.forEach(d => d.dispose());
		for (const listeners of [this.responses, this.titles, this.notifications]) listeners.clear();
		this.bells.clear();
		this.parsed.clear();
		this.xterm.dispose();
	}

	private packedRow(y: number): PackedLine | undefined {
		const buffer = this.buffers.active;
		return packedLineOf(buffer.getLine(buffer.viewportY + y));
	}
}

