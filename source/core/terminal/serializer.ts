/**
 * Cells back to escape sequences: SGR only where the style changes, and the shortest of "change what differs" and
 * "reset then set". Output fed to a fresh terminal of the same size reproduces the cells exactly (tested).
 */
import {
	COLOR_MODE_MASK, COLOR_PALETTE16, COLOR_PALETTE256, COLOR_VALUE_MASK, FLAG_BLINK, FLAG_BOLD, FLAG_DIM,
	FLAG_INVERSE, FLAG_INVISIBLE, FLAG_ITALIC, FLAG_OVERLINE, FLAG_STRIKETHROUGH, FLAG_UNDERLINE, UNDERLINE_COLOR_MASK,
	UNDERLINE_STYLE_MASK, UNDERLINE_STYLE_SHIFT, createRowCells, isDefaultBlank, type CellStyle, type RowCells,
} from './cells.js';
import type {HeadlessTerminal} from './headless-terminal.js';

const FLAG_BITS = [FLAG_BOLD, FLAG_DIM, FLAG_ITALIC, FLAG_UNDERLINE, FLAG_BLINK, FLAG_INVERSE, FLAG_INVISIBLE, FLAG_STRIKETHROUGH, FLAG_OVERLINE];
const FLAG_ON = ['1', '2', '3', '4', '5', '7', '8', '9', '53'];
const FLAG_OFF = ['22', '22', '23', '24', '25', '27', '28', '29', '55'];
const BOLD_OR_DIM = FLAG_BOLD | FLAG_DIM;

// Parameter strings of every palette colour, built once: transitions happen for nearly every styled word.
const PALETTE_PARAMS = {
	fg16: Array.from({length: 16}, (_, v) => String(v < 8 ? 30 + v : 82 + v)),
	bg16: Array.from({length: 16}, (_, v) => String(v < 8 ? 40 + v : 92 + v)),
	fg256: Array.from({length: 256}, (_, v) => `38;5;${v}`),
	bg256: Array.from({length: 256}, (_, v) => `48;5;${v}`),
};

/** The style the serializer believes the receiving terminal currently has. */
export function createPen(): CellStyle {
	return {fg: 0, bg: 0, flags: 0, ul: 0};
}

export function isDefaultStyle(style: CellStyle): boolean {
	return style.fg === 0 && style.bg === 0 && style.flags === 0 && !style.ul;
}

function colorParams(color: number, background: boolean): string {
	const mode = color & COLOR_MODE_MASK;
	if (mode === 0) {
		return background ? '49' : '39';
	}
	const value = color & COLOR_VALUE_MASK;
	if (mode === COLOR_PALETTE16) {
		return (background ? PALETTE_PARAMS.bg16 : PALETTE_PARAMS.fg16)[value & 15];
	}
	if (mode === COLOR_PALETTE256) {
		return (background ? PALETTE_PARAMS.bg256 : PALETTE_PARAMS.fg256)[value & 255];
	}
	return `${background ? '48;2;' : '38;2;'}${value >>> 16};${(value >>> 8) & 0xFF};${value & 0xFF}`;
}

/** SGR 58 (or 59 for the text colour); palette colours as 58;5;n, which also covers the 16 ANSI ones. */
function underlineColorParams(color: number): string {
	const mode = color & COLOR_MODE_MASK;
	if (mode === 0) return '59';
	const value = color & COLOR_VALUE_MASK;
	if (mode === COLOR_PALETTE16 || mode === COLOR_PALETTE256) return `58;5;${value & 255}`;
	return `58;2;${value >>> 16};${(value >>> 8) & 0xFF};${value & 0xFF}`;
}

/**
 * The underline style and colour part of a transition, for a cell that stays or becomes underlined (`started`: SGR 4
 * is already in the sequence). Styles go as 4:n, the sub-parameter form every terminal with styled underlines reads.
 */
function underlineParams(fromUl: number, ul: number, started: boolean, params: string): string {
	const style = (ul & UNDERLINE_STYLE_MASK) >>> UNDERLINE_STYLE_SHIFT;
	const fromStyle = started ? 1 : Math.max(1, (fromUl & UNDERLINE_STYLE_MASK) >>> UNDERLINE_STYLE_SHIFT);
	if (Math.max(1, style) !== fromStyle) params = params === '' ? `4:${Math.max(1, style)}` : `${params};4:${Math.max(1, style)}`;
	if ((ul & UNDERLINE_COLOR_MASK) !== (fromUl & UNDERLINE_COLOR_MASK)) {
		const color = underlineColorParams(ul & UNDERLINE_COLOR_MASK);
		params = params === '' ? color : `${params};${color}`;
	}
	return params;
}
function flagsOn(flags: number, params: string): string {
	for (let i = 0; flags !== 0 && i < FLAG_BITS.length; i++) {
		if (flags & FLAG_BITS[i]) {
			params = params === '' ? FLAG_ON[i] : params + ';' + FLAG_ON[i];
			flags &= ~FLAG_BITS[i];
		}
	}
	return params;
}

/** SGR turning style `from` into style `to`; '' when they are equal. */
export function sgrTransition(from: CellStyle, to: CellStyle): string {
	return transition(from.fg, from.bg, from.flags, from.ul ?? 0, to.fg, to.bg, to.flags, to.ul ?? 0);
}

/** The same, to a style given by its fields: the compositor calls it per changed cell and builds no object for it. */
export function sgrTransitionTo(from: CellStyle, fg: number, bg: number, flags: number, ul: number): string {
	return transition(from.fg, from.bg, from.flags, from.ul ?? 0, fg, bg, flags, ul);
}

function transition(fromFg: number, fromBg: number, fromFlags: number, fromUl: number, fg: number, bg: number, flags: number, ul: number): string {
	if (fromFg === fg && fromBg === bg && fromFlags === flags && fromUl === ul) {
		return '';
	}
	if (fg === 0 && bg === 0 && flags === 0 && ul === 0) {
		return '\x1b[0m';
	}
	let delta = '';
	let removed = fromFlags & ~flags;
	// A reset can only be shorter when something must be switched off; skip building it otherwise.
	const resetMayBeShorter = removed !== 0 || (fg === 0 && fromFg !== 0) || (bg === 0 && fromBg !== 0);
	let added = flags & ~fromFlags;
	if (removed & BOLD_OR_DIM) {
		// SGR 22 ends both bold and dim: re-set whichever of the two must stay.
		delta = '22';
		added |= flags & BOLD_OR_DIM;
		removed &= ~BOLD_OR_DIM;
	}
	for (let i = 2; removed !== 0 && i < FLAG_BITS.length; i++) {
		if (removed & FLAG_BITS[i]) {
			delta = delta === '' ? FLAG_OFF[i] : delta + ';' + FLAG_OFF[i];
			removed &= ~FLAG_BITS[i];
		}
	}
	delta = flagsOn(added, delta);
	if (fromUl !== ul) {
		// Cells without underline have ul 0; an underline colour left behind by SGR 24 is switched off with 59.
		if (flags & FLAG_UNDERLINE) delta = underlineParams(fromUl, ul, (added & FLAG_UNDERLINE) !== 0, delta);
		else if (fromUl & UNDERLINE_COLOR_MASK) delta = delta === '' ? '59' : delta + ';59';
	}
	if (fromFg !== fg) delta = delta === '' ? colorParams(fg, false) : delta + ';' + colorParams(fg, false);
	if (fromBg !== bg) delta = delta === '' ? colorParams(bg, true) : delta + ';' + colorParams(bg, true);

	if (resetMayBeShorter || (fromUl !== 0 && ul === 0)) {
		let full = flagsOn(flags, '0');
		if (ul !== 0) full = underlineParams(0, ul, true, full);
		if (fg !== 0) full += ';' + colorParams(fg, false);
		if (bg !== 0) full += ';' + colorParams(bg, true);
		if (full.length < delta.length) delta = full;
	}
	return '\x1b[' + delta + 'm';
}

function penTo(pen: CellStyle, cells: RowCells, x: number): string {
	const fg = cells.fg[x];
	const bg = cells.bg[x];
	const flags = cells.flags[x];
	const ul = cells.ul[x];
	const penUl = pen.ul ?? 0;
	if (pen.fg === fg && pen.bg === bg && pen.flags === flags && penUl === ul) {
		return '';
	}
	const sgr = transition(pen.fg, pen.bg, pen.flags, penUl, fg, bg, flags, ul);
	pen.fg = fg;
	pen.bg = bg;
	pen.flags = flags;
	pen.ul = ul;
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
	const {chars, widths} = cells;
	const skipBlanks = options.destinationIsBlank === true;
	let out = '';
	// Text between style changes is gathered as one slice of chars and joined once (cheaper than 1-char appends).
	let runStart = -1;
	let stop = end;
	if (skipBlanks) {
		while (stop > start && isDefaultBlank(cells, stop - 1)) stop--;
	}
	for (let x = start; x < stop; x++) {
		const width = widths[x];
		if (width === 0 && x !== start) {
			continue;
		}
		if (skipBlanks && isDefaultBlank(cells, x)) {
			let runEnd = x + 1;
			while (runEnd < stop && isDefaultBlank(cells, runEnd)) runEnd++;
			if (runEnd - x >= MIN_SKIPPED_RUN) {
				if (runStart >= 0) {
					out += joinChars(chars, runStart, x);
					runStart = -1;
				}
				out += `\x1b[${runEnd - x}C`;
				x = runEnd - 1;
				continue;
			}
		}
		const sgr = penTo(pen, cells, x);
		if (sgr !== '') {
			if (runStart >= 0) out += joinChars(chars, runStart, x);
			out += sgr;
			runStart = -1;
		}
		if (width === 0 || (width === 2 && x + 1 >= end)) {
			if (runStart >= 0) out += joinChars(chars, runStart, x);
			out += ' ';
			runStart = -1;
			continue;
		}
		if (runStart < 0) runStart = x;
	}
	if (runStart >= 0) out += joinChars(chars, runStart, stop);
	return out;
}

/** chars[from..to) concatenated; right halves of wide characters hold '' and vanish by themselves. */
function joinChars(chars: string[], from: number, to: number): string {
	let text = '';
	for (let x = from; x < to; x++) text += chars[x];
	return text;
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
