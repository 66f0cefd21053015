/**
 * Colour values a pane's terminal reports to the program inside it (OSC 4/10/11 queries). The app passes the outer
 * terminal's real colours; these defaults are xterm's.
 */

export interface TerminalColors {
	/** '#rrggbb' */
	foreground: string;
	/** '#rrggbb' */
	background: string;
	/** Up to 256 '#rrggbb' entries; missing entries fall back to xterm's default palette. */
	palette?: string[];
}

export const defaultTerminalColors: TerminalColors = {foreground: '#e5e5e5', background: '#000000'};

const ansi16 = [
	'#000000', '#cd0000', '#00cd00', '#cdcd00', '#0000ee', '#cd00cd', '#00cdcd', '#e5e5e5',
	'#7f7f7f', '#ff0000', '#00ff00', '#ffff00', '#5c5cff', '#ff00ff', '#00ffff', '#ffffff',
];

function hex(value: number): string {
	return value.toString(16).padStart(2, '0');
}

/** xterm's 256-colour palette: 16 ANSI colours, the 6x6x6 cube, then 24 greys. */
export function defaultPalette(): string[] {
	const palette = [...ansi16];
	const levels = [0, 0x5f, 0x87, 0xaf, 0xd7, 0xff];
	for (let r = 0; r < 6; r++) {
		for (let g = 0; g < 6; g++) {
			for (let b = 0; b < 6; b++) {
				palette.push(`#${hex(levels[r])}${hex(levels[g])}${hex(levels[b])}`);
			}
		}
	}
	for (let i = 0; i < 24; i++) {
		const level = 8 + i * 10;
		palette.push(`#${hex(level)}${hex(level)}${hex(level)}`);
	}
	return palette;
}

const hexColor = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i;

export function isHexColor(value: string): boolean {
	return hexColor.test(value);
}

/** '#rrggbb' -> 'rgb:rrrr/gggg/bbbb', the form xterm uses in colour query answers. */
export function toXParseColor(color: string): string {
	const match = hexColor.exec(color);
	if (!match) {
		return 'rgb:0000/0000/0000';
	}
	const [, r, g, b] = match;
	return `rgb:${r}${r}/${g}${g}/${b}${b}`.toLowerCase();
}
