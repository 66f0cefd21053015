/**
 * Turns an xterm buffer line into RowCells. Two readers fill the raw fields (a fast one over xterm's packed cell
 * array, and one over the public cell API used when the internals are not as expected and as a cross-check in
 * tests); one normalization pass then applies the wide-character and grapheme rules.
 */
import type {IBufferCell, IBufferLine} from '@xterm/headless';
import {
	COLOR_MODE_MASK, COLOR_RGB, FLAG_BLINK, FLAG_BOLD, FLAG_DIM, FLAG_INVERSE, FLAG_INVISIBLE, FLAG_ITALIC,
	FLAG_OVERLINE, FLAG_STRIKETHROUGH, FLAG_UNDERLINE, drawableCellText, type RowCells,
} from './cells.js';
import type {PackedLine} from './xterm-internals.js';

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

const charCache: string[] = [];

function charOf(codePoint: number): string {
	if (codePoint < 0x10000) {
		return charCache[codePoint] ??= String.fromCharCode(codePoint);
	}
	return String.fromCodePoint(codePoint);
}

/** Keeps only the bits that belong to the colour's mode (xterm leaves stale RGB bits behind palette colours). */
function cleanColor(raw: number): number {
	const mode = raw & COLOR_MODE_MASK;
	if (mode === 0) {
		return 0;
	}
	return mode === COLOR_RGB ? raw & 0x3FFFFFF : raw & 0x30000FF;
}

export function readPackedLine(line: PackedLine, cols: number, into: RowCells): RowCells {
	const data = line._data;
	const available = Math.min(cols, line.length);
	for (let x = 0; x < available; x++) {
		const i = x * 3;
		const content = data[i];
		const fg = data[i + 1];
		const bg = data[i + 2];
		into.widths[x] = content >>> CONTENT_WIDTH_SHIFT;
		if ((content & CONTENT_HAS_CONTENT) === 0) {
			into.chars[x] = ' ';
		} else if (content & CONTENT_IS_COMBINED) {
			into.chars[x] = line._combined[x] ?? ' ';
		} else {
			into.chars[x] = charOf(content & CONTENT_CODEPOINT_MASK);
		}
		into.fg[x] = cleanColor(fg);
		into.bg[x] = cleanColor(bg);
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
		into.flags[x] = flags;
	}
	fillBlank(into, available, cols);
	normalizeRow(into);
	return into;
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
	}
}

function copyStyle(cells: RowCells, from: number, to: number): void {
	cells.fg[to] = cells.fg[from];
	cells.bg[to] = cells.bg[from];
	cells.flags[to] = cells.flags[from];
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
