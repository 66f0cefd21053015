/**
 * Copy mode for one pane: a frozen view of its history (output keeps being parsed underneath), a cursor moved with
 * vi or arrow keys, incremental search with every hit highlighted and counted, and a selection by character, line
 * or block that is copied out. The view's top row is an anchor, so the text under it stays put while the program
 * prints, history is dropped or a resize reflows it.
 */
import type {CommandIdOf} from '../keymap/index.js';
import type {Anchor, HistoryMatch, HistoryPoint, SelectionShape, TerminalHistory} from '../../core/terminal/terminal-history.js';
import {compileQuery, type HistoryQuery} from '../../core/terminal/history-query.js';

export type SearchDirection = 'forward' | 'backward';

export interface CopySearch {
	query: HistoryQuery;
	direction: SearchDirection;
	matches: HistoryMatch[];
	capped: boolean;
	/** Index of the current hit in `matches`, -1 when there is none. */
	current: number;
}

export interface CopyPrompt {
	direction: SearchDirection;
	text: string;
}

export interface CopySelection {
	shape: SelectionShape;
	start: Anchor;
	startCol: number;
}

/** What the copy mode asks of the grid. */
export interface CopyHost {
	/** Leave copy mode. */
	exit(): void;
	/** Copy this text to the user's clipboard. */
	copy(text: string): void;
	/** The view changed: repaint the pane (and the status bar when `chrome`). */
	changed(chrome?: boolean): void;
	flash(text: string, kind?: 'info' | 'error'): void;
	/** The keys of a command, as messages name them. */
	keys(command: CopyCommand): string;
}

/** Copy mode's commands, from the keymap's table (copy-commands.ts). */
export type CopyCommand = CommandIdOf<'copy'>;

export interface PromptKey {
	name: string;
	ctrl: boolean;
	alt: boolean;
	text?: string;
}

export class CopyMode {
	private top: Anchor;
	/** Cursor: row within the view, column. */
	private cursorY: number;
	private cursorX: number;
	private selectionState: CopySelection | undefined;
	private searchState: CopySearch | undefined;
	private promptState: CopyPrompt | undefined;
	private beforePrompt: {top: number; y: number; x: number; search: CopySearch | undefined} | undefined;
	/** Bumped on every change of what the view shows. */
	version = 0;

	constructor(
		readonly history: TerminalHistory,
		private readonly host: CopyHost,
		/** Set when the wheel opened it: scrolling back to the bottom then leaves, as in tmux. */
		readonly byWheel = false,
	) {
		this.top = history.anchor(history.screenTop);
		const cursor = cursorOf(history);
		this.cursorY = cursor.y;
		this.cursorX = cursor.x;
	}

	get viewTop(): number {
		const row = this.top.row;
		return row < 0 ? 0 : Math.min(row, this.maxTop());
	}

	get cursor(): HistoryPoint {
		return {row: this.viewTop + this.cursorY, col: this.cursorX};
	}

	get selection(): CopySelection | undefined {
		return this.selectionState;
	}

	get search(): CopySearch | undefined {
		return this.searchState;
	}

	get prompt(): CopyPrompt | undefined {
		return this.promptState;
	}

	/** Runs a copy-mode command; returns false when it is not one. */
	run(command: string): boolean {
		const rows = this.history.rows;
		const half = Math.max(1, Math.floor(rows / 2));
		switch (command as CopyCommand) {
			case 'copy.exit':
				this.host.exit();
				return true;
			case 'copy.clear':
				if (this.selectionState) this.clearSelection();
				else this.host.exit();
				return true;
			case 'copy.up':
				this.moveRow(-1);
				break;
			case 'copy.down':
				this.moveRow(1);
				break;
			case 'copy.left':
				this.cursorX = Math.max(0, this.cursorX - 1);
				break;
			case 'copy.right':
				this.cursorX = Math.min(this.history.cols - 1, this.cursorX + 1);
				break;
			case 'copy.page-up':
				this.scroll(-(rows - 1), true);
				break;
			case 'copy.page-down':
				this.scroll(rows - 1, true);
				break;
			case 'copy.half-up':
				this.scroll(-half, true);
				break;
			case 'copy.half-down':
				this.scroll(half, true);
				break;
			case 'copy.top':
				this.goTo({row: 0, col: 0}, 'top');
				break;
			case 'copy.bottom':
				this.goTo({row: this.history.length - 1, col: 0}, 'bottom');
				break;
			case 'copy.line-start':
				this.cursorX = 0;
				break;
			case 'copy.line-end':
				this.cursorX = Math.max(0, Math.min(this.history.cols - 1, this.history.slice(this.cursor.row, 0, this.history.cols).length - 1));
				break;
			case 'copy.word-next':
				this.word('next');
				break;
			case 'copy.word-back':
				this.word('back');
				break;
			case 'copy.word-end':
				this.word('end');
				break;
			case 'copy.view-top':
				this.cursorY = 0;
				break;
			case 'copy.view-middle':
				this.cursorY = Math.floor((Math.min(rows, this.history.length) - 1) / 2);
				break;
			case 'copy.view-bottom':
				this.cursorY = Math.min(rows, this.history.length) - 1;
				break;
			case 'copy.search-forward':
			case 'copy.search-backward':
				this.openPrompt(command === 'copy.search-forward' ? 'forward' : 'backward');
				return true;
			case 'copy.next':
			case 'copy.previous':
				this.step(command === 'copy.next');
				break;
			case 'copy.select-char':
			case 'copy.select-line':
			case 'copy.select-block':
				this.select(command === 'copy.select-char' ? 'char' : command === 'copy.select-line' ? 'line' : 'block');
				break;
			case 'copy.copy':
				this.copySelection();
				return true;
			default:
				return false;
		}
		this.changed();
		return true;
	}

	/** A key while the search prompt is open. */
	promptKey(key: PromptKey): void {
		const prompt = this.promptState;
		if (!prompt) return;
		if (key.name === 'escape' || (key.ctrl && key.name === 'c')) {
			const before = this.beforePrompt;
			this.promptState = undefined;
			if (before) {
				this.setTop(before.top);
				this.cursorY = before.y;
				this.cursorX = before.x;
				this.searchState = before.search;
			}
			this.changed(true);
			return;
		}
		if (key.name === 'enter') {
			this.promptState = undefined;
			if (prompt.text === '') this.searchState = this.beforePrompt?.search;
			else if (this.searchState && this.searchState.current < 0) this.host.flash(`no match for ${prompt.direction === 'forward' ? '/' : '?'}${prompt.text}`, 'error');
			this.changed(true);
			return;
		}
		if (key.name === 'backspace') prompt.text = [...prompt.text].slice(0, -1).join('');
		else if (key.ctrl && key.name === 'u') prompt.text = '';
		else if (key.name === 'paste' || (key.text !== undefined && !key.ctrl && !key.alt)) prompt.text += (key.text ?? '').replace(/[\r\n]+/g, ' ');
		else return;
		this.incrementalSearch();
		this.changed();
	}

	/** Wheel: scrolls the view, the cursor keeps its place in it; false when this scrolled past the bottom. */
	wheel(lines: number): boolean {
		if (lines > 0 && this.viewTop >= this.maxTop()) return !this.byWheel;
		this.scroll(lines, false);
		this.changed();
		if (lines > 0 && this.byWheel && this.viewTop >= this.maxTop() && !this.selectionState) {
			this.host.exit();
			return false;
		}
		return true;
	}

	/** Moves the cursor to a cell of the view (a click or drag). */
	pointAt(y: number, x: number): void {
		this.cursorY = Math.max(0, Math.min(this.history.rows - 1, y));
		this.cursorX = Math.max(0, Math.min(this.history.cols - 1, x));
		this.changed();
	}

	/** Starts a character selection at the cursor (a drag's start), replacing any other. */
	startSelection(shape: SelectionShape = 'char'): void {
		this.selectionState?.start.dispose();
		this.selectionState = {shape, start: this.history.anchor(this.cursor.row), startCol: this.cursorX};
		this.changed(true);
	}

	/** Opens at a search hit (from the grid-wide search). */
	showMatch(query: HistoryQuery, match: HistoryMatch): void {
		this.runSearch(query, 'forward');
		const search = this.searchState!;
		search.current = search.matches.findIndex(m => m.row === match.row && m.col === match.col);
		this.goTo({row: match.row, col: match.col}, 'center');
		this.changed(true);
	}

	/** The view's size changed (resize): keep the anchor, clamp the cursor. */
	resized(): void {
		const rows = this.history.rows;
		if (this.cursorY >= rows) {
			// The cursor's line stays in view: the view follows it down.
			this.setTop(this.viewTop + this.cursorY - rows + 1);
			this.cursorY = rows - 1;
		}
		this.cursorX = Math.min(this.cursorX, this.history.cols - 1);
		if (this.searchState) this.runSearch(this.searchState.query, this.searchState.direction, false);
		this.changed();
	}

	/** Rows of history drawn: shift search hits when the oldest lines were dropped. */
	refreshSearch(): void {
		if (this.searchState) this.runSearch(this.searchState.query, this.searchState.direction, false);
	}

	dispose(): void {
		this.top.dispose();
		this.selectionState?.start.dispose();
	}

	private changed(chrome = false): void {
		this.version++;
		this.host.changed(chrome);
	}

	private maxTop(): number {
		return Math.max(0, this.history.length - this.history.rows);
	}

	private setTop(row: number): void {
		const top = Math.max(0, Math.min(this.maxTop(), row));
		if (top === this.top.row) return;
		this.top.dispose();
		this.top = this.history.anchor(top);
	}

	private moveRow(step: number): void {
		const target = this.cursorY + step;
		const rows = Math.min(this.history.rows, this.history.length);
		if (target < 0) this.scroll(target, false);
		else if (target >= rows) this.scroll(target - rows + 1, false);
		this.cursorY = Math.max(0, Math.min(rows - 1, target));
		if (this.cursor.row >= this.history.length) this.cursorY = this.history.length - 1 - this.viewTop;
	}

	/** Scrolls the view by `lines`; with `moveCursor`, the cursor moves as far when the view cannot. */
	private scroll(lines: number, moveCursor: boolean): void {
		const before = this.viewTop;
		this.setTop(before + lines);
		const moved = this.viewTop - before;
		if (moveCursor && moved !== lines) {
			const rows = Math.min(this.history.rows, this.history.length);
			this.cursorY = Math.max(0, Math.min(rows - 1, this.cursorY + lines - moved));
		}
	}

	/** Puts the cursor on a cell, scrolling so that it is at the top, the bottom, the centre, or just in view. */
	private goTo(point: HistoryPoint, place: 'top' | 'bottom' | 'center' | 'visible'): void {
		const rows = this.history.rows;
		const top = this.viewTop;
		let nextTop = top;
		if (place === 'top') nextTop = point.row;
		else if (place === 'bottom') nextTop = point.row - rows + 1;
		else if (place === 'center' || point.row < top || point.row >= top + rows) nextTop = point.row - Math.floor(rows / 2);
		this.setTop(nextTop);
		this.cursorY = Math.max(0, Math.min(rows - 1, point.row - this.viewTop));
		this.cursorX = Math.max(0, Math.min(this.history.cols - 1, point.col));
	}

	private word(kind: 'next' | 'back' | 'end'): void {
		const isWord = (char: string | undefined) => char !== undefined && /\S/.test(char);
		let {row, col} = this.cursor;
		const last = this.history.length - 1;
		const textOf = (r: number) => this.history.slice(r, 0, this.history.cols);
		let text = textOf(row);
		const at = () => text[col];
		const forward = (): boolean => {
			col++;
			if (col >= Math.max(text.length, 1)) {
				if (row >= last) {
					col = Math.max(0, text.length - 1);
					return false;
				}
				row++;
				col = 0;
				text = textOf(row);
				if (text.length === 0) return true;
			}
			return true;
		};
		const backward = (): boolean => {
			col--;
			if (col < 0) {
				if (row <= 0) {
					col = 0;
					return false;
				}
				row--;
				text = textOf(row);
				col = Math.max(0, text.length - 1);
			}
			return true;
		};
		if (kind === 'next') {
			while (isWord(at()) && forward());
			while (!isWord(at()) && forward());
		} else if (kind === 'end') {
			forward();
			while (!isWord(at()) && forward());
			while (isWord(text[col + 1])) col++;
		} else {
			backward();
			while (!isWord(at()) && backward());
			while (col > 0 && isWord(text[col - 1])) col--;
		}
		this.goTo({row, col}, 'visible');
	}

	private select(shape: SelectionShape): void {
		if (this.selectionState?.shape === shape) {
			this.clearSelection();
			return;
		}
		if (this.selectionState) this.selectionState.shape = shape;
		else this.selectionState = {shape, start: this.history.anchor(this.cursor.row), startCol: this.cursorX};
	}

	private clearSelection(): void {
		this.selectionState?.start.dispose();
		this.selectionState = undefined;
		this.changed();
	}

	private copySelection(): void {
		const selection = this.selectionState;
		if (!selection || selection.start.row < 0) {
			const keys = (['copy.select-char', 'copy.select-line', 'copy.select-block'] as const).map(id => this.host.keys(id)).join(', ');
			this.host.flash(`nothing selected: ${keys} start a selection`, 'error');
			return;
		}
		const text = this.history.selectedText({row: selection.start.row, col: selection.startCol}, this.cursor, selection.shape);
		this.host.copy(text);
		this.host.exit();
	}

	private openPrompt(direction: SearchDirection): void {
		this.beforePrompt = {top: this.viewTop, y: this.cursorY, x: this.cursorX, search: this.searchState};
		this.promptState = {direction, text: ''};
		this.changed(true);
	}

	private incrementalSearch(): void {
		const prompt = this.promptState!;
		const before = this.beforePrompt!;
		this.setTop(before.top);
		this.cursorY = before.y;
		this.cursorX = before.x;
		const query = compileQuery(prompt.text);
		if (!query) {
			this.searchState = undefined;
			return;
		}
		this.runSearch(query, prompt.direction);
		const search = this.searchState!;
		search.current = nearest(search.matches, this.cursor, prompt.direction, true);
		if (search.current >= 0) {
			const match = search.matches[search.current];
			this.goTo({row: match.row, col: match.col}, 'visible');
		}
	}

	private runSearch(query: HistoryQuery, direction: SearchDirection, reset = true): void {
		const {matches, capped} = this.history.search(query.regex);
		const previous = this.searchState;
		const current = reset || !previous ? -1 : Math.min(previous.current, matches.length - 1);
		this.searchState = {query, direction, matches, capped, current};
	}

	/** n / N: the next hit in the search's direction (N: the other way), wrapping around. */
	private step(same: boolean): void {
		const search = this.searchState;
		if (!search) {
			this.host.flash(`no search yet: ${this.host.keys('copy.search-forward')} searches down, ${this.host.keys('copy.search-backward')} up`, 'error');
			return;
		}
		this.refreshSearch();
		const fresh = this.searchState!;
		if (fresh.matches.length === 0) {
			this.host.flash(`no match for ${fresh.query.text}`, 'error');
			return;
		}
		const direction: SearchDirection = same === (fresh.direction === 'forward') ? 'forward' : 'backward';
		fresh.current = nearest(fresh.matches, this.cursor, direction, false);
		const match = fresh.matches[fresh.current];
		this.goTo({row: match.row, col: match.col}, 'visible');
	}
}

/** The cursor's place in the live screen when copy mode opens. */
function cursorOf(history: TerminalHistory): {x: number; y: number} {
	// The last row with text, so copy mode opens where the output ends rather than on a blank prompt line below it.
	let y = history.rows - 1;
	while (y > 0 && history.text(history.screenTop + y).trim() === '') y--;
	return {y: Math.min(y, Math.max(0, history.length - history.screenTop - 1)), x: 0};
}

/** Index of the first hit after (or before) the point, wrapping around; `inclusive` accepts a hit at the point. */
function nearest(matches: HistoryMatch[], point: HistoryPoint, direction: SearchDirection, inclusive: boolean): number {
	if (matches.length === 0) return -1;
	const compare = (m: HistoryMatch) => (m.row - point.row) || (m.col - point.col);
	if (direction === 'forward') {
		let lo = 0;
		let hi = matches.length;
		while (lo < hi) {
			const mid = (lo + hi) >> 1;
			const c = compare(matches[mid]);
			if (c > 0 || (inclusive && c === 0)) hi = mid;
			else lo = mid + 1;
		}
		return lo < matches.length ? lo : 0;
	}
	let lo = 0;
	let hi = matches.length;
	while (lo < hi) {
		const mid = (lo + hi) >> 1;
		const c = compare(matches[mid]);
		if (c < 0 || (inclusive && c === 0)) lo = mid + 1;
		else hi = mid;
	}
	return lo > 0 ? lo - 1 : matches.length - 1;
}
