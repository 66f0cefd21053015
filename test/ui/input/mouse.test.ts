import {describe, expect, it} from 'vitest';
import {decodeMouse, encodeMouse, splitMouseReports, type MouseEvent} from '../../../source/ui/input/mouse.js';

const press: MouseEvent = {button: 'left', action: 'press', x: 4, y: 2, shift: false, alt: false, ctrl: false};

describe('mouse reports', () => {
	it('decodes SGR and X10 reports, wheel and drags included', () => {
		expect(decodeMouse('\u001B[<0;5;3M')).toEqual(press);
		expect(decodeMouse('\u001B[<0;5;3m')).toMatchObject({button: 'left', action: 'release'});
		expect(decodeMouse('\u001B[<65;1;1M')).toMatchObject({button: 'wheel-down', action: 'press', x: 0, y: 0});
		expect(decodeMouse('\u001B[<36;2;2M')).toMatchObject({button: 'left', action: 'drag', shift: true});
		expect(decodeMouse('\u001B[M %#')).toMatchObject({button: 'left', action: 'press', x: 4, y: 2});
		expect(decodeMouse('\u001B[M#%#')).toMatchObject({action: 'release'});
	});

	it('encodes for the program\'s tracking mode and encoding', () => {
		expect(encodeMouse(press, 0, 0, 'vt200', 'sgr')).toBe('\u001B[<0;1;1M');
		expect(encodeMouse({...press, action: 'release'}, 0, 0, 'vt200', 'sgr')).toBe('\u001B[<0;1;1m');
		expect(encodeMouse({...press, action: 'release'}, 0, 0, 'vt200', 'default')).toBe('\u001B[M#!!');
		expect(encodeMouse({...press, ctrl: true}, 9, 9, 'vt200', 'urxvt')).toBe('\u001B[48;10;10M');
		expect(encodeMouse(press, 299, 0, 'vt200', 'utf8')).toBe(`\u001B[M ${String.fromCodePoint(332)}!`);
		// Motion only for the modes that asked for it; X10 mode only presses, without modifiers.
		expect(encodeMouse({...press, action: 'drag'}, 0, 0, 'vt200', 'sgr')).toBeUndefined();
		expect(encodeMouse({...press, action: 'drag'}, 0, 0, 'drag', 'sgr')).toBe('\u001B[<32;1;1M');
		expect(encodeMouse({...press, button: 'none', action: 'move'}, 0, 0, 'drag', 'sgr')).toBeUndefined();
		expect(encodeMouse({...press, button: 'none', action: 'move'}, 0, 0, 'any', 'sgr')).toBe('\u001B[<35;1;1M');
		expect(encodeMouse({...press, action: 'release'}, 0, 0, 'x10', 'default')).toBeUndefined();
		expect(encodeMouse({...press, shift: true}, 0, 0, 'x10', 'default')).toBe('\u001B[M !!');
		// Beyond what a byte can carry, the default encoding sends nothing rather than a wrong cell.
		expect(encodeMouse(press, 150, 0, 'vt200', 'default')).toBeUndefined();
		expect(encodeMouse(press, 0, 0, 'none', 'sgr')).toBeUndefined();
	});

	it('splits reports from typed text in order', () => {
		expect(splitMouseReports('ab\u001B[<0;1;1Mcd\u001B[M !!')).toEqual([
			{mouse: false, text: 'ab'},
			{mouse: true, text: '\u001B[<0;1;1M'},
			{mouse: false, text: 'cd'},
			{mouse: true, text: '\u001B[M !!'},
		]);
	});
});
