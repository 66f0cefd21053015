import {describe, expect, it} from 'vitest';
import {KeyParser, type KeyEvent} from '../../../source/ui/input/key-parser.js';
import {describeEvent} from './describe-event.js';
import {ManualClock} from './manual-clock.js';

function setup(options: {escapeTimeoutMs?: number; lateTailWindowMs?: number; pasteTimeoutMs?: number} = {}) {
	const clock = new ManualClock();
	const events: KeyEvent[] = [];
	const parser = new KeyParser(event => events.push(event), {...options, clock});
	const names = () => events.map(describeEvent);
	return {clock, events, parser, names};
}

/** Parses the chunks with no timeout in between and returns the described events. */
function parse(...chunks: Array<string | Uint8Array>): string[] {
	const {parser, names, clock} = setup();
	for (const chunk of chunks) parser.feed(typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : chunk);
	// Anything still held back would surface only on timeout; the cases below are all complete.
	expect(parser.waiting).toBe(false);
	expect(clock.pendingTimers).toBe(0);
	return names();
}

const utf8 = (text: string) => Buffer.from(text, 'utf8');

/** Real byte sequences as terminals send them (xterm, VTE, rxvt, Linux console, kitty), with the expected keys. */
const cases: Array<[string, Buffer, string[]]> = [
	['letter', utf8('a'), ['a']],
	['upper-case letter', utf8('A'), ['A']],
	['space', utf8(' '), ['space']],
	['digits and symbols', utf8('1?~'), ['1', '?', '~']],
	['Enter (CR)', utf8('\r'), ['enter']],
	['Ctrl+J (LF)', utf8('\n'), ['C-j']],
	['Tab', utf8('\t'), ['tab']],
	['Backspace (DEL)', utf8('\x7f'), ['backspace']],
	['Ctrl+H (BS)', utf8('\x08'), ['C-h']],
	['Ctrl+C', utf8('\x03'), ['C-c']],
	['Ctrl+\\', utf8('\x1c'), ['C-\\']],
	['Ctrl+]', utf8('\x1d'), ['C-]']],
	['Ctrl+Space', Buffer.from([0]), ['C-space']],
	['Up (normal cursor keys)', utf8('\x1b[A'), ['up']],
	['Up (application cursor keys)', utf8('\x1bOA'), ['up']],
	['all arrows', utf8('\x1b[A\x1b[B\x1b[C\x1b[D'), ['up', 'down', 'right', 'left']],
	['Ctrl+Up', utf8('\x1b[1;5A'), ['C-up']],
	['Shift+Left', utf8('\x1b[1;2D'), ['S-left']],
	['Alt+Right', utf8('\x1b[1;3C'), ['M-right']],
	['Ctrl+Alt+Shift+Down', utf8('\x1b[1;8B'), ['C-M-S-down']],
	['Meta bit counts as Alt', utf8('\x1b[1;9A'), ['M-up']],
	['old xterm SS3 modifier', utf8('\x1bO5A'), ['C-up']],
	['rxvt Shift+Up', utf8('\x1b[a'), ['S-up']],
	['rxvt Ctrl+Up', utf8('\x1bOa'), ['C-up']],
	['Home/End (xterm)', utf8('\x1b[H\x1b[F'), ['home', 'end']],
	['Home/End (application)', utf8('\x1bOH\x1bOF'), ['home', 'end']],
	['Home/End (VT220)', utf8('\x1b[1~\x1b[4~'), ['home', 'end']],
	['Home/End (rxvt)', utf8('\x1b[7~\x1b[8~'), ['home', 'end']],
	['Ctrl+Home', utf8('\x1b[1;5H'), ['C-home']],
	['Insert Delete PageUp PageDown', utf8('\x1b[2~\x1b[3~\x1b[5~\x1b[6~'), ['insert', 'delete', 'pageup', 'pagedown']],
	['Ctrl+Delete', utf8('\x1b[3;5~'), ['C-delete']],
	['rxvt Ctrl+Delete and Ctrl+Shift+Delete', utf8('\x1b[3^\x1b[3@'), ['C-delete', 'C-S-delete']],
	['F1-F4 (SS3)', utf8('\x1bOP\x1bOQ\x1bOR\x1bOS'), ['f1', 'f2', 'f3', 'f4']],
	['F1-F4 (VT220)', utf8('\x1b[11~\x1b[12~\x1b[13~\x1b[14~'), ['f1', 'f2', 'f3', 'f4']],
	['Shift+F1 and Ctrl+F3 (xterm)', utf8('\x1b[1;2P\x1b[1;5R'), ['S-f1', 'C-f3']],
	['F1-F5 (Linux console)', utf8('\x1b[[A\x1b[[B\x1b[[C\x1b[[D\x1b[[E'), ['f1', 'f2', 'f3', 'f4', 'f5']],
	['F5-F12', utf8('\x1b[15~\x1b[17~\x1b[18~\x1b[19~\x1b[20~\x1b[21~\x1b[23~\x1b[24~'),
		['f5', 'f6', 'f7', 'f8', 'f9', 'f10', 'f11', 'f12']],
	['Ctrl+F12', utf8('\x1b[24;5~'), ['C-f12']],
	['Shift+Tab', utf8('\x1b[Z'), ['S-tab']],
	['Alt+letter', utf8('\x1ba'), ['M-a']],
	['Alt+Shift+letter', utf8('\x1bA'), ['M-A']],
	['Alt+Backspace', utf8('\x1b\x7f'), ['M-backspace']],
	['Alt+Enter', utf8('\x1b\r'), ['M-enter']],
	['Alt+Ctrl+A', utf8('\x1b\x01'), ['C-M-a']],
	['Alt+] is a key, not a string', utf8('\x1b]x'), ['M-]', 'x']],
	['Alt+P is a key, not a DCS string', utf8('\x1bPq'), ['M-P', 'q']],
	['Alt+non-ASCII', utf8('\x1bé'), ['M-é']],
	['Alt+Up (ESC-prefixed sequence)', utf8('\x1b\x1b[A'), ['M-up']],
	['Alt+F1 (ESC-prefixed SS3)', utf8('\x1b\x1bOP'), ['M-f1']],
	['two-byte UTF-8', utf8('é'), ['é']],
	['three-byte UTF-8', utf8('€中'), ['€', '中']],
	['four-byte UTF-8', utf8('😀'), ['😀']],
	['mixed text and keys', utf8('ab\x1b[Acé'), ['a', 'b', 'up', 'c', 'é']],
	['focus in and out', utf8('\x1b[I\x1b[O'), ['focus-in', 'focus-out']],
	['bracketed paste', utf8('\x1b[200~hello\x1b[201~'), ['paste:hello']],
	['paste with escapes, newlines and UTF-8 inside', utf8('x\x1b[200~a\x1b[Ab\r\nc€\x1b[200~\x1b[201~y'), ['x', 'paste:a\x1b[Ab\r\nc€\x1b[200~', 'y']],
	['empty paste', utf8('\x1b[200~\x1b[201~'), ['paste:']],
	['kitty Ctrl+I is not Tab', utf8('\x1b[105;5u\t'), ['C-i', 'tab']],
	['kitty Shift+Enter', utf8('\x1b[13;2u'), ['S-enter']],
	['kitty key release is not a key press', utf8('\x1b[97;1:3u'), ['unknown']],
	['modifyOtherKeys Ctrl+I', utf8('\x1b[27;5;105~'), ['C-i']],
	['SGR mouse report', utf8('\x1b[<0;10;5M\x1b[<0;10;5m'), ['mouse', 'mouse']],
	['X10 mouse report with raw bytes', Buffer.from('\x1b[M !!a', 'latin1'), ['mouse', 'a']],
	['OSC colour reply ended by ST', utf8('\x1b]11;rgb:1e1e/1e1e/1e1e\x1b\\a'), ['report', 'a']],
	['OSC colour reply ended by BEL', utf8('\x1b]10;rgb:ffff/ffff/ffff\x07a'), ['report', 'a']],
	['DCS reply', utf8('\x1bP>|xterm(390)\x1b\\'), ['report']],
	['unknown private CSI (device attributes reply)', utf8('\x1b[?62;22c'), ['unknown']],
	['DECRQM reply with an intermediate', utf8('\x1b[?2026;2$yq'), ['unknown', 'q']],
	['unknown tilde key', utf8('\x1b[99~x'), ['unknown', 'x']],
	['cursor position report is not F3', utf8('\x1b[12;40R'), ['unknown']],
	['paste end marker without a start', utf8('\x1b[201~z'), ['unknown', 'z']],
];

describe('KeyParser', () => {
	describe.each(cases)('%s', (_label, bytes, expected) => {
		it('decodes the whole sequence', () => {
			expect(parse(bytes)).toEqual(expected);
		});

		it('decodes it split at every byte position', () => {
			for (let split = 1; split < bytes.length; split++) {
				expect(parse(bytes.subarray(0, split), bytes.subarray(split)), `split at ${split}`).toEqual(expected);
			}
		});

		it('decodes it fed one byte at a time', () => {
			expect(parse(...[...bytes].map(byte => Uint8Array.of(byte)))).toEqual(expected);
		});
	});

	it('reports sequences and text exactly', () => {
		const {parser, events} = setup();
		parser.feed('é\x1b[1;5A\x1bxq');
		expect(events).toEqual([
			{name: 'é', ctrl: false, alt: false, shift: false, sequence: 'é', text: 'é'},
			{name: 'up', ctrl: true, alt: false, shift: false, sequence: '\x1b[1;5A'},
			{name: 'x', ctrl: false, alt: true, shift: false, sequence: '\x1bx'},
			{name: 'q', ctrl: false, alt: false, shift: false, sequence: 'q', text: 'q'},
		]);
	});

	it('delivers a large paste fed in small chunks as one event', () => {
		const content = 'line of pasted text ünïcödé\r\n'.repeat(500);
		const bytes = utf8(`\x1b[200~${content}\x1b[201~`);
		const {parser, events, clock} = setup();
		for (let offset = 0; offset < bytes.length; offset += 7) parser.feed(bytes.subarray(offset, offset + 7));
		expect(events).toHaveLength(1);
		expect(events[0].name).toBe('paste');
		expect(events[0].text).toBe(content);
		expect(clock.pendingTimers).toBe(0);
	});

	it('does not end a paste on a partial end marker', () => {
		expect(parse('\x1b[200~a\x1b[201', 'b\x1b[201~')).toEqual(['paste:a\x1b[201b']);
	});

	it('does not time out inside a paste while the escape timeout passes', () => {
		const {parser, clock, names} = setup();
		parser.feed('\x1b[200~abc\x1b');
		clock.advance(500);
		expect(names()).toEqual([]);
		parser.feed('[201~');
		expect(names()).toEqual(['paste:abc']);
	});

	it('gives up a paste whose end marker never comes, delivering what arrived', () => {
		const {parser, clock, names} = setup({pasteTimeoutMs: 2000});
		parser.feed('\x1b[200~abc');
		clock.advance(1999);
		expect(names()).toEqual([]);
		clock.advance(1);
		expect(names()).toEqual(['paste:abc']);
		parser.feed('q');
		expect(names()).toEqual(['paste:abc', 'q']);
	});

	describe('escape timeout', () => {
		it('reports a lone ESC as Escape once the timeout passes', () => {
			const {parser, clock, names} = setup({escapeTimeoutMs: 100});
			parser.feed('\x1b');
			clock.advance(99);
			expect(names()).toEqual([]);
			expect(parser.waiting).toBe(true);
			clock.advance(1);
			expect(names()).toEqual(['escape']);
			expect(parser.waiting).toBe(false);
			expect(clock.pendingTimers).toBe(0);
		});

		it('defaults to 100 ms', () => {
			const {parser, clock, names} = setup();
			parser.feed('\x1b');
			clock.advance(99);
			expect(names()).toEqual([]);
			clock.advance(1);
			expect(names()).toEqual(['escape']);
		});

		it('joins ESC and the rest of a sequence arriving in a later read within the timeout', () => {
			const {parser, clock, names} = setup();
			parser.feed('\x1b');
			clock.advance(90);
			parser.feed('[');
			clock.advance(90);
			parser.feed('1;5A');
			expect(names()).toEqual(['C-up']);
		});

		it('restarts the timeout with every read', () => {
			const {parser, clock, names} = setup();
			parser.feed('\x1b[');
			clock.advance(90);
			parser.feed('1');
			clock.advance(90);
			expect(names()).toEqual([]);
			clock.advance(10);
			expect(names()).toEqual(['unknown']);
		});

		it('reports ESC followed by a key as Alt+key, and Escape before a key that comes too late', () => {
			const {parser, clock, names} = setup({lateTailWindowMs: 0});
			parser.feed('\x1b');
			clock.advance(100);
			parser.feed('a');
			expect(names()).toEqual(['escape', 'a']);
		});

		it('reports ESC [ cut off as Alt+[ and ESC O as Alt+O', () => {
			const {parser, clock, names} = setup();
			parser.feed('\x1b[');
			clock.advance(100);
			parser.feed('\x1bO');
			clock.advance(100);
			expect(names()).toEqual(['M-[', 'M-O']);
		});

		it('drops a cut-off sequence with parameters instead of typing its digits', () => {
			const {parser, clock, names} = setup({lateTailWindowMs: 0});
			parser.feed('\x1b[1;');
			clock.advance(100);
			parser.feed('x');
			expect(names()).toEqual(['unknown', 'x']);
		});

		it('takes a sequence tail that arrives after its ESC timed out as the key it encodes', () => {
			const {parser, clock, names} = setup();
			parser.feed('\x1b');
			clock.advance(150);
			parser.feed('[1;5A');
			expect(names()).toEqual(['escape', 'C-up']);
			parser.feed('[A');
			expect(names()).toEqual(['escape', 'C-up', '[', 'A']);
		});

		it('types a late [ as text once the late-tail window has passed', () => {
			const {parser, clock, names} = setup({lateTailWindowMs: 1000});
			parser.feed('\x1b');
			clock.advance(100);
			clock.advance(1001);
			parser.feed('[A');
			expect(names()).toEqual(['escape', '[', 'A']);
		});

		it('reports ESC ESC as Alt+Escape', () => {
			const {parser, clock, names} = setup();
			parser.feed('\x1b\x1b');
			clock.advance(100);
			expect(names()).toEqual(['M-escape']);
		});

		it('reports an incomplete UTF-8 character as unknown after the timeout', () => {
			const {parser, clock, names} = setup();
			parser.feed(Uint8Array.of(0xe2, 0x82));
			clock.advance(100);
			expect(names()).toEqual(['unknown']);
		});

		it('resolves held bytes at once on flush', () => {
			const {parser, clock, names} = setup();
			parser.feed('\x1b');
			parser.flush();
			expect(names()).toEqual(['escape']);
			expect(clock.pendingTimers).toBe(0);
		});

		it('forgets held bytes on reset', () => {
			const {parser, clock, names} = setup();
			parser.feed('\x1b[1;');
			parser.reset();
			clock.advance(500);
			parser.feed('x');
			expect(names()).toEqual(['x']);
			expect(parser.waiting).toBe(false);
		});
	});

	describe('malformed input', () => {
		it('drops a sequence interrupted by a control byte and keeps the byte', () => {
			expect(parse('\x1b[1;\x03')).toEqual(['unknown', 'C-c']);
		});

		it('drops a sequence interrupted by ESC and parses what follows', () => {
			expect(parse('\x1b[12\x1b[B')).toEqual(['unknown', 'down']);
		});

		it('gives up an overlong sequence without swallowing what follows it', () => {
			const names = parse(`\x1b[${'1;'.repeat(100)}Ax`);
			expect(names[0]).toBe('unknown');
			expect(names.at(-1)).toBe('x');
			expect(names).not.toContain('up');
		});

		it('reports invalid UTF-8 bytes as unknown, one at a time', () => {
			expect(parse(Uint8Array.of(0xff, 0x61, 0xc3, 0x28))).toEqual(['unknown', 'a', 'unknown', '(']);
		});

		it('waits for the end of a terminal string split across reads', () => {
			expect(parse('\x1b]11;rgb:00', '00/0000/0000\x1b', '\\k')).toEqual(['report', 'k']);
		});
	});
});
