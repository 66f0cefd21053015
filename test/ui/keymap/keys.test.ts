import {describe, expect, it} from 'vitest';
import {AgentgridError} from '../../../source/core/errors.js';
import {KeyParser, type KeyEvent} from '../../../source/ui/input/key-parser.js';
import {keyLabel, keyOf, parseKey} from '../../../source/ui/keymap/index.js';

function keysOf(bytes: string): string[] {
	const events: KeyEvent[] = [];
	const parser = new KeyParser(event => events.push(event));
	parser.feed(Buffer.from(bytes, 'latin1'));
	parser.flush();
	return events.map(keyOf);
}

describe('parseKey', () => {
	it('canonicalises names, aliases and modifiers', () => {
		expect(parseKey('h')).toBe('h');
		expect(parseKey('Left')).toBe('left');
		expect(parseKey('ESC')).toBe('escape');
		expect(parseKey('Return')).toBe('enter');
		expect(parseKey('PgUp')).toBe('pageup');
		expect(parseKey('BSpace')).toBe('backspace');
		expect(parseKey('BTab')).toBe('S-tab');
		expect(parseKey('F5')).toBe('f5');
		expect(parseKey(' ')).toBe('space');
		expect(parseKey('C-\\')).toBe('C-\\');
		expect(parseKey('Ctrl+X')).toBe('C-x');
		expect(parseKey('ctrl-x')).toBe('C-x');
		expect(parseKey('M-C-up')).toBe('C-M-up');
		expect(parseKey('Shift+Tab')).toBe('S-tab');
		expect(parseKey('S-a')).toBe('A');
		expect(parseKey('S-A')).toBe('A');
		expect(parseKey('-')).toBe('-');
		expect(parseKey('C--')).toBe('C--');
		expect(parseKey('+')).toBe('+');
		expect(parseKey('é')).toBe('é');
	});

	it('rejects what is not a key, with the notation in the hint', () => {
		for (const bad of ['', 'lft', 'C-', 'Hyper+a', 'f13', '\x03', 'ab']) {
			let error: unknown;
			try {
				parseKey(bad);
			} catch (caught) {
				error = caught;
			}
			expect(error, bad).toBeInstanceOf(AgentgridError);
			expect((error as AgentgridError).code).toBe('keymap-invalid-key');
			expect((error as AgentgridError).hint).toContain('C-x');
		}
	});
});

describe('keyOf', () => {
	it('names parsed key presses in the notation the keymap uses', () => {
		expect(keysOf('hL?1 \r\t\x7f\x08')).toEqual(['h', 'L', '?', '1', 'space', 'enter', 'tab', 'backspace', 'C-h']);
		expect(keysOf('\x1b[A\x1bOB\x1b[1;5C\x1b[1;2D\x1b[Z\x1bOP\x1b[24;3~')).toEqual(['up', 'down', 'C-right', 'S-left', 'S-tab', 'f1', 'M-f12']);
		expect(keysOf('\x1c\x1bx\x1bX\x1b')).toEqual(['C-\\', 'M-x', 'M-X', 'escape']);
	});

	it('agrees with parseKey for what people write in settings', () => {
		const pairs: Array<[string, string]> = [
			['C-\\', '\x1c'], ['Ctrl+a', '\x01'], ['M-a', '\x1ba'], ['S-Tab', '\x1b[Z'], ['Ctrl+Up', '\x1b[1;5A'], ['Z', 'Z'],
			['Esc', '\x1b'], ['Enter', '\r'], ['F10', '\x1b[21~'], ['PageDown', '\x1b[6~'], ['C-Space', '\x00'],
		];
		for (const [spec, bytes] of pairs) expect(keysOf(bytes), spec).toEqual([parseKey(spec)]);
	});
});

describe('keyLabel', () => {
	it('shows keys the way keycaps read', () => {
		expect(keyLabel('C-\\')).toBe('Ctrl+\\');
		expect(keyLabel('left')).toBe('←');
		expect(keyLabel('S-tab')).toBe('Shift+Tab');
		expect(keyLabel('C-a')).toBe('Ctrl+A');
		expect(keyLabel('M-A')).toBe('Alt+Shift+A');
		expect(keyLabel('escape')).toBe('Esc');
		expect(keyLabel('f12')).toBe('F12');
		expect(keyLabel('q')).toBe('q');
		expect(keyLabel('?')).toBe('?');
		expect(keyLabel('C-M-up')).toBe('Ctrl+Alt+↑');
	});
});
