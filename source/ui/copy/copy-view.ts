/**
 * What a pane in copy mode shows: its history from the view's top row, search hits highlighted (the current one
 * apart), the selection in reverse video, the position (and hit count) in the top-right corner and the search
 * prompt on the bottom row. It stands in for the pane's terminal as the compositor's surface.
 */
import {COLOR_PALETTE16, COLOR_PALETTE256, FLAG_BOLD, FLAG_INVERSE, FLAG_UNDERLINE, ensureRowCells, type RowCells} from '../../core/terminal/cells.js';
import type {DirtyRows} from '../../core/terminal/dirty-tracker.js';
import type {HistoryMatch} from '../../core/terminal/terminal-history.js';
import type {PaneSurface} from '../render/screen.js';
import type {CopyMode} from './copy-mode.js';

interface CellStyle {
	fg: number;
	bg: number;
	flags: number;
}

const colorStyles = {
	match: {fg: COLOR_PALETTE16 | 0, bg: COLOR_PALETTE16 | 3, flags: 0},
	current: {fg: COLOR_PALETTE16 | 0, bg: COLOR_PALETTE256 | 208, flags: FLAG_BOLD},
	label: {fg: COLOR_PALETTE16 | 0, bg: COLOR_PALETTE16 | 3, flags: 0},
	prompt: {fg: 0, bg: COLOR_PALETTE256 | 236, flags: 0},
};

// NO_COLOR: the hits, the corner label and the prompt stand apart by attributes alone.
const plainStyles: typeof colorStyles = {
	match: {fg: 0, bg: 0, flags: FLAG_INVERSE},
	current: {fg: 0, bg: 0, flags: FLAG_INVERSE | FLAG_BOLD | FLAG_UNDERLINE},
	label: {fg: 0, bg: 0, flags: FLAG_INVERSE},
	prompt: {fg: 0, bg: 0, flags: FLAG_BOLD},
};

interface Source {
	readonly cols: number;
	readonly rows: number;
	takeDirtyRows(): DirtyRows;
}

export class CopyView implements PaneSurface {
	readonly modes = {synchronizedOutput: false};
	private shownVersion = -1;

	constructor(
		readonly copy: CopyMode,
		private readonly terminal: Source,
		/** Whether the attached terminal asked for no colour (NO_COLOR); read at every frame. */
		private readonly noColor: () => boolean = () => false,
	) {}

	private get styles(): typeof colorStyles {
		return this.noColor() ? plainStyles : colorStyles;
	}

	get cols(): number {
		return this.terminal.cols;
	}

	get rows(): number {
		return this.terminal.rows;
	}

	/** Everything is recomposed when the view changed or the program printed (the compositor sends only differences). */
	takeDirtyRows(): DirtyRows {
		const underneath = this.terminal.takeDirtyRows();
		if (this.shownVersion === this.copy.version && underneath.rows.length === 0) return {all: false, rows: []};
		this.shownVersion = this.copy.version;
		return {all: true, rows: Array.from({length: this.rows}, (_, y) => y)};
	}

	readRow(y: number, into?: RowCells): RowCells {
		const {copy} = this;
		const history = copy.history;
		const row = copy.viewTop + y;
		const cells = history.readRow(row, ensureRowCells(this.cols, into));
		const search = copy.search;
		if (search && search.matches.length > 0) this.highlightMatches(cells, row, search.matches, search.current);
		this.highlightSelection(cells, row);
		if (y === 0) this.drawLabel(cells, this.label());
		if (y === this.rows - 1 && copy.prompt) {
			const {direction, text} = copy.prompt;
			this.drawText(cells, 0, `${direction === 'forward' ? '/' : '?'}${text}`, this.styles.prompt, true);
		}
		return cells;
	}

	/** Where the outer cursor goes: the prompt's end while typing, else the copy cursor. */
	cursor(): {x: number; y: number} {
		const {copy} = this;
		if (copy.prompt) return {x: Math.min(this.cols - 1, 1 + [...copy.prompt.text].length), y: this.rows - 1};
		return {x: copy.cursor.col, y: copy.cursor.row - copy.viewTop};
	}

	/** `3/17 [120/5000]`: the current hit of how many, and the cursor's line of all lines. */
	label(): string {
		const {copy} = this;
		const position = `[${copy.cursor.row + 1}/${copy.history.length}]`;
		const search = copy.search;
		if (!search) return position;
		const total = `${search.matches.length}${search.capped ? '+' : ''}`;
		const literal = search.query.literal ? ' literal' : '';
		if (search.matches.length === 0) return `no match${literal} ${position}`;
		return `${search.current >= 0 ? search.current + 1 : '-'}/${total}${literal} ${position}`;
	}

	private highlightMatches(cells: RowCells, row: number, matches: HistoryMatch[], current: number): void {
		// Hits are in buffer order: find the first that can touch this row.
		let lo = 0;
		let hi = matches.length;
		while (lo < hi) {
			const mid = (lo + hi) >> 1;
			if (matches[mid].endRow < row) lo = mid + 1;
			else hi = mid;
		}
		for (let i = lo; i < matches.length && matches[i].row <= row; i++) {
			const match = matches[i];
			const from = match.row === row ? match.col : 0;
			const to = match.endRow === row ? match.endCol : this.cols;
			const style = i === current ? this.styles.current : this.styles.match;
			for (let x = from; x < to && x < cells.cols; x++) {
				cells.fg[x] = style.fg;
				cells.bg[x] = style.bg;
				cells.flags[x] = style.flags;
				cells.ul[x] = 0;
			}
		}
	}

	private highlightSelection(cells: RowCells, row: number): void {
		const selection = this.copy.selection;
		if (!selection || selection.start.row < 0) return;
		const a = {row: selection.start.row, col: selection.startCol};
		const b = this.copy.cursor;
		const [start, end] = a.row < b.row || (a.row === b.row && a.col <= b.col) ? [a, b] : [b, a];
		if (row < start.row || row > end.row) return;
		let from = 0;
		let to = cells.cols - 1;
		if (selection.shape === 'block') {
			from = Math.min(a.col, b.col);
			to = Math.max(a.col, b.col);
		} else if (selection.shape === 'char') {
			if (row === start.row) from = start.col;
			if (row === end.row) to = end.col;
		}
		for (let x = from; x <= to && x < cells.cols; x++) cells.flags[x] ^= FLAG_INVERSE;
	}

	private drawLabel(cells: RowCells, text: string): void {
		const width = [...text].length;
		this.drawText(cells, Math.max(0, cells.cols - width), text, this.styles.label, false);
	}

	/** Writes plain text over the row; `fill` paints the style to the row's end. */
	private drawText(cells: RowCells, from: number, text: string, style: CellStyle, fill: boolean): void {
		const chars = [...text];
		// Do not leave half of a wide character the text lands on.
		if (from > 0 && cells.widths[from] === 0) {
			cells.chars[from - 1] = ' ';
			cells.widths[from - 1] = 1;
		}
		let x = from;
		for (const char of chars) {
			const width = wide(char) ? 2 : 1;
			if (x + width > cells.cols) break;
			cells.chars[x] = char;
			cells.widths[x] = width;
			if (width === 2) {
				cells.chars[x + 1] = '';
				cells.widths[x + 1] = 0;
			}
			for (let i = x; i < x + width; i++) {
				cells.fg[i] = style.fg;
				cells.bg[i] = style.bg;
				cells.flags[i] = style.flags;
				cells.ul[i] = 0;
			}
			x += width;
		}
		if (x < cells.cols && cells.widths[x] === 0) {
			cells.chars[x] = ' ';
			cells.widths[x] = 1;
		}
		for (; fill && x < cells.cols; x++) {
			cells.chars[x] = ' ';
			cells.widths[x] = 1;
			cells.fg[x] = style.fg;
			cells.bg[x] = style.bg;
			cells.flags[x] = style.flags;
			cells.ul[x] = 0;
		}
	}
}

/** East Asian wide and emoji ranges: enough for text typed into the prompt. */
function wide(char: string): boolean {
	const code = char.codePointAt(0) ?? 0;
	return (code >= 0x1100 && code <= 0x115f) || (code >= 0x2e80 && code <= 0xa4cf) || (code >= 0xac00 && code <= 0xd7a3)
		|| (code >= 0xf900 && code <= 0xfaff) || (code >= 0xfe30 && code <= 0xfe4f) || (code >= 0xff00 && code <= 0xff60)
		|| (code >= 0xffe0 && code <= 0xffe6) || (code >= 0x1f300 && code <= 0x1faff) || (code >= 0x20000 && code <= 0x3fffd);
}
