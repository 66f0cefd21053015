import {afterEach, describe, expect, it} from 'vitest';
import {COLOR_PALETTE16, FLAG_BOLD} from '../../../source/core/terminal/cells.js';
import {HeadlessTerminal, type HeadlessTerminalOptions} from '../../../source/core/terminal/headless-terminal.js';
import {writeAndParse} from './support.js';

const terminals: HeadlessTerminal[] = [];

function create(options: Partial<HeadlessTerminalOptions> = {}): HeadlessTerminal {
	const terminal = new HeadlessTerminal({cols: 40, rows: 10, ...options});
	terminals.push(terminal);
	return terminal;
}

function collectResponses(terminal: HeadlessTerminal): string[] {
	const responses: string[] = [];
	terminal.onResponse(data => responses.push(data));
	return responses;
}

afterEach(() => {
	terminals.splice(0).forEach(t => t.dispose());
});

describe('query responder', () => {
	it("answers Codex's startup queries within the write that asked them", async () => {
		const terminal = create({colors: {foreground: '#c0c0c0', background: '#101820'}, kittyKeyboard: true});
		const responses = collectResponses(terminal);
		let answeredWhenParsed = 0;
		await new Promise<void>(resolve => {
			terminal.write('\x1b[?u\x1b[c\x1b[6n\x1b]10;?\x1b\\\x1b]11;?\x07', () => {
				answeredWhenParsed = responses.length;
				resolve();
			});
		});
		expect(answeredWhenParsed).toBe(5);
		expect(responses).toEqual([
			'\x1b[?0u',
			'\x1b[?1;2c',
			'\x1b[1;1R',
			'\x1b]10;rgb:c0c0/c0c0/c0c0\x1b\\',
			'\x1b]11;rgb:1010/1818/2020\x1b\\',
		]);
	});

	it('answers DA1 and DECRQM inside the write call that brings them, even split between two writes', async () => {
		const terminal = create();
		const responses = collectResponses(terminal);
		await writeAndParse(terminal, 'earlier output\r\n');
		terminal.write('bye\x1b[?2026$p\x1b[c');
		expect(responses).toEqual(['\x1b[?2026;2$y', '\x1b[?1;2c']);
		await writeAndParse(terminal, 'more\r\n');
		terminal.write('\x1b[?20');
		terminal.write('26$p');
		expect(responses.slice(2)).toEqual(['\x1b[?2026;2$y']);
	});

	it('parses plain output within the write call too, so no chunk waits on a timer', () => {
		const terminal = create({cols: 30, rows: 2});
		const parsed: string[] = [];
		terminal.write('plain text', () => parsed.push('first'));
		terminal.write(new Uint8Array(5000).fill(0x41), () => parsed.push('second'));
		expect(parsed).toEqual(['first', 'second']);
		expect(terminal.screenText()[1]).toBe('A'.repeat(30));
	});

	it('answers XTVERSION with the agentgrid version and leaves DA2 and DSR to xterm', async () => {
		const terminal = create({version: '1.4.2'});
		const responses = collectResponses(terminal);
		await writeAndParse(terminal, 'ab\x1b[>0q\x1b[>q\x1b[>c\x1b[5n');
		expect(responses[0]).toBe('\x1bP>|agentgrid(1.4.2)\x1b\\');
		expect(responses[1]).toBe('\x1bP>|agentgrid(1.4.2)\x1b\\');
		expect(responses[2]).toMatch(/^\x1b\[>\d+;\d+;\d+c$/);
		expect(responses[3]).toBe('\x1b[0n');
	});

	it('answers OSC 4 palette queries, OSC 10;?;? for both colours, and reads back a colour the program set', async () => {
		const terminal = create({colors: {foreground: '#ffffff', background: '#000000', palette: ['#010203']}});
		const responses = collectResponses(terminal);
		await writeAndParse(terminal, '\x1b]4;0;?;1;?;196;?\x07\x1b]10;?;?\x07\x1b]11;#223344\x07\x1b]11;?\x07\x1b]111\x07\x1b]11;?\x07');
		expect(responses).toEqual([
			'\x1b]4;0;rgb:0101/0202/0303\x1b\\',
			'\x1b]4;1;rgb:cdcd/0000/0000\x1b\\',
			'\x1b]4;196;rgb:ffff/0000/0000\x1b\\',
			'\x1b]10;rgb:ffff/ffff/ffff\x1b\\',
			'\x1b]11;rgb:0000/0000/0000\x1b\\',
			'\x1b]11;rgb:2222/3333/4444\x1b\\',
			'\x1b]11;rgb:0000/0000/0000\x1b\\',
		]);
	});

	it('leaves the kitty keyboard query unanswered, as tmux does, while the outer terminal does not speak it', async () => {
		const terminal = create();
		const responses = collectResponses(terminal);
		await writeAndParse(terminal, '\x1b[>1u\x1b[?u\x1b[c');
		expect(responses).toEqual(['\x1b[?1;2c']);
		expect(terminal.modes.kittyKeyboardFlags).toBe(0);
		// Claimed once a terminal that speaks it attaches: the flags pushed before count from then on.
		terminal.setKittyKeyboard(true);
		await writeAndParse(terminal, '\x1b[?u');
		expect(responses[1]).toBe('\x1b[?1u');
		expect(terminal.modes.kittyKeyboardFlags).toBe(1);
	});

	it('answers the kitty keyboard query with the flags of the current screen', async () => {
		const terminal = create({kittyKeyboard: true});
		const responses = collectResponses(terminal);
		await writeAndParse(terminal, '\x1b[>1u\x1b[>3u\x1b[?u\x1b[?1049h\x1b[?u\x1b[>5u\x1b[?u\x1b[?1049l\x1b[?u\x1b[<u\x1b[?u\x1b[=8;2u\x1b[?u\x1b[<5u\x1b[?u');
		expect(responses).toEqual(['\x1b[?3u', '\x1b[?0u', '\x1b[?5u', '\x1b[?3u', '\x1b[?1u', '\x1b[?9u', '\x1b[?0u']);
	});
});

describe('mode tracking', () => {
	it('follows the modes agents switch on and off', async () => {
		const terminal = create({kittyKeyboard: true});
		expect(terminal.modes).toEqual({
			cursorVisible: true, applicationCursorKeys: false, applicationKeypad: false, bracketedPaste: false,
			synchronizedOutput: false, mouseTracking: 'none', mouseEncoding: 'default', focusEvents: false,
			alternateScreen: false, kittyKeyboardFlags: 0,
		});
		// Codex-like startup: alternate screen, sync output, SGR mouse with any-event tracking, kitty flags.
		await writeAndParse(terminal, '\x1b[?1049h\x1b[?2026h\x1b[?1003h\x1b[?1006h\x1b[>7u\x1b[?25l\x1b[?1h\x1b=\x1b[?2004h\x1b[?1004h');
		expect(terminal.modes).toEqual({
			cursorVisible: false, applicationCursorKeys: true, applicationKeypad: true, bracketedPaste: true,
			synchronizedOutput: true, mouseTracking: 'any', mouseEncoding: 'sgr', focusEvents: true,
			alternateScreen: true, kittyKeyboardFlags: 7,
		});
		await writeAndParse(terminal, '\x1b[?2026l\x1b[?1003l\x1b[?1000h\x1b[?1006l\x1b[?1015h\x1b[?1049l');
		expect(terminal.modes).toMatchObject({synchronizedOutput: false, mouseTracking: 'vt200', mouseEncoding: 'urxvt', alternateScreen: false, kittyKeyboardFlags: 0});
		await writeAndParse(terminal, '\x1bc');
		expect(terminal.modes).toMatchObject({cursorVisible: true, mouseTracking: 'none', mouseEncoding: 'default', bracketedPaste: false, applicationCursorKeys: false});
	});

	it('reports titles, bells and notifications but not OSC 9;4 progress', async () => {
		const terminal = create();
		const titles: string[] = [];
		const notifications: string[] = [];
		let bells = 0;
		terminal.onTitle(title => titles.push(title));
		terminal.onNotification(text => notifications.push(text));
		terminal.onBell(() => bells++);
		await writeAndParse(terminal, '\x1b]0;✳ Claude Code\x07\x1b]2;⠂ Working\x1b\\\x07\x1b]9;Task done\x07\x1b]9;4;1;50\x07\x1b]777;notify;Codex;Needs approval\x07');
		expect(titles).toEqual(['✳ Claude Code', '⠂ Working']);
		expect(terminal.title).toBe('⠂ Working');
		expect(bells).toBe(1);
		expect(notifications).toEqual(['Task done', 'Codex: Needs approval']);
	});
});

describe('screen state', () => {
	it('reports the cursor in viewport coordinates, clamped while a wrap is pending', async () => {
		const terminal = create({cols: 10, rows: 3});
		await writeAndParse(terminal, '0123456789');
		expect(terminal.cursor).toEqual({x: 9, y: 0, visible: true});
		await writeAndParse(terminal, '\r\n\n\n\nlast\x1b[?25l');
		expect(terminal.cursor).toEqual({x: 4, y: 2, visible: false});
	});

	it('reads cells with colours and attributes, and plain text per row', async () => {
		const terminal = create({cols: 12, rows: 2});
		await writeAndParse(terminal, '\x1b[1;32mok\x1b[0m 中\r\n\x1b[41m  \x1b[0m');
		const row = terminal.readRow(0);
		expect(row.fg[0]).toBe(COLOR_PALETTE16 | 2);
		expect(row.flags[0]).toBe(FLAG_BOLD);
		expect([row.chars[3], row.widths[3], row.chars[4], row.widths[4]]).toEqual(['中', 2, '', 0]);
		expect(terminal.readRow(1).bg[1]).toBe(COLOR_PALETTE16 | 1);
		expect(terminal.screenText()).toEqual(['ok 中', '']);
	});

	it('reflows on resize and keeps the main screen separate from the alternate one', async () => {
		const terminal = create({cols: 10, rows: 4});
		// xterm leaves the cursor's own line alone on resize (shells redraw it), so end on the next line.
		await writeAndParse(terminal, 'abcdefghij12345\r\n');
		terminal.resize(20, 4);
		expect(terminal.screenText()[0]).toBe('abcdefghij12345');
		await writeAndParse(terminal, '\x1b[?1049h\x1b[2J\x1b[Halt screen');
		expect(terminal.screenText()).toEqual(['alt screen', '', '', '']);
		await writeAndParse(terminal, '\x1b[?1049l');
		expect(terminal.screenText()[0]).toBe('abcdefghij12345');
		expect(terminal.cols).toBe(20);
	});

	it('survives erase-above from the bottom-right cell of a screen without scrollback', async () => {
		const terminal = create({cols: 10, rows: 3});
		await writeAndParse(terminal, '\x1b[?1049habc\r\nde\x1b[3;10H\x1b[1J\x1b[Hafter');
		expect(terminal.screenText()).toEqual(['after', '', '']);
	});

	it('ignores writes after dispose', () => {
		const terminal = new HeadlessTerminal({cols: 10, rows: 2});
		terminal.dispose();
		expect(() => terminal.write('late')).not.toThrow();
	});
});

describe('dirty rows', () => {
	it('reports everything first, then only what changed', async () => {
		const terminal = create({cols: 20, rows: 5});
		expect(terminal.takeDirtyRows()).toEqual({all: true, rows: [0, 1, 2, 3, 4]});
		expect(terminal.takeDirtyRows()).toEqual({all: false, rows: []});
		await writeAndParse(terminal, '\x1b[3;5Hx');
		expect(terminal.takeDirtyRows()).toEqual({all: false, rows: [2]});
		// Rewriting identical content is not a change.
		await writeAndParse(terminal, '\x1b[3;5Hx');
		expect(terminal.takeDirtyRows()).toEqual({all: false, rows: []});
		await writeAndParse(terminal, '\x1b[1;1H\x1b[31ma\x1b[5;1Hb');
		expect(terminal.takeDirtyRows()).toEqual({all: false, rows: [0, 4]});
	});

	it('sees scrolling, scroll regions, combining marks, resizes and screen switches', async () => {
		const terminal = create({cols: 20, rows: 4});
		await writeAndParse(terminal, 'one\r\ntwo\r\nthree\r\nfour');
		terminal.takeDirtyRows();
		await writeAndParse(terminal, '\r\nfive');
		expect(terminal.takeDirtyRows().rows).toEqual([0, 1, 2, 3]);
		await writeAndParse(terminal, '\x1b[2;3r\x1b[3;1H\n\x1b[r');
		expect(terminal.takeDirtyRows().rows).toEqual([1, 2]);
		await writeAndParse(terminal, '\x1b[1;1He\u0301');
		terminal.takeDirtyRows();
		await writeAndParse(terminal, '\x1b[1;1He\u0300');
		expect(terminal.takeDirtyRows().rows).toEqual([0]);
		terminal.resize(25, 4);
		expect(terminal.takeDirtyRows()).toEqual({all: true, rows: [0, 1, 2, 3]});
		await writeAndParse(terminal, '\x1b[?1049h');
		expect(terminal.takeDirtyRows().all).toBe(true);
	});

	it('fires onParsed after written data was parsed', async () => {
		const terminal = create();
		let parsed = 0;
		terminal.onParsed(() => parsed++);
		await writeAndParse(terminal, 'x');
		expect(parsed).toBeGreaterThan(0);
	});
});

describe('echo fast path', () => {
	it('parses a typed key\'s echo within the write call, and every write after it', () => {
		const terminal = new HeadlessTerminal({cols: 20, rows: 2});
		const parsed: string[] = [];
		terminal.write('x', () => parsed.push('x'));
		terminal.write('y', () => parsed.push('y'));
		expect(parsed).toEqual(['x', 'y']);
		expect(terminal.screenText()[0]).toBe('xy');
		terminal.dispose();
	});
});
