import {describe, expect, it} from 'vitest';
import {encodeKey, encodePaste} from '../../../source/core/terminal/key-encoder.js';
import {HeadlessTerminal} from '../../../source/core/terminal/headless-terminal.js';
import {writeAndParse} from './support.js';

const normal = {applicationCursorKeys: false, kittyKeyboardFlags: 0};
const appCursor = {applicationCursorKeys: true, kittyKeyboardFlags: 0};
const kitty = {applicationCursorKeys: false, kittyKeyboardFlags: 1};

describe('encodeKey', () => {
	it('follows application cursor keys for arrows, home and end', () => {
		expect(encodeKey({name: 'up'}, normal)).toBe('\x1b[A');
		expect(encodeKey({name: 'up'}, appCursor)).toBe('\x1bOA');
		expect(encodeKey({name: 'end'}, appCursor)).toBe('\x1bOF');
		expect(encodeKey({name: 'left', ctrl: true}, appCursor)).toBe('\x1b[1;5D');
		expect(encodeKey({name: 'right', shift: true, alt: true}, normal)).toBe('\x1b[1;4C');
	});

	it('encodes function and editing keys with xterm modifiers', () => {
		expect(encodeKey({name: 'f1'}, normal)).toBe('\x1bOP');
		expect(encodeKey({name: 'f4', shift: true}, normal)).toBe('\x1b[1;2S');
		expect(encodeKey({name: 'f5'}, normal)).toBe('\x1b[15~');
		expect(encodeKey({name: 'f12', ctrl: true}, normal)).toBe('\x1b[24;5~');
		expect(encodeKey({name: 'pageup'}, normal)).toBe('\x1b[5~');
		expect(encodeKey({name: 'delete'}, normal)).toBe('\x1b[3~');
	});

	it('encodes the keys that differ by modifier in legacy mode', () => {
		expect(encodeKey({name: 'enter'}, normal)).toBe('\r');
		expect(encodeKey({name: 'enter', alt: true}, normal)).toBe('\x1b\r');
		expect(encodeKey({name: 'tab', shift: true}, normal)).toBe('\x1b[Z');
		expect(encodeKey({name: 'backspace'}, normal)).toBe('\x7f');
		expect(encodeKey({name: 'backspace', ctrl: true}, normal)).toBe('\x08');
		expect(encodeKey({name: 'escape'}, normal)).toBe('\x1b');
		expect(encodeKey({name: 'c', ctrl: true}, normal)).toBe('\x03');
		expect(encodeKey({name: '\\', ctrl: true}, normal)).toBe('\x1c');
		expect(encodeKey({name: 'x', alt: true}, normal)).toBe('\x1bx');
		expect(encodeKey({name: 'é'}, normal)).toBe('é');
	});

	it('disambiguates Escape, Shift+Enter and Ctrl combinations under the kitty protocol', () => {
		expect(encodeKey({name: 'escape'}, kitty)).toBe('\x1b[27u');
		expect(encodeKey({name: 'enter', shift: true}, kitty)).toBe('\x1b[13;2u');
		expect(encodeKey({name: 'enter'}, kitty)).toBe('\r');
		expect(encodeKey({name: 'c', ctrl: true}, kitty)).toBe('\x1b[99;5u');
		expect(encodeKey({name: 'up'}, kitty)).toBe('\x1b[A');
	});

	it('rejects names that are neither a key nor one character', () => {
		expect(() => encodeKey({name: 'bogus'}, normal)).toThrow(/bogus/);
	});

	it('uses the modes a real program switched on', async () => {
		const terminal = new HeadlessTerminal({cols: 20, rows: 5, kittyKeyboard: true});
		await writeAndParse(terminal, '\x1b[?1h\x1b[>1u');
		expect(encodeKey({name: 'down'}, terminal.modes)).toBe('\x1bOB');
		expect(encodeKey({name: 'escape'}, terminal.modes)).toBe('\x1b[27u');
		await writeAndParse(terminal, '\x1b[?1l\x1b[<u');
		expect(encodeKey({name: 'down'}, terminal.modes)).toBe('\x1b[B');
		expect(encodeKey({name: 'escape'}, terminal.modes)).toBe('\x1b');
		terminal.dispose();
	});
});

describe('encodePaste', () => {
	it('brackets pastes only when enabled and strips embedded end markers', () => {
		expect(encodePaste('a\nb', {bracketedPaste: true})).toBe('\x1b[200~a\nb\x1b[201~');
		expect(encodePaste('x\x1b[20\x1b[201~1~y', {bracketedPaste: true})).toBe('\x1b[200~xy\x1b[201~');
		expect(encodePaste('a\nb\r\nc', {bracketedPaste: false})).toBe('a\rb\rc');
	});
});
