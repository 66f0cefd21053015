import {codepointKey, decodeModifier, keyEvent, type KeyEvent, type Modifiers} from './key-event.js';

/** Keys whose CSI/SS3 form ends in a letter: `ESC [ A`, `ESC [ 1 ; 5 A`, `ESC O A`. */
const letterKeys: Record<string, string> = {
	A: 'up',
	B: 'down',
	C: 'right',
	D: 'left',
	E: 'begin',
	F: 'end',
	H: 'home',
	P: 'f1',
	Q: 'f2',
	R: 'f3',
	S: 'f4',
};

/** Keys of the `ESC [ n ~` form (xterm, VT220, rxvt and the Linux console all use this numbering). */
const tildeKeys: Record<number, string> = {
	1: 'home',
	2: 'insert',
	3: 'delete',
	4: 'end',
	5: 'pageup',
	6: 'pagedown',
	7: 'home',
	8: 'end',
	11: 'f1',
	12: 'f2',
	13: 'f3',
	14: 'f4',
	15: 'f5',
	17: 'f6',
	18: 'f7',
	19: 'f8',
	20: 'f9',
	21: 'f10',
	23: 'f11',
	24: 'f12',
};

/** Application-keypad keys sent as SS3 (`ESC O p` is keypad 0) that type a character. */
const keypadText: Record<string, string> = {
	j: '*',
	k: '+',
	l: ',',
	m: '-',
	n: '.',
	o: '/',
	X: '=',
	p: '0',
	q: '1',
	r: '2',
	s: '3',
	t: '4',
	u: '5',
	v: '6',
	w: '7',
	x: '8',
	y: '9',
};

/** rxvt's modified arrows: lower-case finals, Shift after CSI and Ctrl after SS3. */
const rxvtArrows: Record<string, string> = {a: 'up', b: 'down', c: 'right', d: 'left'};

export interface CsiParts {
	/** Parameter bytes (0x30-0x3f) as a string, e.g. '1;5' or '?2026;2'. */
	parameters: string;
	/** Intermediate bytes (0x20-0x2f). */
	intermediates: string;
	/** The final byte as a character. */
	final: string;
}

/**
 * The event a complete CSI sequence stands for. Paste markers are handled by the parser before this; anything not
 * recognised becomes 'unknown' (consumed, never typed as text).
 */
export function decodeCsi({parameters, intermediates, final}: CsiParts, sequence: string): KeyEvent {
	const unknown = keyEvent('unknown', sequence);
	if (/^[<=>?]/.test(parameters)) {
		return parameters.startsWith('<') && (final === 'M' || final === 'm') ? keyEvent('mouse', sequence) : unknown;
	}
	if (intermediates !== '') return unknown;
	const fields = parameters.split(';');
	if (fields.some(field => !/^[0-9:]*$/.test(field))) return unknown;
	if (final === 'I' && parameters === '') return keyEvent('focus-in', sequence);
	if (final === 'O' && parameters === '') return keyEvent('focus-out', sequence);
	if (final === 'Z') return keyEvent('tab', sequence, {...decodeModifier(fields[1]), shift: true});
	const letter = letterKeys[final];
	if (letter) {
		// `CSI A` or `CSI 1 ; mods A`; a first parameter other than 1 is not a key (e.g. a cursor position report).
		if (parameters !== '' && fields[0] !== '1' && fields[0] !== '') return unknown;
		return keyEvent(letter, sequence, decodeModifier(fields[1]));
	}
	if (parameters === '' && rxvtArrows[final]) return keyEvent(rxvtArrows[final], sequence, {shift: true});
	const first = Number.parseInt(fields[0], 10);
	if (final === '~' || final === '^' || final === '@') {
		if (final === '~' && first === 27 && fields.length >= 3) {
			// xterm modifyOtherKeys: CSI 27 ; mods ; code ~
			return codepointKey(Number.parseInt(fields[2], 10), decodeModifier(fields[1]), sequence);
		}
		const name = tildeKeys[first];
		if (!name) return unknown;
		const modifiers: Modifiers = decodeModifier(fields[1]);
		// rxvt ends Ctrl-modified keys in '^' and Ctrl+Shift ones in '@'.
		if (final !== '~') Object.assign(modifiers, {ctrl: true, shift: final === '@' || modifiers.shift});
		return keyEvent(name, sequence, modifiers);
	}
	if (final === 'u' && Number.isFinite(first)) {
		// Kitty keyboard protocol: CSI code[:alternates] ; mods[:event] u. Only presses are keys.
		const [modifierField = '', eventType = '1'] = (fields[1] ?? '').split(':');
		if (eventType !== '1') return unknown;
		return codepointKey(Number.parseInt(fields[0].split(':')[0], 10), decodeModifier(modifierField), sequence);
	}
	return unknown;
}

/** The event for `ESC O [digits] final` (SS3): cursor keys in application mode, F1-F4, the application keypad. */
export function decodeSs3(parameters: string, final: string, sequence: string): KeyEvent {
	// Some terminals (old xterm, konsole) put the modifier right after O: `ESC O 5 A`.
	const modifiers = decodeModifier(parameters || undefined);
	const letter = letterKeys[final];
	if (letter) return keyEvent(letter, sequence, modifiers);
	if (final === 'M') return keyEvent('enter', sequence, modifiers);
	if (rxvtArrows[final]) return keyEvent(rxvtArrows[final], sequence, {ctrl: true});
	const text = keypadText[final];
	if (text) {
		const plain = !modifiers.ctrl && !modifiers.alt;
		return keyEvent(text, sequence, modifiers, plain ? text : undefined);
	}
	return keyEvent('unknown', sequence);
}

/** The Linux console's F1-F5: `ESC [ [ A` .. `ESC [ [ E`. */
export function decodeLinuxFunctionKey(final: string, sequence: string): KeyEvent {
	const index = 'ABCDE'.indexOf(final);
	return index === -1 ? keyEvent('unknown', sequence) : keyEvent(`f${index + 1}`, sequence);
}
