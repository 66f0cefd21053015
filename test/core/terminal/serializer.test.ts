import {describe, expect, it} from 'vitest';
import {
	COLOR_PALETTE16, COLOR_PALETTE256, COLOR_RGB, FLAG_BOLD, FLAG_DIM, FLAG_ITALIC, FLAG_UNDERLINE, createRowCells,
	rowEquals,
} from '../../../source/core/terminal/cells.js';
import {HeadlessTerminal} from '../../../source/core/terminal/headless-terminal.js';
import {createPen, serializeRow, serializeScreen, sgrTransition} from '../../../source/core/terminal/serializer.js';
import {fuzzStream} from './fuzz-corpus.js';
import {roundTripMismatches, screenMismatches, seededRandom, writeAndParse} from './support.js';

const plain = {fg: 0, bg: 0, flags: 0};

describe('sgrTransition', () => {
	it('emits nothing between equal styles and a plain reset back to default', () => {
		expect(sgrTransition(plain, plain)).toBe('');
		expect(sgrTransition({fg: COLOR_PALETTE16 | 1, bg: 0, flags: FLAG_BOLD}, plain)).toBe('\x1b[0m');
	});

	it('ends bold and dim together with SGR 22 and re-sets the one that stays', () => {
		expect(sgrTransition({...plain, flags: FLAG_BOLD | FLAG_DIM | FLAG_ITALIC}, {...plain, flags: FLAG_DIM | FLAG_ITALIC}))
			.toBe('\x1b[22;2m');
		expect(sgrTransition({...plain, flags: FLAG_BOLD | FLAG_ITALIC}, {...plain, flags: FLAG_ITALIC})).toBe('\x1b[22m');
	});

	it('writes each colour mode in the form that parses back to the same mode', () => {
		expect(sgrTransition(plain, {...plain, fg: COLOR_PALETTE16 | 3})).toBe('\x1b[33m');
		expect(sgrTransition(plain, {...plain, fg: COLOR_PALETTE16 | 12})).toBe('\x1b[94m');
		expect(sgrTransition(plain, {...plain, bg: COLOR_PALETTE16 | 9})).toBe('\x1b[101m');
		expect(sgrTransition(plain, {...plain, fg: COLOR_PALETTE256 | 3})).toBe('\x1b[38;5;3m');
		expect(sgrTransition(plain, {...plain, bg: COLOR_RGB | 0x102030})).toBe('\x1b[48;2;16;32;48m');
	});

	it('prefers a reset when that is shorter than undoing attributes one by one', () => {
		const from = {fg: COLOR_RGB | 0xffffff, bg: COLOR_RGB | 0x123456, flags: FLAG_ITALIC | FLAG_UNDERLINE};
		expect(sgrTransition(from, {...plain, flags: FLAG_BOLD})).toBe('\x1b[0;1m');
		expect(sgrTransition({...plain, flags: FLAG_ITALIC}, {...plain, flags: FLAG_ITALIC | FLAG_BOLD})).toBe('\x1b[1m');
	});
});

async function terminalWith(cols: number, rows: number, data: string): Promise<HeadlessTerminal> {
	const terminal = new HeadlessTerminal({cols, rows, scrollback: 100});
	await writeAndParse(terminal, data);
	return terminal;
}

describe('round trip through a fresh terminal', () => {
	const sizes = [[40, 12], [23, 7], [80, 24], [11, 5]] as const;

	it('reproduces every cell of 120 seeded fuzz screens', async () => {
		const failures: string[] = [];
		for (let seed = 1; seed <= 120; seed++) {
			const [cols, rows] = sizes[seed % sizes.length];
			const terminal = await terminalWith(cols, rows, fuzzStream(seed, cols, rows));
			const mismatches = await roundTripMismatches(terminal);
			if (mismatches.length > 0) failures.push(`seed ${seed}: ${mismatches.join('; ')}`);
			terminal.dispose();
		}
		expect(failures).toEqual([]);
	});

	it('keeps styled trailing blanks, wide characters in the last column and grapheme clusters whole', async () => {
		const terminal = await terminalWith(10, 4, [
			'\x1b[44m\x1b[2K\x1b[0mab',
			'\x1b[2;10H中',
			'\x1b[4;1H👍🏽x\x1b[1;2;31mB\x1b[22mN',
		].join(''));
		const row = terminal.readRow(0);
		expect(row.bg[9]).toBe(COLOR_PALETTE16 | 4);
		expect(terminal.screenText()).toEqual(['ab', '', '中', '👍🏽xBN']);
		expect(await roundTripMismatches(terminal)).toEqual([]);
		terminal.dispose();
	});

	it('keeps every underline style and underline colour, and switches them off again', async () => {
		const styles = ['4:2', '4:3', '4:4', '4:5', '4', '4:1'];
		const colours = ['58;5;196', '58;2;10;200;30', '58:5:3', '58:2::1:2:3', '59'];
		let data = '';
		for (const style of styles) {
			for (const colour of colours) data += `\x1b[${style};${colour}mx\x1b[24my`;
			data += '\x1b[0m\r\n';
		}
		data += '\x1b[4:3;58;5;1;31mcurly\x1b[4:0mplain\x1b[4:2mdouble\x1b[0m';
		const terminal = await terminalWith(12, 8, data);
		const row = terminal.readRow(1);
		expect(row.ul[0]).toBe((3 << 26) | COLOR_PALETTE256 | 196);
		expect(row.ul[1]).toBe(0);
		expect(rowEquals(row, terminal.readRowViaPublicApi(1))).toBe(true);
		expect(await roundTripMismatches(terminal)).toEqual([]);
		const serialized = serializeScreen(terminal);
		expect(serialized).toContain('4:3');
		expect(serialized).toContain('58;2;10;200;30');
		terminal.dispose();
	});

	it('draws a soft hyphen as the character it is, as tmux does', async () => {
		const terminal = await terminalWith(10, 1, 'co\u00ADop');
		expect(terminal.screenText()).toEqual(['co\u00ADop']);
		expect(serializeScreen(terminal)).toContain('co\u00ADop');
		expect(await roundTripMismatches(terminal)).toEqual([]);
		terminal.dispose();
	});

	it('draws rows over arbitrary old content when used pane-style, without leaking into neighbours', async () => {
		for (let seed = 500; seed < 530; seed++) {
			const original = await terminalWith(30, 8, fuzzStream(seed, 30, 8));
			const garbage = await terminalWith(30, 8, fuzzStream(seed + 1000, 30, 8) + '\x1b[0m\x1b[?25h');
			const pen = createPen();
			const row = createRowCells(30);
			let out = '\x1b[0m';
			for (let y = 0; y < 8; y++) {
				out += `\x1b[${y + 1};1H` + serializeRow(original.readRow(y, row), pen);
			}
			await writeAndParse(garbage, out);
			expect(screenMismatches(original, garbage), `seed ${seed}`).toEqual([]);
			original.dispose();
			garbage.dispose();
		}
	});

	it('never writes outside the requested columns, blanking a wide character cut by the edge', async () => {
		const terminal = await terminalWith(10, 1, 'ab中文cd');
		const row = terminal.readRow(0);
		expect(serializeRow(row, createPen(), 3, 5)).toBe('  ');
		expect(serializeRow(row, createPen(), 2, 5)).toBe('中 ');
		terminal.dispose();
	});

	it('restores the cursor position and a hidden cursor', async () => {
		const terminal = await terminalWith(20, 5, 'abc\x1b[3;7H\x1b[?25l');
		expect(serializeScreen(terminal)).toContain('\x1b[3;7H\x1b[?25l');
		expect(await roundTripMismatches(terminal)).toEqual([]);
		terminal.dispose();
	});
});

describe('cell readers', () => {
	it('read the same cells through xterm internals as through its public API', async () => {
		const random = seededRandom(7);
		for (let seed = 900; seed < 960; seed++) {
			const cols = 10 + Math.floor(random() * 50);
			const terminal = await terminalWith(cols, 6, fuzzStream(seed, cols, 6, 120));
			for (let y = 0; y < 6; y++) {
				expect(rowEquals(terminal.readRow(y), terminal.readRowViaPublicApi(y)), `seed ${seed} row ${y}`).toBe(true);
			}
			terminal.dispose();
		}
	});
});
