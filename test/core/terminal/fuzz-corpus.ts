/**
 * Seeded byte streams that exercise what breaks terminal round trips: SGR mixes in every colour mode, CJK, emoji
 * with skin tones and ZWJ sequences, combining marks, wide characters at the last column, erase/insert/delete of
 * characters and lines, scroll regions, insert mode and screen switches.
 */
import {seededRandom} from './support.js';

const texts = [
	'hello', 'world ', 'x', '  ', 'const a = 1;', '│', '─┼─', '中文字', '日本語テキスト', '한국어', '👍', '👍🏽', '👩🏿‍💻',
	'👨‍👩‍👧', '🏳️‍🌈', '❤️', '🇯🇵', 'e\u0301', 'a\u0308\u0323', 'नमस्ते', 'क्षि', '\u0301', '\u200d', '\ufe0f', '🏽', 'ﾊﾝｶｸ',
	'é', '✓ done', '⠋', '\t', 'tab\tstop', 'Ω≈ç√', '\u00ad', 'ＦＵＬＬ',
];

const sgrParts = [
	'0', '1', '2', '3', '4', '5', '7', '8', '9', '53', '21', '22', '23', '24', '25', '27', '28', '29', '55', '4:3', '4:0',
	'4:2', '4:4', '4:5', '59', '39', '49', '30', '31', '37', '90', '97', '40', '44', '47', '100', '107',
];

function pick<T>(random: () => number, items: readonly T[]): T {
	return items[Math.floor(random() * items.length)];
}

function int(random: () => number, max: number): number {
	return Math.floor(random() * max);
}

function sgr(random: () => number): string {
	const parts: string[] = [];
	const count = 1 + int(random, 4);
	for (let i = 0; i < count; i++) {
		const kind = random();
		if (kind < 0.6) parts.push(pick(random, sgrParts));
		else if (kind < 0.8) parts.push(`${pick(random, ['38', '48', '58'])};5;${int(random, 256)}`);
		else parts.push(`${pick(random, ['38', '48', '58'])};2;${int(random, 256)};${int(random, 256)};${int(random, 256)}`);
	}
	return `\x1b[${parts.join(';')}m`;
}

export function fuzzStream(seed: number, cols: number, rows: number, operations = 80): string {
	const random = seededRandom(seed);
	let out = '';
	for (let i = 0; i < operations; i++) {
		const op = random();
		if (op < 0.3) out += pick(random, texts).repeat(1 + int(random, 3));
		else if (op < 0.45) out += sgr(random);
		else if (op < 0.52) out += `\x1b[${1 + int(random, rows)};${1 + int(random, cols)}H`;
		else if (op < 0.55) out += `\x1b[${1 + int(random, rows)};${cols}H${pick(random, ['中', '👍', 'ab中', '界x'])}`;
		else if (op < 0.58) out += '\r\n';
		else if (op < 0.6) out += pick(random, ['\x1b[2C', '\x1b[3D', '\x1b[A', '\x1b[B', '\b', '\r']);
		else if (op < 0.64) out += `\x1b[${int(random, 3)}K`;
		else if (op < 0.66) out += `\x1b[${int(random, 3)}J`;
		else if (op < 0.69) out += `\x1b[${1 + int(random, 6)}X`;
		else if (op < 0.72) out += `\x1b[${1 + int(random, 6)}@`;
		else if (op < 0.75) out += `\x1b[${1 + int(random, 6)}P`;
		else if (op < 0.78) out += `\x1b[${1 + int(random, 3)}${pick(random, ['L', 'M'])}`;
		else if (op < 0.82) {
			const top = 1 + int(random, rows - 1);
			const bottom = top + 1 + int(random, rows - top);
			out += `\x1b[${top};${bottom}r\x1b[${top};1H${pick(random, ['\x1b[2S', '\x1b[T', '\x1bM', '\n\n\n', 'scroll\x1bD'])}\x1b[r`;
		} else if (op < 0.84) out += pick(random, ['\x1b[4h', '\x1b[4l']);
		else if (op < 0.86) out += pick(random, ['\x1b[?1049h', '\x1b[?1049l', '\x1b[?47h', '\x1b[?47l']);
		else if (op < 0.88) out += pick(random, ['\x1b[?25l', '\x1b[?25h']);
		else if (op < 0.9) out += pick(random, ['\x1b7', '\x1b8']);
		else out += pick(random, texts) + sgr(random) + pick(random, texts);
	}
	return out;
}
