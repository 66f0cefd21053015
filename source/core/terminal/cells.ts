/**
 * A compact, numeric model of one terminal row, shared by the pane painter and the serializer.
 *
 * Struct-of-arrays so a 200-column row is six allocations made once and refilled in place: comparing two cells is
 * four integer comparisons and one string comparison, never string building.
 *
 * Colours are `mode | value` where mode is one of the COLOR_* constants (bits 24-25, the same layout xterm uses)
 * and value is a palette index (0-15 or 0-255) or 0xRRGGBB. Bits that do not belong to the mode are always zero,
 * so equal colours are equal numbers (xterm itself keeps stale RGB bits around when a cell switches to a palette
 * colour).
 */

export const COLOR_DEFAULT = 0;
/** The 16 ANSI colours set by SGR 30-37/90-97 (value 0-15). */
export const COLOR_PALETTE16 = 0x1000000;
/** The 256-colour palette set by SGR 38;5;n (value 0-255); kept apart from PALETTE16 so round trips are exact. */
export const COLOR_PALETTE256 = 0x2000000;
/** Truecolour, value 0xRRGGBB. */
export const COLOR_RGB = 0x3000000;
export const COLOR_MODE_MASK = 0x3000000;
export const COLOR_VALUE_MASK = 0xFFFFFF;

export const FLAG_BOLD = 1;
export const FLAG_DIM = 2;
export const FLAG_ITALIC = 4;
export const FLAG_UNDERLINE = 8;
export const FLAG_BLINK = 16;
export const FLAG_INVERSE = 32;
export const FLAG_INVISIBLE = 64;
export const FLAG_STRIKETHROUGH = 128;
export const FLAG_OVERLINE = 256;

/**
 * Underline style and colour of an underlined cell, packed as xterm packs them: the style (2 double, 3 curly,
 * 4 dotted, 5 dashed; 1 single) in bits 26-28, the colour (SGR 58, same layout as fg/bg) below. 0 for a plain single
 * underline in the text colour, and for every cell without underline.
 */
export const UNDERLINE_STYLE_SHIFT = 26;
export const UNDERLINE_STYLE_MASK = 0x1C000000;
export const UNDERLINE_COLOR_MASK = 0x3FFFFFF;

/** The visual attributes of a cell; the serializer's pen has the same shape. */
export interface CellStyle {
	fg: number;
	bg: number;
	flags: number;
	/** Underline style and colour (see UNDERLINE_STYLE_SHIFT); 0 when absent. */
	ul?: number;
}

export interface RowCells {
	/** Number of cells in use (the terminal's width when the row was read). */
	cols: number;
	/** Text of each cell; `' '` for blank cells, `''` for the right half of a wide character. */
	chars: string[];
	/** 1 or 2 for a cell that starts a character; 0 for the right half of a wide character (skip it when drawing). */
	widths: Uint8Array;
	fg: Uint32Array;
	bg: Uint32Array;
	flags: Uint16Array;
	/** Underline style and colour per cell (see UNDERLINE_STYLE_SHIFT). */
	ul: Uint32Array;
}

export function createRowCells(cols: number): RowCells {
	const cells: RowCells = {
		cols,
		chars: new Array<string>(cols).fill(' '),
		widths: new Uint8Array(cols).fill(1),
		fg: new Uint32Array(cols),
		bg: new Uint32Array(cols),
		flags: new Uint16Array(cols),
		ul: new Uint32Array(cols),
	};
	return cells;
}

/** Returns `into` when it is large enough for `cols` cells (resetting its `cols`), else a new row. */
/** Fills `cells` with blanks in the default colours, as an erased row reads. */
export function blankRowCells(cells: RowCells): RowCells {
	for (let x = 0; x < cells.cols; x++) {
		cells.chars[x] = ' ';
		cells.widths[x] = 1;
		cells.fg[x] = 0;
		cells.bg[x] = 0;
		cells.flags[x] = 0;
		cells.ul[x] = 0;
	}
	return cells;
}

export function ensureRowCells(cols: number, into?: RowCells): RowCells {
	if (into && into.widths.length >= cols) {
		into.cols = cols;
		return into;
	}
	return createRowCells(cols);
}

export function cellEquals(a: RowCells, ax: number, b: RowCells, bx: number): boolean {
	return a.widths[ax] === b.widths[bx]
		&& a.fg[ax] === b.fg[bx]
		&& a.bg[ax] === b.bg[bx]
		&& a.flags[ax] === b.flags[bx]
		&& a.ul[ax] === b.ul[bx]
		&& a.chars[ax] === b.chars[bx];
}

export function rowEquals(a: RowCells, b: RowCells): boolean {
	if (a.cols !== b.cols) {
		return false;
	}
	for (let x = 0; x < a.cols; x++) {
		if (!cellEquals(a, x, b, x)) {
			return false;
		}
	}
	return true;
}

export function copyCell(from: RowCells, fromX: number, to: RowCells, toX: number): void {
	to.chars[toX] = from.chars[fromX];
	to.widths[toX] = from.widths[fromX];
	to.fg[toX] = from.fg[fromX];
	to.bg[toX] = from.bg[fromX];
	to.flags[toX] = from.flags[fromX];
	to.ul[toX] = from.ul[fromX];
}

/** Copies `count` cells at once: whole runs of typed array, for the rows painted every frame. */
export function copyCells(from: RowCells, fromX: number, to: RowCells, toX: number, count: number): void {
	if (count <= 0) return;
	const end = fromX + count;
	for (let i = 0; i < count; i++) to.chars[toX + i] = from.chars[fromX + i]!;
	to.widths.set(from.widths.subarray(fromX, end), toX);
	to.fg.set(from.fg.subarray(fromX, end), toX);
	to.bg.set(from.bg.subarray(fromX, end), toX);
	to.flags.set(from.flags.subarray(fromX, end), toX);
	to.ul.set(from.ul.subarray(fromX, end), toX);
}

/** A blank cell with default colours and no attributes: what a cleared screen holds. */
export function isDefaultBlank(cells: RowCells, x: number): boolean {
	return cells.chars[x] === ' ' && cells.widths[x] === 1 && cells.fg[x] === 0 && cells.bg[x] === 0 && cells.flags[x] === 0 && cells.ul[x] === 0;
}

export function colorMode(color: number): number {
	return color & COLOR_MODE_MASK;
}

export function colorValue(color: number): number {
	return color & COLOR_VALUE_MASK;
}

/** Plain text of a row, wide characters once, trailing blanks kept (callers trim if they want). */
export function rowText(cells: RowCells): string {
	let text = '';
	for (let x = 0; x < cells.cols; x++) {
		if (cells.widths[x] !== 0) {
			text += cells.chars[x];
		}
	}
	return text;
}

// Characters that must not begin a cell: combining marks and variation selectors (\p{M}), joiners and other
// zero-width format characters (\p{Cf}) except the soft hyphen, which terminals draw as a character of its own,
// Hangul medial/final jamo and emoji skin-tone modifiers. Outer terminals (tmux in particular) glue them to whatever
// is left of them, shifting the rest of the row.
const CANNOT_START_CELL = /^(?!\u00ad)[\p{M}\p{Cf}\u1160-\u11ff\ud7b0-\ud7ff\u{1f3fb}-\u{1f3ff}]/u;
// Joiners at the end of a cell ask the outer terminal to fuse the next cell into this one.
const TRAILING_JOINERS = /[\u200c\u200d]+$/u;

/**
 * Applies the grapheme rules to the text of one cell: returns the text to draw, or `undefined` when the cell must be
 * drawn as blanks of the same width. A single UTF-16 unit is answered from a memo table.
 */
export function drawableCellText(text: string): string | undefined {
	if (text.length === 1) {
		const code = text.charCodeAt(0);
		let verdict = singleUnitVerdicts[code];
		if (verdict === UNKNOWN) {
			verdict = CANNOT_START_CELL.test(text) ? BLANK : DRAWABLE;
			singleUnitVerdicts[code] = verdict;
		}
		return verdict === DRAWABLE ? text : undefined;
	}
	if (CANNOT_START_CELL.test(text)) {
		return undefined;
	}
	const stripped = text.replace(TRAILING_JOINERS, '');
	return stripped.length === 0 ? undefined : stripped;
}

// Memo of the regex verdict for every single UTF-16 unit (CJK and symbols are common in agent output).
const UNKNOWN = 0;
const DRAWABLE = 1;
const BLANK = 2;
const singleUnitVerdicts = new Uint8Array(0x10000);
