/**
 * What a terminal whose locale is not UTF-8 is sent instead of non-ASCII text. agentgrid's own glyphs (borders,
 * status marks, arrows) have ASCII stand-ins of the same width; the heavy border of the focused pane becomes `=` so
 * focus still shows without colour. Anything else, and every non-ASCII character of a pane's program, becomes `_`
 * per column, which is what tmux sends to a client that is not UTF-8.
 */
import type {RowCells} from '../../core/terminal/cells.js';

const standIns: Record<string, string> = {
	'◌': '~', '●': '*', '◆': '?', '○': 'o', '■': '#', '⊘': '/', '✓': '+', '✗': 'x', '⚡': '!', '⚠': '!', '≈': '~',
	'·': '.', '…': '.', '❯': '>', '›': '>', '→': '>', '←': '<', '↑': '^', '↓': 'v', '↔': '-', '—': '-', '–': '-',
	'Σ': 'S', '±': '+', '▏': '|', '▌': '|', '█': '#', '░': ':', '▒': ':', '▓': '#', '⏎': '<',
};

const heavyHorizontal = new Set(['━', '┅', '┉', '╍', '═']);
const horizontal = new Set(['─', '┄', '┈', '╌', '╴', '╶', '╸', '╺', '╼', '╾']);
const vertical = new Set(['│', '┃', '┆', '┇', '┊', '┋', '╎', '╏', '║', '╵', '╷', '╹', '╻', '╽', '╿']);

/** The ASCII character drawn for one of agentgrid's own glyphs; `_` when it has no stand-in. */
export function asciiStandIn(text: string): string {
	const standIn = standIns[text];
	if (standIn !== undefined) return standIn;
	const code = text.codePointAt(0) ?? 0;
	if (text.length === 1 && code >= 0x2500 && code <= 0x257F) {
		if (heavyHorizontal.has(text)) return '=';
		if (horizontal.has(text)) return '-';
		if (vertical.has(text)) return '|';
		return '+';
	}
	return '_';
}

function isAscii(text: string): boolean {
	return text.length === 1 && text.charCodeAt(0) < 0x80;
}

/**
 * Makes cells [from, to) of a row ASCII: `standIn` for agentgrid's glyphs, `_` for a program's text. A wide character
 * becomes two narrow cells of its style.
 */
export function asciiCells(row: RowCells, from: number, to: number, standIn: boolean): void {
	for (let x = from; x < to; x++) {
		const text = row.chars[x];
		if (isAscii(text)) continue;
		const width = row.widths[x];
		if (width === 0 || text === '') {
			// The right half of a wide character whose left half lies outside the range: a blank of its style.
			row.chars[x] = ' ';
			row.widths[x] = 1;
			continue;
		}
		// A wide glyph of agentgrid's own (⚡) keeps its stand-in, then a blank; a program's gets _ per column.
		const ascii = standIn ? asciiStandIn(text) : '_';
		row.chars[x] = ascii;
		row.widths[x] = 1;
		if (width === 2 && x + 1 < row.cols) {
			row.chars[x + 1] = ascii === '_' ? '_' : ' ';
			row.widths[x + 1] = 1;
			row.fg[x + 1] = row.fg[x];
			row.bg[x + 1] = row.bg[x];
			row.flags[x + 1] = row.flags[x];
			row.ul[x + 1] = row.ul[x];
			x++;
		}
	}
}
