/**
 * Makes file content safe and cheap to draw: tabs become spaces (a tab's width is up to the terminal, which would
 * misalign the columns), control characters become visible symbols (they would move the cursor), and only as much
 * of a line as fits is kept, so a minified megabyte-long line costs no more than a short one.
 */

const tabWidth = 4;

export function displayText(text: string, width: number): string {
	if (width <= 0) return '';
	let result = '';
	let column = 0;
	for (const char of text) {
		if (column >= width) break;
		const code = char.codePointAt(0)!;
		if (char === '\t') {
			const spaces = tabWidth - (column % tabWidth);
			result += ' '.repeat(spaces);
			column += spaces;
		} else if (code < 0x20) {
			result += String.fromCodePoint(0x2400 + code);
			column++;
		} else if (code === 0x7f || (code >= 0x80 && code < 0xa0)) {
			result += '·';
			column++;
		} else {
			result += char;
			// Wide characters are measured again when drawn; counting them as one only means keeping a little more.
			column++;
		}
	}
	return result;
}

/** Keeps the end of a path, which names the file, when it does not fit. */
export function truncateStart(text: string, width: number): string {
	if (width <= 0) return '';
	if (text.length <= width) return text;
	return width === 1 ? '…' : `…${text.slice(text.length - width + 1)}`;
}
