/**
 * The compositor owns the real screen. It keeps a front buffer of every cell the outer terminal shows, composes each
 * dirty row from the chrome (Ink's frame, parsed by a headless terminal) with the pane interiors laid over it (read
 * from each session's headless terminal), and emits only the cells that differ: absolute cursor moves and minimal SGR
 * changes, like tmux. Ink's own bytes never reach the terminal, so its whole-line rewrites cost nothing on the wire.
 */
import {
	cellEquals, copyCell, copyCells, createRowCells, drawableCellText, ensureRowCells, UNDERLINE_COLOR_MASK, UNDERLINE_STYLE_MASK, type CellStyle, type RowCells,
} from '../../core/terminal/cells.js';
import {sgrTransitionTo} from '../../core/terminal/serializer.js';
import {colorForDepth, type ColorDepth} from '../../core/terminal/color-depth.js';
import {asciiCells} from './ascii-glyphs.js';
import type {Rect} from '../../core/layout/types.js';

export interface Surface {
	readonly cols: number;
	readonly rows: number;
	readRow(y: number, into?: RowCells): RowCells;
}

export interface PaneLayer {
	surface: Surface;
	/** Interior rectangle on the screen; the surface's row 0 column 0 lands at (rect.x, rect.y). */
	rect: Rect;
}

/** How the outer terminal wants cells drawn (see ui/host/terminal-profile.ts). */
export interface OutputStyle {
	/** How many colours it shows: truecolour and palette colours beyond it become the nearest it has. */
	depth: ColorDepth;
	/** NO_COLOR: agentgrid's own cells (borders, titles, status bar, screens) in default colours, attributes kept. */
	noColor: boolean;
	/** Not a UTF-8 locale: ASCII stand-ins for agentgrid's glyphs, `_` for the programs' non-ASCII text. */
	ascii: boolean;
}

export const fullOutputStyle: OutputStyle = {depth: 'truecolor', noColor: false, ascii: false};

export interface CursorRequest {
	x: number;
	y: number;
	visible: boolean;
}

const beginSync = '\u001B[?2026h';
const endSync = '\u001B[?2026l';

export class Compositor {
	private cols: number;
	private rows: number;
	private front: RowCells[] = [];
	private dirty: Uint8Array;
	private chrome: Surface | undefined;
	private panes: PaneLayer[] = [];
	private composed: RowCells;
	private paneRow: RowCells;
	/**
	 * Chrome rows as read and fitted to the terminal, kept until the chrome changes: a streaming pane makes its rows
	 * dirty at every frame, and Ink's frame under them seldom changes.
	 */
	private chromeRows: (RowCells | undefined)[] = [];
	private cursorShown: CursorRequest | undefined;
	/** Set when the screen's content is unknown (start, resize): the next frame clears it, so the front buffer of blank
	 * cells is true again. */
	private needsClear = true;
	/** Whether the outer terminal takes underline styles (4:2-4:5) and colours (58); a plain underline if not. */
	private underlineStyles = true;
	private style: OutputStyle = fullOutputStyle;

	constructor(cols: number, rows: number) {
		this.cols = cols;
		this.rows = rows;
		this.dirty = new Uint8Array(rows).fill(1);
		this.composed = createRowCells(cols);
		this.paneRow = createRowCells(cols);
		this.resetFront();
	}

	resize(cols: number, rows: number): void {
		this.cols = cols;
		this.rows = rows;
		this.dirty = new Uint8Array(rows).fill(1);
		this.composed = createRowCells(cols);
		this.paneRow = createRowCells(cols);
		this.chromeRows = [];
		this.cursorShown = undefined;
		this.needsClear = true;
		this.resetFront();
	}

	setUnderlineStyles(on: boolean): void {
		if (on === this.underlineStyles) return;
		this.underlineStyles = on;
		this.resetFront();
		this.needsClear = true;
		this.markAll();
	}

	setOutputStyle(style: OutputStyle): void {
		if (style.depth === this.style.depth && style.noColor === this.style.noColor && style.ascii === this.style.ascii) return;
		this.style = {...style};
		this.chromeRows = [];
		this.resetFront();
		this.needsClear = true;
		this.markAll();
	}

	setChrome(chrome: Surface): void {
		this.chrome = chrome;
		this.chromeRows = [];
		this.markAll();
	}

	/** The chrome's rows `rows` changed (all of them, `all`): read them again, and recompose them. */
	chromeRowsChanged(rows: Iterable<number>, all = false): void {
		if (all) this.chromeRows = [];
		for (const y of rows) {
			this.chromeRows[y] = undefined;
			if (y >= 0 && y < this.rows) this.dirty[y] = 1;
		}
	}

	/** Replaces the pane layers; rows covered by a moved, added or removed pane are recomposed. */
	setPanes(panes: PaneLayer[]): void {
		const key = (list: PaneLayer[]) => list.map(p => `${p.rect.x},${p.rect.y},${p.rect.width},${p.rect.height}`).join(';');
		const changed = key(panes) !== key(this.panes) || panes.some((p, i) => p.surface !== this.panes[i]?.surface);
		if (changed) {
			for (const pane of [...this.panes, ...panes]) this.markRows(pane.rect.y, pane.rect.y + pane.rect.height);
		}
		this.panes = panes;
	}

	markAll(): void {
		this.dirty.fill(1);
	}

	/** Marks screen rows [from, to) for recomposition. */
	markRows(from: number, to: number): void {
		for (let y = Math.max(0, from); y < Math.min(this.rows, to); y++) this.dirty[y] = 1;
	}

	/** Marks rows of pane `index` (pane-relative row numbers) for recomposition. */
	markPaneRows(index: number, paneRows: Iterable<number>): void {
		const pane = this.panes[index];
		if (!pane) return;
		for (const row of paneRows) {
			if (row >= 0 && row < pane.rect.height) this.dirty[pane.rect.y + row] = 1;
		}
	}

	hasWork(): boolean {
		return this.dirty.includes(1);
	}

	/**
	 * Composes every dirty row and returns the bytes that bring the outer terminal up to date, wrapped in one
	 * synchronized update; an empty string when nothing visible changed.
	 */
	frame(cursor: CursorRequest | undefined): string {
		let out = '';
		if (this.hasWork() && this.cursorShown) {
			// Hidden while painting so terminals without synchronized output do not show it jumping around.
			out += '\u001B[?25l';
			this.cursorShown = undefined;
		}
		if (this.needsClear) {
			out += '\u001B[0m\u001B[H\u001B[2J';
			this.needsClear = false;
		}
		// Every frame ends with the pen reset, so each one starts from the default style.
		const pen: CellStyle = {fg: 0, bg: 0, flags: 0, ul: 0};
		let cursorX = -1;
		let cursorY = -1;
		for (let y = 0; y < this.rows; y++) {
			if (this.dirty[y] === 0) continue;
			this.dirty[y] = 0;
			const row = this.composeRow(y);
			const front = this.front[y];
			for (let x = 0; x < this.cols; x++) {
				if (cellEquals(row, x, front, x)) continue;
				// The right half of a new wide character is drawn from its left half.
				const start = x > 0 && row.widths[x] === 0 ? x - 1 : x;
				if (row.widths[start] === 0) continue;
				if (cursorY !== y || cursorX !== start) out += `\u001B[${y + 1};${start + 1}H`;
				const width = row.widths[start];
				out += sgrTransitionTo(pen, row.fg[start]!, row.bg[start]!, row.flags[start]!, row.ul[start]!);
				pen.fg = row.fg[start];
				pen.bg = row.bg[start];
				pen.flags = row.flags[start];
				pen.ul = row.ul[start];
				const text = drawableCellText(row.chars[start]);
				out += text === undefined ? ' '.repeat(width) : text;
				for (let i = start; i < start + width && i < this.cols; i++) copyCell(row, i, front, i);
				// A cluster of several code points (ZWJ sequence, flag, keycap, skin tone) is one glyph of its width here,
				// but a terminal without grapheme clustering advances further: the next cell is placed absolutely.
				cursorX = text !== undefined && text.length > 1 && !isOneCodePoint(text) ? -1 : start + width;
				cursorY = y;
				// Never step back: a narrow cell drawn over the left half of an old wide one leaves the next cell to compare.
				x = Math.max(x, start + width - 1);
			}
		}
		if (pen.fg !== 0 || pen.bg !== 0 || pen.flags !== 0 || pen.ul !== 0) out += '\u001B[0m';
		out += this.cursorSequence(cursor, out.length > 0);
		return out.length > 0 ? beginSync + out + endSync : '';
	}

	/** Painting moves the cursor; put it back where the focused agent wants it, or keep it hidden. */
	private cursorSequence(cursor: CursorRequest | undefined, painted: boolean): string {
		const previous = this.cursorShown;
		const wanted = cursor && cursor.visible && cursor.x >= 0 && cursor.y >= 0 && cursor.x < this.cols && cursor.y < this.rows ? cursor : undefined;
		this.cursorShown = wanted;
		if (!wanted) return previous ? '\u001B[?25l' : '';
		if (!painted && previous && previous.x === wanted.x && previous.y === wanted.y) return '';
		return `\u001B[${wanted.y + 1};${wanted.x + 1}H${previous ? '' : '\u001B[?25h'}`;
	}

	private composeRow(y: number): RowCells {
		const row = ensureRowCells(this.cols, this.composed);
		this.composed = row;
		const base = this.chromeRow(y);
		if (base) {
			copyCells(base, 0, row, 0, this.cols);
		} else {
			for (let x = 0; x < this.cols; x++) blank(row, x);
		}
		for (const pane of this.panes) {
			const {rect, surface} = pane;
			if (y < rect.y || y >= rect.y + rect.height) continue;
			const paneY = y - rect.y;
			const source = paneY < surface.rows ? surface.readRow(paneY, this.paneRow) : undefined;
			if (source) this.paneRow = source;
			const width = Math.min(rect.width, this.cols - rect.x);
			const copied = source ? Math.max(0, Math.min(width, source.cols)) : 0;
			if (source) copyCells(source, 0, row, rect.x, copied);
			for (let i = copied; i < width; i++) blank(row, rect.x + i);
			// A wide character cut by the pane's right edge cannot be drawn: blank its left half.
			if (source && width > 0 && row.widths[rect.x + width - 1] === 2) blank(row, rect.x + width - 1);
			if (this.style.ascii && width > 0) asciiCells(row, rect.x, rect.x + width, false);
		}
		if (!this.underlineStyles) row.ul.fill(0, 0, this.cols);
		if (this.style.depth !== 'truecolor') toDepth(row, this.cols, this.style.depth);
		return row;
	}

	/** Chrome row y, full width and fitted to the terminal (NO_COLOR, ASCII); read once until it changes. */
	private chromeRow(y: number): RowCells | undefined {
		if (!this.chrome || y >= this.chrome.rows) return undefined;
		const cached = this.chromeRows[y];
		if (cached) return cached;
		const source = this.chrome.readRow(y, this.paneRow);
		this.paneRow = source;
		const row = createRowCells(this.cols);
		const copied = Math.min(this.cols, source.cols);
		copyCells(source, 0, row, 0, copied);
		for (let x = copied; x < this.cols; x++) blank(row, x);
		if (this.style.noColor) withoutColors(row, this.cols);
		if (this.style.ascii) asciiCells(row, 0, this.cols, true);
		this.chromeRows[y] = row;
		return row;
	}

	private resetFront(): void {
		this.front = Array.from({length: this.rows}, () => createRowCells(this.cols));
	}
}

function isOneCodePoint(text: string): boolean {
	return text.length === 2 && text.codePointAt(0)! > 0xFFFF;
}

/** Default colours, underline colour included; bold, reverse, underline and the rest stay. */
function withoutColors(row: RowCells, cols: number): void {
	row.fg.fill(0, 0, cols);
	row.bg.fill(0, 0, cols);
	for (let x = 0; x < cols; x++) row.ul[x] &= UNDERLINE_STYLE_MASK;
}

function toDepth(row: RowCells, cols: number, depth: ColorDepth): void {
	for (let x = 0; x < cols; x++) {
		if (row.fg[x] !== 0) row.fg[x] = colorForDepth(row.fg[x], depth);
		if (row.bg[x] !== 0) row.bg[x] = colorForDepth(row.bg[x], depth);
		const ul = row.ul[x];
		if ((ul & UNDERLINE_COLOR_MASK) !== 0) {
			// A 16-colour terminal has no underline colours; a 256-colour one takes them from its palette.
			const color = depth === '16' ? 0 : colorForDepth(ul & UNDERLINE_COLOR_MASK, depth);
			row.ul[x] = (ul & UNDERLINE_STYLE_MASK) | color;
		}
	}
}

function blank(row: RowCells, x: number): void {
	row.chars[x] = ' ';
	row.widths[x] = 1;
	row.fg[x] = 0;
	row.bg[x] = 0;
	row.flags[x] = 0;
	row.ul[x] = 0;
}
