/**
 * Styling by escape sequences inside one string. A screen of diff lines drawn as one Ink text node per line costs a
 * fraction of nested styled nodes (Ink's work grows with the node count), which is what keeps page scrolling cheap.
 */

export const style = {
	bold: '1',
	dim: '2',
	italic: '3',
	inverse: '7',
	red: '31',
	green: '32',
	yellow: '33',
	cyan: '36',
	magenta: '35',
	brightRed: '91',
} as const;

export type StyleName = keyof typeof style;

/** `text` in the given styles, reset afterwards. */
export function paint(text: string, ...styles: Array<StyleName | false | undefined>): string {
	const codes = styles.filter((name): name is StyleName => typeof name === 'string').map(name => style[name]);
	return codes.length === 0 || text === '' ? text : `\u001B[${codes.join(';')}m${text}\u001B[0m`;
}
