import {afterEach, describe, expect, it} from 'vitest';
import {HeadlessTerminal} from '../../../source/core/terminal/headless-terminal.js';
import {compileQuery} from '../../../source/core/terminal/history-query.js';
import {writeAndParse} from './support.js';

const terminals: HeadlessTerminal[] = [];

function create(cols = 20, rows = 5, scrollback = 100): HeadlessTerminal {
	const terminal = new HeadlessTerminal({cols, rows, scrollback});
	terminals.push(terminal);
	return terminal;
}

const numbers = (from: number, to: number) => Array.from({length: to - from + 1}, (_, i) => `${from + i}`).join('\r\n');

afterEach(() => {
	terminals.splice(0).forEach(t => t.dispose());
});

describe('terminal history', () => {
	it('reaches every line kept, the oldest at row 0', async () => {
		const terminal = create(20, 5, 100);
		await writeAndParse(terminal, numbers(1, 50));
		const {history} = terminal;
		expect(history.length).toBe(50);
		expect(history.screenTop).toBe(45);
		expect(history.text(0)).toBe('1');
		expect(history.text(49)).toBe('50');
	});

	it('finds every hit with smart case and regexes, and literal text that is no regex', async () => {
		const terminal = create(30, 5, 100);
		await writeAndParse(terminal, 'Error one\r\nerror two\r\nfoo(bar) error\r\n');
		const lower = compileQuery('error')!;
		expect(terminal.history.search(lower.regex).matches.map(m => [m.row, m.col])).toEqual([[0, 0], [1, 0], [2, 9]]);
		const upper = compileQuery('Error')!;
		expect(terminal.history.search(upper.regex).matches.map(m => [m.row, m.col])).toEqual([[0, 0]]);
		const regex = compileQuery('e.r+or t')!;
		expect(terminal.history.search(regex.regex).matches).toEqual([{row: 1, col: 0, endRow: 1, endCol: 7}]);
		const literal = compileQuery('foo(')!;
		expect(literal.literal).toBe(true);
		expect(terminal.history.search(literal.regex).matches).toEqual([{row: 2, col: 0, endRow: 2, endCol: 4}]);
	});

	it('matches text wrapped across rows and places it in cells, wide characters counted twice', async () => {
		const terminal = create(10, 5, 100);
		await writeAndParse(terminal, '0123456789abcdef\r\n日本語のテキスト\r\n');
		expect(terminal.history.search(compileQuery('89ab')!.regex).matches).toEqual([{row: 0, col: 8, endRow: 1, endCol: 2}]);
		// 日本語のテ fills row 2 (10 cells), キスト continues on row 3.
		expect(terminal.history.search(compileQuery('のテ')!.regex).matches).toEqual([{row: 2, col: 6, endRow: 2, endCol: 10}]);
		expect(terminal.history.search(compileQuery('スト')!.regex).matches).toEqual([{row: 3, col: 2, endRow: 3, endCol: 6}]);
	});

	it('keeps cached text right while the oldest lines are dropped', async () => {
		const terminal = create(20, 5, 20);
		await writeAndParse(terminal, numbers(1, 25));
		const first = terminal.history.text(0);
		expect(first).toBe('1');
		await writeAndParse(terminal, `\r\n${numbers(26, 30)}`);
		expect(terminal.history.text(0)).toBe('6');
		expect(terminal.history.search(compileQuery('^10$')!.regex).matches).toEqual([{row: 4, col: 0, endRow: 4, endCol: 2}]);
	});

	it('anchors follow their line as history is dropped, and report -1 once it is gone', async () => {
		const terminal = create(20, 5, 20);
		await writeAndParse(terminal, numbers(1, 25));
		const anchor = terminal.history.anchor(3);
		expect(terminal.history.text(anchor.row)).toBe('4');
		await writeAndParse(terminal, `\r\n${numbers(26, 27)}`);
		expect(anchor.row).toBe(1);
		expect(terminal.history.text(anchor.row)).toBe('4');
		await writeAndParse(terminal, `\r\n${numbers(28, 30)}`);
		expect(anchor.row).toBe(-1);
	});

	it('copies characters, whole rows and rectangles', async () => {
		const terminal = create(10, 5, 100);
		await writeAndParse(terminal, 'alpha beta\r\ngamma\r\n0123456789abc\r\n');
		const {history} = terminal;
		expect(history.selectedText({row: 0, col: 6}, {row: 1, col: 2}, 'char')).toBe('beta\ngam');
		expect(history.selectedText({row: 1, col: 4}, {row: 0, col: 6}, 'char')).toBe('beta\ngamma');
		expect(history.selectedText({row: 1, col: 2}, {row: 0, col: 0}, 'line')).toBe('alpha beta\ngamma');
		expect(history.selectedText({row: 0, col: 1}, {row: 1, col: 3}, 'block')).toBe('lph\namm');
		// A wrapped line copies as one line.
		expect(history.selectedText({row: 2, col: 0}, {row: 3, col: 9}, 'line')).toBe('0123456789abc');
	});

	it('reflows history on resize and keeps searching it', async () => {
		const terminal = create(10, 5, 100);
		await writeAndParse(terminal, `${'x'.repeat(15)}\r\n${numbers(1, 10)}`);
		terminal.resize(20, 5);
		expect(terminal.history.text(0)).toBe('x'.repeat(15));
		expect(terminal.history.search(compileQuery('^7$')!.regex).matches.length).toBe(1);
	});

	it('reads each row\'s text exactly as xterm does, wide, astral, combined and blank cells alike', async () => {
		const terminal = create(12, 4, 100);
		// Wrapped rows (text kept to the edge), CJK, an astral emoji, a ZWJ family, a combining accent, a flag, tabs,
		// erased cells in the middle, and blank rows.
		const lines = ['plain ascii text that wraps around', '漢字かな混じり', 'a😀b👩‍👩‍👧c', 'e\u0301 🇫🇷 x', 'tab\there', 'abc\u001B[5Cdef', '', '   '];
		await writeAndParse(terminal, lines.join('\r\n'));
		const {history} = terminal;
		const xterm = (terminal as unknown as {xterm: {buffer: {active: {getLine(row: number): {translateToString(trim: boolean): string; isWrapped: boolean} | undefined}}}}).xterm;
		const expected = (row: number) => xterm.buffer.active.getLine(row)!.translateToString(!(xterm.buffer.active.getLine(row + 1)?.isWrapped ?? false));
		// Rows above the screen come from the bulk fill (a search), the others one by one.
		history.search(/x/g);
		for (let row = 0; row < history.length; row++) expect({row, text: history.text(row)}).toEqual({row, text: expected(row)});
		expect(history.search(compileQuery('👩‍👩‍👧c')!.regex).matches).toHaveLength(1);
	});
});
