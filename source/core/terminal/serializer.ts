/**
 * Cells back to escape sequences: SGR only where the style changes, and the shortest of "change what differs" and
 * "reset then set". Output fed to a fresh terminal of the same size reproduces the cells exactly (tested).
 */
import {
	COLOR_MODE_MASK, COLOR_PALETTE16, COLOR_PALETTE256, COLOR_VALUE_MASK, FLAG_BLINK, FLAG_BOLD, FLAG_DIM,
	FLAG_INVERSE, FLAG_INVISIBLE, FLAG_ITALIC, FLAG_OVERLINE, FLAG_STRIKETHROUGH, FLAG_UNDERLINE, createRowCells,
	isDefaultBlank, type CellStyle, type RowCells,
} from './cells.js';
import type {HeadlessTerminal} from './headless-terminal.js';

const FLAG_CODES: ReadonlyArray<readonly [flag: number, on: string, off: string]> = [
	[FLAG_BOLD, '1', '22'],
	[FLAG_DIM, '2', '22'],
	[FLAG_ITALIC, '3', '23'],
	[FLAG_UNDERLINE, '4', '24'],
	[FLAG_BLINK, '5', '25'],
	[FLAG_INVERSE, '7', '27'],
	[FLAG_INVISIBLE, '8', '28'],
	[FLAG_STRIKETHROUGH, '9', '29'],
	[FLAG_OVERLINE, '53', '55'],
];
const BOLD_OR_DIM = FLAG_BOLD | FLAG_DIM;

/** The style the serializer believes the receiving terminal currently has. */
export function createPen(): CellStyle {
	return {fg: 0, bg: 0, flags: 0};
}

export function isDefaultStyle(style: CellStyle): boolean {
	return style.fg === 0 && style.bg === 0 && style.flags === 0;
}

function colorParams(color: number, background: boolean): string {
	const mode = color & COLOR_MODE_MASK;
	if (mode === 0) {
		return background ? '49' : '39';
	}
	const value = color & COLOR_VALUE_MASK;
	if (mode === COLOR_PALETTE16) {
		const base = value < 8 ? (background ? 40 : 30) : (background ? 92 : 82);
		return String(base + value);
	}
	if (mode === COLOR_PALETTE256) {
		return (background ? '48;5;' : '38;5;') + value;
	}
	return `${background ? '48;2;' : '38;2;'}${value >>> 16};${(value >>> 8) & 0xFF};${value & 0xFF}`;
}

function flagsOn(flags: number, params: string): string {
	for (const [flag, on] of FLAG_CODES) {
		if (flags & flag) params += (params ? ';' : '') + on;
	}
	return params;
}

/** SGR turning style `from` into style `to`; '' when they are equal. */
export function sgrTransition(from: CellStyle, to: CellStyle): string {
	if (from.fg === to.fg && from.bg === to.bg && from.flags === to.flags) {
		return '';
	}
	if (to.fg === 0 && to.bg === 0 && to.flags === 0) {
		return '\x1b[0m';
	}
	let full = flagsOn(to.flags, '0');
	if (to.fg !== 0) full += ';' + colorParams(to.fg, false);
	if (to.bg !== 0) full += ';' + colorParams(to.bg, true);

	let delta = '';
	const removed = from.flags & ~to.flags;
	let added = to.flags & ~from.flags;
	if (removed & BOLD_OR_DIM) {
		// SGR 22 ends both bold and dim: re-set whichever of the two must stay.
		delta = '22';
		added |= to.flags & BOLD_OR_DIM;
	}
	for (const [flag, , off] of FLAG_CODES) {
		if ((removed & flag) && !(flag & BOLD_OR_DIM)) delta += (delta ? ';' : '') + off;
	}
	delta = flagsOn(added, delta);
	if (from.fg !== to.fg) delta += (delta ? ';' : '') + colorParams(to.fg, false);
	if (from.bg !== to.bg) delta += (delta ? ';' : '') + colorParams(to.bg, true);

	return `\x1b[${delta.length <= full.length ? delta : full}m`;
}

function penTo(pen: CellStyle, cells: RowCells, x: number): string {
	const fg = cells.fg[x];
	const bg = cells.bg[x];
	const flags = cells.flags[x];
	if (pen.fg === fg && pen.bg === bg && pen.flags === flags) {
		return '';
	}
	const sgr = sgrTransition(pen, {fg, bg, flags});
	pen.fg = fg;
	pen.bg = bg;
	pen.flags = flags;
	return sgr;
}

export interface SerializeRowOptions {
	/**
	 * The destination row is known to be blank with default colours (e.g. just cleared): runs of default blanks
	 * become cursor moves and trailing ones are left out.
	 */
	destinationIsBlank?: boolean;
}

// Below this a cursor move (`CSI n C`, at least 4 bytes) is not shorter than the spaces it replaces.
const MIN_SKIPPED_RUN = 5;

/**
 * Escape sequences drawing cells [start, end) of a row, assuming the cursor sits at column `start` of that row and
 * the terminal's style is `pen` (updated in place). Never writes outside [start, end), so it is safe inside a pane:
 * a wide character cut by either edge is drawn as a blank of the same style instead of spilling over.
 */
export function serializeRow(cells: RowCells, pen: CellStyle, start = 0, end = cells.cols, options: SerializeRowOptions = {}): string {
	let out = '';
	let stop = end;
	if (options.destinationIsBlank) {
		while (stop > start && isDefaultBlank(cells, stop - 1)) stop--;
	}
	for (let x = start; x < stop; x++) {
		const width = cells.widths[x];
		if (width === 0 && x !== start) {
			continue;
		}
		if (options.destinationIsBlank && isDefaultBlank(cells, x)) {
			let runEnd = x + 1;
			while (runEnd < stop && isDefaultBlank(cells, runEnd)) runEnd++;
			if (runEnd - x >= MIN_SKIPPED_RUN) {
				out += `\x1b[${runEnd - x}C`;
				x = runEnd - 1;
				continue;
			}
		}
		out += penTo(pen, cells, x);
		out += width === 0 || (width === 2 && x + 1 >= end) ? ' ' : cells.chars[x];
	}
	return out;
}

export interface SerializeScreenOptions {
	/** Also restore the cursor position and visibility (default true). */
	cursor?: boolean;
}

/**
 * The visible screen of `terminal` as escape sequences that, fed to a fresh terminal of the same size, reproduce
 * every cell (and the cursor): clear, then each row from its first column, ending with the default style.
 */
export function serializeScreen(terminal: HeadlessTerminal, options: SerializeScreenOptions = {}): string {
	const pen = createPen();
	const row = createRowCells(terminal.cols);
	let out = '\x1b[0m\x1b[H\x1b[2J';
	for (let y = 0; y < terminal.rows; y++) {
		terminal.readRow(y, row);
		const text = serializeRow(row, pen, 0, row.cols, {destinationIsBlank: true});
		if (text !== '') {
			out += `\x1b[${y + 1}H` + text;
		}
	}
	if (!isDefaultStyle(pen)) {
		out += '\x1b[0m';
	}
	if (options.cursor ?? true) {
		const cursor = terminal.cursor;
		out += `\x1b[${cursor.y + 1};${cursor.x + 1}H`;
		if (!terminal.modes.cursorVisible) {
			out += '\x1b[?25l';
		}
	}
	return out;
}
