import {describe, expect, it} from 'vitest';
import {editLine, visibleWindow, type LineKey, type LineState} from '../../../source/ui/components/text-field/line-editor.js';

const none: LineKey = {ctrl: false, meta: false, leftArrow: false, rightArrow: false, home: false, end: false, backspace: false, delete: false};
const ctrl = (input: string): [string, LineKey] => [input, {...none, ctrl: true}];
const alt = (input: string): [string, LineKey] => [input, {...none, meta: true}];
const named = (flag: keyof LineKey, patch: Partial<LineKey> = {}): [string, LineKey] => ['', {...none, [flag]: true, ...patch}];
const text = (input: string): [string, LineKey] => [input, none];

/** Applies keys in order; `|` in the expectation marks the cursor. */
function run(start: string, ...keys: Array<[string, LineKey]>): string {
	let state: LineState = {value: start.replace('|', ''), cursor: start.indexOf('|') < 0 ? [...start].length : [...start.slice(0, start.indexOf('|'))].length};
	for (const [input, key] of keys) state = editLine(state, input, key) ?? state;
	const chars = [...state.value];
	return `${chars.slice(0, state.cursor).join('')}|${chars.slice(state.cursor).join('')}`;
}

describe('editLine', () => {
	it('types where the cursor is, which starts at the end of the text', () => {
		expect(run('say-hello', text('!'))).toBe('say-hello!|');
		expect(run('say-hello', named('backspace'), named('backspace'), text('p'))).toBe('say-help|');
		expect(run('ab|cd', text('X'))).toBe('abX|cd');
	});

	it('moves to the ends with Home/End and Ctrl+A/E, by character with arrows and Ctrl+B/F', () => {
		expect(run('hello', named('home'), text('>'))).toBe('>|hello');
		expect(run('he|llo', named('end'))).toBe('hello|');
		expect(run('hello', ctrl('a'))).toBe('|hello');
		expect(run('|hello', ctrl('e'))).toBe('hello|');
		expect(run('hello', named('leftArrow'), named('leftArrow'), ctrl('b'), ctrl('f'))).toBe('hel|lo');
		expect(run('|hi', named('leftArrow'))).toBe('|hi');
		expect(run('hi|', named('rightArrow'))).toBe('hi|');
	});

	it('moves by word with Alt+B/F and Ctrl+arrows', () => {
		expect(run('fix the login-form|', alt('b'))).toBe('fix the login-|form');
		expect(run('fix the login-form|', alt('b'), alt('b'), alt('b'))).toBe('fix |the login-form');
		expect(run('|fix the login', alt('f'), alt('f'))).toBe('fix the| login');
		expect(run('fix the|', named('leftArrow', {ctrl: true}))).toBe('fix |the');
	});

	it('kills with Ctrl+U/K/W and Alt+D/Backspace, and yanks the last kill with Ctrl+Y', () => {
		expect(run('fix the| login', ctrl('u'))).toBe('| login');
		expect(run('fix the| login', ctrl('k'))).toBe('fix the|');
		expect(run('fix the login-form|', ctrl('w'))).toBe('fix the |');
		expect(run('fix the login-form|', named('backspace', {meta: true}))).toBe('fix the login-|');
		expect(run('fix |the login', alt('d'))).toBe('fix | login');
		expect(run('fix the| login', ctrl('u'), ctrl('e'), ctrl('y'))).toBe(' loginfix the|');
	});

	it('deletes under the cursor with Delete and Ctrl+D, before it with Ctrl+H', () => {
		expect(run('ab|cd', named('delete'))).toBe('ab|d');
		expect(run('ab|cd', ctrl('d'))).toBe('ab|d');
		expect(run('ab|cd', ctrl('h'))).toBe('a|cd');
		expect(run('|ab', named('backspace'))).toBe('|ab');
		expect(run('ab|', named('delete'))).toBe('ab|');
	});

	it('never inserts a control key as a letter, and takes a paste as one line', () => {
		expect(run('name', ctrl('x'), ctrl('g'), alt('z'))).toBe('name|');
		expect(run('a|', text('one\ntwo\r\nthree\u0007'))).toBe('aone two three|');
	});

	it('keeps characters whole: a cursor never lands inside one', () => {
		expect(run('日本😀', named('leftArrow'), named('backspace'))).toBe('日|😀');
		expect(run('日本😀', named('backspace'))).toBe('日本|');
	});

	it('leaves Enter, Tab, Esc and ↑/↓ to the form', () => {
		for (const flag of ['return', 'tab', 'escape', 'upArrow', 'downArrow'] as const) expect(editLine({value: 'x', cursor: 1}, '', {...none, [flag]: true})).toBeUndefined();
	});
});

describe('visibleWindow', () => {
	it('scrolls sideways to keep the cursor in view', () => {
		expect(visibleWindow('abcdef', 6, 4)).toEqual({start: 3, text: 'def', cursor: 3});
		expect(visibleWindow('abcdef', 0, 4)).toEqual({start: 0, text: 'abcd', cursor: 0});
		expect(visibleWindow('abc', 3, 10)).toEqual({start: 0, text: 'abc', cursor: 3});
	});
});
