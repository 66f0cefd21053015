/**
 * Turns an xterm buffer line into RowCells. Two readers fill the raw fields (a fast one over xterm's packed cell
 * array, and one over the public cell API used when the internals are not as expected and as a cross-check in
 * tests); one normalization pass then applies the wide-character and grapheme rules.
 */
import type {IBufferCell, IBufferLine} from '@xterm/headless';
import {
	COLOR_MODE_MASK, COLOR_RGB, FLAG_BLINK, FLAG_BOLD, FLAG_DIM, FLAG_INVERSE, FLAG_INVISIBLE, FLAG_ITALIC,
	FLAG_OVERLINE, FLAG_STRIKETHROUGH, FLAG_UNDERLINE, UNDERLINE_COLOR_MASK, UNDERLINE_STYLE_MASK, drawableCellText,
	type CellStyle, type RowCells,
} from './cells.js';
import {extendedAttributesOf, type PackedLine} from './xterm-internals.js';

// xterm's packed cell layout (src/common/buffer/Constants.ts): three uint32 per cell.
const CONTENT_CODEPOINT_MASK = 0x1FFFFF;
const CONTENT_IS_COMBINED = 0x200000;
const CONTENT_HAS_CONTENT = 0x3FFFFF;
const CONTENT_WIDTH_SHIFT = 22;
const FG_INVERSE = 0x4000000;
const FG_BOLD = 0x8000000;
const FG_UNDERLINE = 0x10000000;
const FG_BLINK = 0x20000000;
const FG_INVISIBLE = 0x40000000;
const FG_STRIKETHROUGH = 0x80000000;
const BG_ITALIC = 0x4000000;
const BG_DIM = 0x8000000;
const BG_OVERLINE = 0x40000000;
const BG_HAS_EXTENDED = 0x10000000;
const UNDERLINE_SINGLE = 1 << 26;

const FG_FLAGS = FG_INVERSE | FG_BOLD | FG_UNDERLINE | FG_BLINK | FG_INVISIBLE | FG_STRIKETHROUGH;
const BG_FLAGS = BG_ITALIC | BG_DIM | BG_OVERLINE;

// Dense (pre-sized and filled) so lookups stay on V8's fast elements path; a sparse cache falls into dictionary mode.
const charCache: (string | undefined)[] = new Array<string | undefined>(0x10000).fill(undefined);

/** Keeps only the bits that belong to the colour's mode (xterm leaves stale RGB bits behind palette colours). */
function cleanColor(raw: number): number {
	const mode = raw & COLOR_MODE_MASK;
	if (mode === 0) {
		return 0;
	}
	return mode === COLOR_RGB ? raw & 0x3FFFFFF : raw & 0x30000FF;
}

/** An underlined cell's style and colour from xterm's extended attributes; 0 for a plain single underline. */
function underlineOf(ext: number | undefined): number {
	if (ext === undefined) return 0;
	// SGR 59 leaves all colour bits set, xterm's "no underline colour" (it cannot tell white truecolour from it either).
	const raw = ext & UNDERLINE_COLOR_MASK;
	const color = raw === UNDERLINE_COLOR_MASK ? 0 : cleanColor(raw);
	const style = ext & UNDERLINE_STYLE_MASK;
	if (color === 0 && (style === 0 || style === UNDERLINE_SINGLE)) return 0;
	return (style === 0 ? UNDERLINE_SINGLE : style) | color;
}

export function readPackedLine(line: PackedLine, cols: number, into: RowCells): RowCells {
	const data = line._data;
	const available = Math.min(cols, line.length);
	const {chars, widths, fg: fgs, bg: bgs, flags: flagss, ul: uls} = into;
	const combined = line._combined;
	const cache = charCache;
	// Module-level constants cost a context load and hole check per use; locals live in registers. This loop runs
	// for every cell of every painted row, so they are copied here.
	const modeMask = COLOR_MODE_MASK;
	const fgFlags = FG_FLAGS;
	const bgFlags = BG_FLAGS;
	const hasContent = CONTENT_HAS_CONTENT;
	const isCombined = CONTENT_IS_COMBINED;
	const codePointMask = CONTENT_CODEPOINT_MASK;
	const widthShift = CONTENT_WIDTH_SHIFT;
	// One pass that also applies normalizeRow's rules, since this reader runs for every painted row.
	for (let x = 0; x < available; x++) {
		const i = x * 3;
		const content = data[i];
		const fg = data[i + 1];
		const bg = data[i + 2];
		const cellFg = (fg & modeMask) === 0 ? 0 : cleanColor(fg);
		const cellBg = (bg & modeMask) === 0 ? 0 : cleanColor(bg);
		let cellFlags = (fg & fgFlags) === 0 && (bg & bgFlags) === 0 ? 0 : flagsOf(fg, bg);
		let cellUl = 0;
		if ((bg & BG_HAS_EXTENDED) !== 0) {
			// xterm draws a cell underlined when its extended attributes carry a style, whatever the fg flag says.
			const ext = line._extendedAttrs?.[x]?._ext ?? 0;
			if ((ext & UNDERLINE_STYLE_MASK) !== 0) cellFlags |= FLAG_UNDERLINE;
			if ((cellFlags & FLAG_UNDERLINE) !== 0) cellUl = underlineOf(ext);
		}
		fgs[x] = cellFg;
		bgs[x] = cellBg;
		flagss[x] = cellFlags;
		uls[x] = cellUl;
		let width = content >>> widthShift;
		let text: string | undefined;
		if ((content & hasContent) === 0) {
			text = ' ';
		} else if (content & isCombined) {
			text = drawableCellText(combined[x] ?? ' ');
		} else {
			const codePoint = content & codePointMask;
			text = codePoint < 0x10000 ? cache[codePoint] ?? (cache[codePoint] = String.fromCharCode(codePoint)) : String.fromCodePoint(codePoint);
			// Below U+0300 only the soft hyphen is a zero-width character that could need blanking.
			if (codePoint >= 0x300 || codePoint === 0xAD) text = drawableCellText(text);
		}
		if (width === 2) {
			if (x + 1 < available && (data[i + 3] >>> widthShift) === 0) {
				x++;
				fgs[x] = cellFg;
				bgs[x] = cellBg;
				flagss[x] = cellFlags;
				uls[x] = cellUl;
				if (text === undefined) {
					// Blanked wide cell: two ordinary blanks cover the same columns and round-trip exactly.
					chars[x - 1] = ' ';
					widths[x - 1] = 1;
					chars[x] = ' ';
					widths[x] = 1;
				} else {
					chars[x - 1] = text;
					widths[x - 1] = 2;
					chars[x] = '';
					widths[x] = 0;
				}
				continue;
			}
			text = ' ';
			width = 1;
		} else if (width !== 1) {
			text = ' ';
			width = 1;
		}
		chars[x] = text ?? ' ';
		widths[x] = width;
	}
	fillBlank(into, available, cols);
	return into;
}


/** A cell style from xterm's packed attributes (its pen, or a cell's fg, bg and extended attributes). */
export function styleOfAttributes(fg: number, bg: number, ext: number | undefined): CellStyle {
	let flags = flagsOf(fg, bg);
	let ul = 0;
	// As for cells: an underline style in the extended attributes underlines, whatever the fg flag says.
	if ((bg & BG_HAS_EXTENDED) !== 0) {
		if (((ext ?? 0) & UNDERLINE_STYLE_MASK) !== 0) flags |= FLAG_UNDERLINE;
		if ((flags & FLAG_UNDERLINE) !== 0) ul = underlineOf(ext);
	}
	return {fg: cleanColor(fg), bg: cleanColor(bg), flags, ul};
}

function flagsOf(fg: number, bg: number): number {
	let flags = 0;
	if (fg & FG_BOLD) flags |= FLAG_BOLD;
	if (bg & BG_DIM) flags |= FLAG_DIM;
	if (bg & BG_ITALIC) flags |= FLAG_ITALIC;
	if (fg & FG_UNDERLINE) flags |= FLAG_UNDERLINE;
	if (fg & FG_BLINK) flags |= FLAG_BLINK;
	if (fg & FG_INVERSE) flags |= FLAG_INVERSE;
	if (fg & FG_INVISIBLE) flags |= FLAG_INVISIBLE;
	if (fg & FG_STRIKETHROUGH) flags |= FLAG_STRIKETHROUGH;
	if (bg & BG_OVERLINE) flags |= FLAG_OVERLINE;
	return flags;
}

export function readPublicLine(line: IBufferLine, cols: number, into: RowCells, scratch: IBufferCell): RowCells {
	const available = Math.min(cols, line.length);
	for (let x = 0; x < available; x++) {
		const cell = line.getCell(x, scratch)!;
		into.widths[x] = cell.getWidth();
		const chars = cell.getChars();
		into.chars[x] = chars === '' ? ' ' : chars;
		into.fg[x] = cell.isFgDefault() ? 0 : cell.getFgColorMode() | cell.getFgColor();
		into.bg[x] = cell.isBgDefault() ? 0 : cell.getBgColorMode() | cell.getBgColor();
		let flags = 0;
		if (cell.isBold()) flags |= FLAG_BOLD;
		if (cell.isDim()) flags |= FLAG_DIM;
		if (cell.isItalic()) flags |= FLAG_ITALIC;
		if (cell.isUnderline()) flags |= FLAG_UNDERLINE;
		if (cell.isBlink()) flags |= FLAG_BLINK;
		if (cell.isInverse()) flags |= FLAG_INVERSE;
		if (cell.isInvisible()) flags |= FLAG_INVISIBLE;
		if (cell.isStrikethrough()) flags |= FLAG_STRIKETHROUGH;
		if (cell.isOverline()) flags |= FLAG_OVERLINE;
		into.flags[x] = flags;
		into.ul[x] = (flags & FLAG_UNDERLINE) !== 0 ? underlineOf(extendedAttributesOf(cell)) : 0;
	}
	fillBlank(into, available, cols);
	normalizeRow(into);
	return into;
}

function fillBlank(into: RowCells, from: number, to: number): void {
	for (let x = from; x < to; x++) {
		into.chars[x] = ' ';
		into.widths[x] = 1;
		into.fg[x] = 0;
		into.bg[x] = 0;
		into.flags[x] = 0;
		into.ul[x] = 0;
	}
}

function copyStyle(cells: RowCells, from: number, to: number): void {
	cells.fg[to] = cells.fg[from];
	cells.bg[to] = cells.bg[from];
	cells.flags[to] = cells.flags[from];
	cells.ul[to] = cells.ul[from];
}

/**
 * Enforces the invariants the painter relies on: a width-2 cell is always followed by exactly one width-0 half with
 * the same style; orphaned halves and broken wide characters become blanks; grapheme rules applied per cell.
 * A wide cell that must be blanked becomes two ordinary blanks, so it still covers the same two columns and
 * round-trips through a fresh terminal unchanged.
 */
function normalizeRow(cells: RowCells): void {
	const cols = cells.cols;
	for (let x = 0; x < cols; x++) {
		const width = cells.widths[x];
		if (width === 2 && x + 1 < cols && cells.widths[x + 1] === 0) {
			const text = drawableCellText(cells.chars[x]);
			copyStyle(cells, x, x + 1);
			if (text === undefined) {
				cells.chars[x] = ' ';
				cells.widths[x] = 1;
				cells.chars[x + 1] = ' ';
				cells.widths[x + 1] = 1;
			} else {
				cells.chars[x] = text;
				cells.chars[x + 1] = '';
			}
			x++;
			continue;
		}
		if (width !== 1) {
			cells.chars[x] = ' ';
			cells.widths[x] = 1;
			continue;
		}
		const text = drawableCellText(cells.chars[x]);
		cells.chars[x] = text ?? ' ';
	}
}

/** Char codes of one row's text, reused: the row's string is made in one call, flat. */
let textCodes = new Uint16Array(1024);

/**
 * A row's text as xterm's translateToString gives it (trailing blanks trimmed when `trimRight`), read from the
 * packed cells. translateToString appends cell by cell, which leaves a string of one rope node per cell: kept in the
 * history's text cache, that costs memory and a flattening copy at every first regex over it. This string is flat.
 */
export function readPackedText(line: PackedLine, trimRight: boolean): string {
	const data = line._data;
	const end = trimRight ? trimmedLength(data, line.length) : line.length;
	// Two code units per cell (astral characters) is the most a cell takes, but for combined characters.
	let codes = textCodes.length >= end * 2 ? textCodes : (textCodes = new Uint16Array(end * 2 + 64));
	let count = 0;
	// Locals, not module constants (see readPackedLine): this runs for every cell of a long history.
	const isCombined = CONTENT_IS_COMBINED;
	const codePointMask = CONTENT_CODEPOINT_MASK;
	const widthShift = CONTENT_WIDTH_SHIFT;
	for (let x = 0; x < end;) {
		const content = data[x * 3];
		if ((content & isCombined) !== 0) {
			const text = line._combined[x] ?? '';
			if (count + text.length + (end - x) * 2 > codes.length) {
				const grown = new Uint16Array((count + text.length + (end - x) * 2) * 2);
				grown.set(codes.subarray(0, count));
				codes = textCodes = grown;
			}
			for (let i = 0; i < text.length; i++) codes[count++] = text.charCodeAt(i);
		} else {
			const codePoint = content & codePointMask;
			if (codePoint === 0) codes[count++] = 0x20;
			else if (codePoint > 0xFFFF) {
				codes[count++] = 0xD800 + ((codePoint - 0x10000) >> 10);
				codes[count++] = 0xDC00 + ((codePoint - 0x10000) & 0x3FF);
			} else codes[count++] = codePoint;
		}
		x += (content >>> widthShift) || 1;
	}
	// The fastest way from code units to a flat string (several times String.fromCharCode's with a spread).
	return Buffer.from(codes.buffer, codes.byteOffset, count * 2).toString('utf16le');
}

/** Columns up to the end of the last cell with content (xterm's getTrimmedLength). */
function trimmedLength(data: Uint32Array, length: number): number {
	for (let x = length - 1; x >= 0; x--) {
		const content = data[x * 3];
		if ((content & CONTENT_HAS_CONTENT) !== 0) return x + (content >>> CONTENT_WIDTH_SHIFT);
	}
	return 0;
}
