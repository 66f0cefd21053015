import {describe, expect, it} from 'vitest';
import xterm from '@xterm/headless';
import {useGraphemeWidths} from '../../../source/core/terminal/grapheme-widths.js';
import {HeadlessTerminal} from '../../../source/core/terminal/headless-terminal.js';
import {Compositor} from '../../../source/ui/render/compositor.js';

const {Terminal} = xterm;

function outerTerminal(cols: number, rows: number) {
	const term = new Terminal({cols, rows, allowProposedApi: true, scrollback: 0});
	useGraphemeWidths(term);
	return term;
}

const write = (term: {write(data: string, cb: () => void): void}, data: string) => new Promise<void>(resolve => term.write(data, resolve));

function cellOf(term: InstanceType<typeof Terminal>, x: number, y: number) {
	const cell = term.buffer.active.getLine(y)!.getCell(x)!;
	return {
		char: cell.getChars() || ' ',
		width: cell.getWidth(),
		fg: cell.isFgDefault() ? 'default' : `${cell.isFgRGB() ? 'rgb' : 'p'}${cell.getFgColor()}`,
		bg: cell.isBgDefault() ? 'default' : `${cell.isBgRGB() ? 'rgb' : 'p'}${cell.getBgColor()}`,
		bold: cell.isBold() !== 0,
		italic: cell.isItalic() !== 0,
		inverse: cell.isInverse() !== 0,
	};
}

function expectRegionEqual(outer: InstanceType<typeof Terminal>, source: HeadlessTerminal, at: {x: number; y: number}) {
	const inner = (source as unknown as {terminal: InstanceType<typeof Terminal>}).terminal ?? undefined;
	for (let y = 0; y < source.rows; y++) {
		const row = source.readRow(y);
		for (let x = 0; x < source.cols; x++) {
			if (row.widths[x] === 0) continue;
			const cell = cellOf(outer, at.x + x, at.y + y);
			expect(cell.char, `char at pane ${x},${y}`).toBe(row.chars[x]);
			expect(cell.width).toBe(row.widths[x]);
		}
	}
	return inner;
}

describe('Compositor', () => {
	it('lays pane cells over the chrome and reproduces them exactly on the outer terminal', async () => {
		const chrome = new HeadlessTerminal({cols: 40, rows: 12, scrollback: 0});
		await write(chrome, '\u001B[1;1H┌─ chrome ─┐\u001B[12;1H\u001B[7m status bar \u001B[0m');
		const left = new HeadlessTerminal({cols: 15, rows: 8});
		const right = new HeadlessTerminal({cols: 15, rows: 8});
		await write(left, '\u001B[31mred\u001B[0m \u001B[1;38;2;10;200;30mbold-rgb\u001B[0m\r\n漢字 wide\r\n\u001B[44m  blue bg  \u001B[0m');
		await write(right, '\u001B[3mitalic\u001B[0m\r\nplain text\r\n\u001B[38;5;208morange256\u001B[0m');
		const compositor = new Compositor(40, 12);
		compositor.setChrome(chrome);
		compositor.setPanes([
			{surface: left, rect: {x: 2, y: 2, width: 15, height: 8}},
			{surface: right, rect: {x: 20, y: 2, width: 15, height: 8}},
		]);
		const outer = outerTerminal(40, 12);
		await write(outer, '\u001B[?7l' + compositor.frame(undefined));
		expectRegionEqual(outer, left, {x: 2, y: 2});
		expectRegionEqual(outer, right, {x: 20, y: 2});
		expect(cellOf(outer, 2, 2)).toMatchObject({char: 'r', fg: 'p1'});
		expect(cellOf(outer, 6, 2)).toMatchObject({char: 'b', fg: `rgb${(10 << 16) | (200 << 8) | 30}`, bold: true});
		expect(cellOf(outer, 2, 3)).toMatchObject({char: '漢', width: 2});
		expect(cellOf(outer, 2, 4)).toMatchObject({bg: 'p4'});
		expect(cellOf(outer, 20, 2)).toMatchObject({char: 'i', italic: true});
		expect(cellOf(outer, 20, 4)).toMatchObject({char: 'o', fg: 'p208'});
		expect(outer.buffer.active.getLine(0)!.translateToString(true).trimEnd()).toBe('┌─ chrome ─┐');
		expect(cellOf(outer, 1, 11)).toMatchObject({char: 's', inverse: true});

		// A one-cell change in one pane costs one cursor move and one character, nothing else.
		await write(right, '\u001B[2;1HP');
		compositor.markPaneRows(1, right.takeDirtyRows().rows);
		compositor.markPaneRows(0, left.takeDirtyRows().rows);
		const small = compositor.frame(undefined);
		expect(small).toBe('\u001B[?2026h\u001B[4;21HP\u001B[?2026l');
		await write(outer, small);
		expect(Array.from({length: 10}, (_, i) => cellOf(outer, 20 + i, 3).char).join('')).toBe('Plain text');

		// Nothing changed: nothing is written.
		compositor.markAll();
		expect(compositor.frame(undefined)).toBe('');
	});

	it('replaces a wide character by narrow ones and back without leaving half cells', async () => {
		const pane = new HeadlessTerminal({cols: 10, rows: 2});
		const compositor = new Compositor(10, 2);
		compositor.setPanes([{surface: pane, rect: {x: 0, y: 0, width: 10, height: 2}}]);
		const outer = outerTerminal(10, 2);
		for (const content of ['a漢字b', 'abcdef', 'x😀y界', '\u001B[2K']) {
			await write(pane, `\u001B[1;1H\u001B[2K${content}`);
			compositor.markPaneRows(0, pane.takeDirtyRows().rows);
			await write(outer, compositor.frame(undefined));
			const expected = pane.screenText()[0].trimEnd();
			expect(outer.buffer.active.getLine(0)!.translateToString(true).trimEnd()).toBe(expected);
		}
	});

	it('shows the cursor only where the focused agent shows it', async () => {
		const compositor = new Compositor(20, 5);
		const outer = outerTerminal(20, 5);
		await write(outer, compositor.frame({x: 3, y: 2, visible: true}));
		expect(outer.buffer.active.cursorX).toBe(3);
		expect(outer.buffer.active.cursorY).toBe(2);
		expect(compositor.frame({x: 3, y: 2, visible: true})).toBe('');
		expect(compositor.frame({x: 3, y: 2, visible: false})).toContain('\u001B[?25l');
	});
});

describe('Compositor underline styles', () => {
	const styled = '\u001B[4:3;58;2;255;0;0mcurly\u001B[0m \u001B[4:2;58;5;33mdouble\u001B[0m \u001B[4:4mdot\u001B[4:5mdash\u001B[0m';

	it('draws double, curly, dotted and dashed underlines in their colours', async () => {
		const pane = new HeadlessTerminal({cols: 30, rows: 2});
		await write(pane, styled);
		const compositor = new Compositor(30, 2);
		compositor.setPanes([{surface: pane, rect: {x: 0, y: 0, width: 30, height: 2}}]);
		const outer = new HeadlessTerminal({cols: 30, rows: 2});
		await write(outer, compositor.frame(undefined));
		const drawn = outer.readRow(0);
		const source = pane.readRow(0);
		expect([...drawn.ul]).toEqual([...source.ul]);
		expect([...drawn.flags]).toEqual([...source.flags]);
		expect(drawn.ul[0]).not.toBe(0);
	});

	it('takes underline colours from the palette of a 256-colour terminal and leaves them out on a 16-colour one', async () => {
		const pane = new HeadlessTerminal({cols: 30, rows: 2});
		await write(pane, styled);
		const compositor = new Compositor(30, 2);
		compositor.setPanes([{surface: pane, rect: {x: 0, y: 0, width: 30, height: 2}}]);
		compositor.setOutputStyle({depth: '256', noColor: false, ascii: false});
		let frame = compositor.frame(undefined);
		expect(frame).toContain('58;5;196');
		expect(frame).not.toContain('58;2;');
		expect(frame).toContain('4:3');
		compositor.setOutputStyle({depth: '16', noColor: false, ascii: false});
		frame = compositor.frame(undefined);
		expect(frame).not.toContain('58;');
		expect(frame).toContain('4:3');
	});

	it('falls back to plain underlines for a terminal that cannot take styles', async () => {
		const pane = new HeadlessTerminal({cols: 30, rows: 2});
		await write(pane, styled);
		const compositor = new Compositor(30, 2);
		compositor.setUnderlineStyles(false);
		compositor.setPanes([{surface: pane, rect: {x: 0, y: 0, width: 30, height: 2}}]);
		const frame = compositor.frame(undefined);
		expect(frame).not.toMatch(/4:[2-5]|58;/);
		const outer = new HeadlessTerminal({cols: 30, rows: 2});
		await write(outer, frame);
		const drawn = outer.readRow(0);
		expect([...drawn.ul].every(value => value === 0)).toBe(true);
		expect([...drawn.flags]).toEqual([...pane.readRow(0).flags]);
	});
});

describe('Compositor output styles', () => {
	/** A chrome row with a coloured bold border and a pane with truecolour and wide text. */
	async function scene() {
		const chrome = new HeadlessTerminal({cols: 20, rows: 3, scrollback: 0});
		await write(chrome, '\u001B[1;36m┏━━━━━━━━━━┓\u001B[0m \u001B[33m● busy\u001B[0m\r\n\u001B[36m┃\u001B[0m\r\n\u001B[7m◆ 2 waiting\u001B[0m ⚡x');
		const pane = new HeadlessTerminal({cols: 10, rows: 1});
		await write(pane, '\u001B[38;2;255;0;0;48;2;30;30;46mred\u001B[0m é中x');
		const compositor = new Compositor(20, 3);
		compositor.setChrome(chrome);
		compositor.setPanes([{surface: pane, rect: {x: 1, y: 1, width: 10, height: 1}}]);
		return compositor;
	}

	async function draw(frame: string) {
		const outer = outerTerminal(20, 3);
		await write(outer, frame);
		return outer;
	}

	it('draws agentgrid\'s own cells without colours under NO_COLOR, attributes and pane colours kept', async () => {
		const compositor = await scene();
		compositor.setOutputStyle({depth: 'truecolor', noColor: true, ascii: false});
		const outer = await draw(compositor.frame(undefined));
		expect(cellOf(outer, 0, 0)).toMatchObject({char: '┏', fg: 'default', bold: true});
		expect(cellOf(outer, 13, 0)).toMatchObject({char: '●', fg: 'default'});
		expect(cellOf(outer, 0, 2)).toMatchObject({char: '◆', bg: 'default', inverse: true});
		expect(cellOf(outer, 1, 1)).toMatchObject({char: 'r', fg: `rgb${0xFF0000}`, bg: `rgb${0x1E1E2E}`});
	});

	it('sends 256 or 16 palette colours instead of truecolour', async () => {
		const compositor = await scene();
		compositor.setOutputStyle({depth: '256', noColor: false, ascii: false});
		let frame = compositor.frame(undefined);
		expect(frame).not.toMatch(/[34]8;2;/);
		let outer = await draw(frame);
		expect(cellOf(outer, 1, 1)).toMatchObject({fg: 'p196', bg: 'p235'});
		compositor.setOutputStyle({depth: '16', noColor: false, ascii: false});
		frame = compositor.frame(undefined);
		expect(frame).not.toMatch(/[34]8;[25];/);
		outer = await draw(frame);
		expect(cellOf(outer, 1, 1)).toMatchObject({fg: 'p9', bg: 'p0'});
		expect(cellOf(outer, 0, 0)).toMatchObject({fg: 'p6', bold: true});
	});

	it('sends ASCII for a terminal that is not UTF-8: stand-ins for agentgrid\'s glyphs, _ for a program\'s text', async () => {
		const compositor = await scene();
		compositor.setOutputStyle({depth: 'truecolor', noColor: false, ascii: true});
		const frame = compositor.frame(undefined);
		expect(frame.replace(/\u001B\[[0-9;:?]*[A-Za-z]/g, '')).toMatch(/^[\x20-\x7E]*$/);
		const outer = await draw(frame);
		const lines = [0, 1, 2].map(y => outer.buffer.active.getLine(y)!.translateToString(true));
		expect(lines[0]).toBe('+==========+ * busy');
		expect(lines[1]).toBe('|red ___x');
		expect(lines[2]).toBe('? 2 waiting ! x');
		expect(cellOf(outer, 1, 1)).toMatchObject({fg: `rgb${0xFF0000}`});
		expect(cellOf(outer, 7, 1)).toMatchObject({char: '_', width: 1});
	});

	it('reads a chrome row once while the pane over it keeps changing, and again once the chrome changes', async () => {
		const chrome = new HeadlessTerminal({cols: 30, rows: 6, scrollback: 0});
		await write(chrome, '\u001B[1;1H│ left chrome\u001B[6;1Hstatus one');
		const reads = new Map<number, number>();
		const counted = {
			get cols() {
				return chrome.cols;
			},
			get rows() {
				return chrome.rows;
			},
			readRow(y: number, into?: Parameters<typeof chrome.readRow>[1]) {
				reads.set(y, (reads.get(y) ?? 0) + 1);
				return chrome.readRow(y, into);
			},
		};
		const pane = new HeadlessTerminal({cols: 10, rows: 4, scrollback: 100});
		const compositor = new Compositor(30, 6);
		compositor.setChrome(counted);
		compositor.setPanes([{surface: pane, rect: {x: 16, y: 0, width: 10, height: 4}}]);
		const outer = outerTerminal(30, 6);
		await write(outer, '\u001B[?7l' + compositor.frame(undefined));
		chrome.takeDirtyRows();
		pane.takeDirtyRows();
		for (let line = 1; line <= 12; line++) {
			await write(pane, `line ${line}\r\n`);
			compositor.markPaneRows(0, pane.takeDirtyRows().rows);
			await write(outer, compositor.frame(undefined));
		}
		const text = (y: number) => outer.buffer.active.getLine(y)!.translateToString(true).trimEnd();
		expect(text(0)).toBe(`${'│ left chrome'.padEnd(16)}line 10`);
		expect(text(2)).toBe('line 12'.padStart(23));
		expect(reads.get(0)).toBe(1);
		// The chrome changes under the scrolling pane: its row is read again and drawn, the pane kept over it.
		await write(chrome, '\u001B[1;1H│ right chrome  \u001B[6;1Hstatus two');
		compositor.chromeRowsChanged(chrome.takeDirtyRows().rows);
		await write(outer, compositor.frame(undefined));
		expect(text(0)).toBe(`${'│ right chrome'.padEnd(16)}line 10`);
		expect(text(5)).toBe('status two');
		expect(reads.get(0)).toBe(2);
		expect(reads.get(1)).toBe(1);
	});
});

