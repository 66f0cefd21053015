/**
 * Asks the outer terminal once at startup for what agentgrid passes on to programs or relies on: its foreground and
 * background colours (OSC 10/11; Codex colours its input box from the answer), whether it takes styled and coloured
 * underlines (XTGETTCAP Smulx) and whether it speaks the kitty keyboard protocol (CSI ? u). A DA1 request follows
 * the queries: every terminal answers DA1, and answers in order, so its reply means "no other answer is coming" and
 * we need not wait for the timeout on terminals that ignore the others.
 */
import {defaultPalette} from '../../core/terminal/colors.js';

export interface OuterColors {
	foreground: string;
	background: string;
}

export const defaultColors: OuterColors = {foreground: '#d0d0d0', background: '#000000'};

const oscReply = /\u001B\](10|11);rgba?:([0-9a-f]+)\/([0-9a-f]+)\/([0-9a-f]+)(?:\/[0-9a-f]+)?(?:\u0007|\u001B\\)/gi;
const da1Reply = /\u001B\[\?[\d;]*c/;
// XTGETTCAP answers `DCS 1 + r <hex name>=<hex value> ST` for a capability it has, `DCS 0 + r ...` otherwise.
const smulxReply = /\u001BP([01])\+r536d756c78/i;
const kittyReply = /\u001B\[\?\d+u/;
/** `Smulx` (styled underlines) in hex, as XTGETTCAP wants capability names. */
const smulxQuery = '\u001BP+q536d756c78\u001B\\';

/** What the outer terminal said about itself; a field is undefined when the terminal did not say. */
export interface OuterTerminalFacts {
	colors?: OuterColors;
	underlineStyles?: boolean;
	kittyKeyboard?: boolean;
}

function toHex(component: string): string {
	// Components have 1-4 hex digits; scale to 8 bits.
	const max = 16 ** component.length - 1;
	return Math.round((Number.parseInt(component, 16) / max) * 255)
		.toString(16)
		.padStart(2, '0');
}

export function parseColorReplies(text: string): Partial<OuterColors> {
	const result: Partial<OuterColors> = {};
	for (const match of text.matchAll(oscReply)) {
		const hex = `#${toHex(match[2])}${toHex(match[3])}${toHex(match[4])}`;
		if (match[1] === '10') result.foreground = hex;
		else result.background = hex;
	}
	return result;
}

export function parseTerminalFacts(text: string): OuterTerminalFacts {
	const colors = parseColorReplies(text);
	const smulx = smulxReply.exec(text);
	return {
		colors: colors.foreground !== undefined || colors.background !== undefined ? {...defaultColors, ...colors} : undefined,
		underlineStyles: smulx ? smulx[1] === '1' : undefined,
		kittyKeyboard: kittyReply.test(text) ? true : undefined,
	};
}

export async function queryOuterTerminal(
	input: NodeJS.ReadableStream,
	write: (data: string) => void,
	timeoutMs = 300,
): Promise<OuterTerminalFacts> {
	let received = '';
	return new Promise(resolve => {
		const finish = () => {
			clearTimeout(timer);
			input.off('data', onData);
			resolve(parseTerminalFacts(received));
		};
		const onData = (chunk: Buffer | string) => {
			received += chunk.toString('latin1');
			if (da1Reply.test(received)) finish();
		};
		const timer = setTimeout(finish, timeoutMs);
		input.on('data', onData);
		write(`\u001B]10;?\u001B\\\u001B]11;?\u001B\\${smulxQuery}\u001B[?u\u001B[c`);
	});
}

/**
 * The colours to report to programs when the outer terminal did not answer: what COLORFGBG says (set by rxvt,
 * Konsole and others as "fg;bg" palette indexes), else the `fallback` setting: dark, light or #rrggbb/#rrggbb.
 */
export function fallbackColors(colorfgbg: string | undefined, fallback: string): OuterColors {
	const parts = colorfgbg?.split(';') ?? [];
	if (parts.length >= 2) {
		const fg = Number.parseInt(parts[0], 10);
		const bg = Number.parseInt(parts[parts.length - 1], 10);
		if (fg >= 0 && fg < 16 && bg >= 0 && bg < 16) {
			const palette = defaultPalette();
			return {foreground: palette[fg], background: palette[bg]};
		}
	}
	if (fallback === 'light') return {foreground: '#000000', background: '#ffffff'};
	const pair = /^(#[0-9a-f]{6})\/(#[0-9a-f]{6})$/i.exec(fallback);
	return pair ? {foreground: pair[1].toLowerCase(), background: pair[2].toLowerCase()} : defaultColors;
}

