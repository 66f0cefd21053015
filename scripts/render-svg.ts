/**
 * Renders the cells of a parsed terminal screen to SVG, so README screenshots come from real runs: what the
 * end-to-end harness captured, cell by cell, with its colours.
 */
import type xtermType from '@xterm/headless';

type Terminal = InstanceType<typeof xtermType.Terminal>;

const base16 = [
	'#1e1e1e', '#cd3131', '#0dbc79', '#e5e510', '#2472c8', '#bc3fbc', '#11a8cd', '#e5e5e5',
	'#666666', '#f14c4c', '#23d18b', '#f5f543', '#3b8eea', '#d670d6', '#29b8db', '#ffffff',
];

function paletteColor(index: number): string {
	if (index < 16) return base16[index];
	if (index < 232) {
		const i = index - 16;
		const level = (n: number) => (n === 0 ? 0 : 55 + n * 40);
		const [r, g, b] = [level(Math.floor(i / 36)), level(Math.floor(i / 6) % 6), level(i % 6)];
		return `#${[r, g, b].map(v => v.toString(16).padStart(2, '0')).join('')}`;
	}
	const grey = 8 + (index - 232) * 10;
	return `#${grey.toString(16).padStart(2, '0').repeat(3)}`;
}

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function renderSvg(term: Terminal, options: {foreground?: string; background?: string} = {}): string {
	const foreground = options.foreground ?? '#d4d4d4';
	const background = options.background ?? '#1e1e1e';
	const cellWidth = 8.4;
	const cellHeight = 17;
	const buffer = term.buffer.active;
	const parts: string[] = [];
	for (let y = 0; y < term.rows; y++) {
		const line = buffer.getLine(buffer.viewportY + y);
		if (!line) continue;
		for (let x = 0; x < term.cols; x++) {
			const cell = line.getCell(x);
			if (!cell || cell.getWidth() === 0) continue;
			const color = (isDefault: boolean, isRgb: boolean, value: number, fallback: string) =>
				isDefault ? fallback : isRgb ? `#${value.toString(16).padStart(6, '0')}` : paletteColor(value);
			let fg = color(cell.isFgDefault(), cell.isFgRGB(), cell.getFgColor(), foreground);
			let bg = color(cell.isBgDefault(), cell.isBgRGB(), cell.getBgColor(), background);
			if (cell.isInverse()) [fg, bg] = [bg, fg];
			if (cell.isBold() && !cell.isFgDefault() && !cell.isFgRGB() && cell.getFgColor() < 8) fg = paletteColor(cell.getFgColor() + 8);
			const width = cell.getWidth() * cellWidth;
			const px = (x * cellWidth).toFixed(1);
			const py = y * cellHeight;
			if (bg !== background) parts.push(`<rect x="${px}" y="${py}" width="${width.toFixed(1)}" height="${cellHeight}" fill="${bg}"/>`);
			const char = cell.getChars();
			if (char && char !== ' ' && !cell.isInvisible()) {
				const weight = cell.isBold() ? ' font-weight="bold"' : '';
				const opacity = cell.isDim() ? ' fill-opacity="0.6"' : '';
				const decoration = cell.isUnderline() ? ' text-decoration="underline"' : '';
				parts.push(`<text x="${px}" y="${py + 13}" fill="${fg}"${weight}${opacity}${decoration}>${escapeXml(char)}</text>`);
			}
		}
	}
	// The screen as text: for readers that cannot see the picture, and for the test that finds stale screenshots.
	const text: string[] = [];
	for (let y = 0; y < term.rows; y++) text.push(buffer.getLine(buffer.viewportY + y)?.translateToString(true) ?? '');
	const width = Math.ceil(term.cols * cellWidth);
	const height = term.rows * cellHeight;
	return [
		`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="DejaVu Sans Mono, Menlo, Consolas, monospace" font-size="14" xml:space="preserve">`,
		`<desc>${escapeXml(text.join('\n'))}</desc>`,
		`<rect width="100%" height="100%" fill="${background}"/>`,
		...parts,
		'</svg>',
		'',
	].join('\n');
}
