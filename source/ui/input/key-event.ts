/**
 * One key press (or paste, focus change, terminal report) decoded from the bytes the outer terminal sent.
 *
 * Names: printable characters are named by themselves ('a', 'A', '?', 'é'), with `text` set when no modifier other
 * than Shift is held; 'space', 'enter', 'tab', 'escape', 'backspace', 'delete', 'insert', 'home', 'end', 'pageup',
 * 'pagedown', 'up', 'down', 'left', 'right', 'begin', 'f1'..'f12'. Control characters are the letter or symbol with
 * `ctrl` (0x01 is 'a' + ctrl, 0x1c is '\\' + ctrl, 0x00 is 'space' + ctrl); 0x08 is Ctrl+H, not Backspace (0x7f), and
 * 0x0a is Ctrl+J, not Enter (0x0d), so the two can be bound separately.
 * Non-keys: 'paste' (text = the pasted text, markers removed), 'focus-in', 'focus-out', 'mouse', 'report' (OSC/DCS
 * strings such as colour replies) and 'unknown' (a well-formed but unrecognised sequence, consumed whole).
 */
export interface KeyEvent {
	name: string;
	ctrl: boolean;
	alt: boolean;
	shift: boolean;
	/** The bytes that made this event, as a string. */
	sequence: string;
	/** What the key types: set for unmodified (or only shifted) printable characters and for pastes. */
	text?: string;
}

export interface Modifiers {
	ctrl?: boolean;
	alt?: boolean;
	shift?: boolean;
}

export function keyEvent(name: string, sequence: string, modifiers: Modifiers = {}, text?: string): KeyEvent {
	const event: KeyEvent = {
		name,
		ctrl: modifiers.ctrl ?? false,
		alt: modifiers.alt ?? false,
		shift: modifiers.shift ?? false,
		sequence,
	};
	if (text !== undefined) event.text = text;
	return event;
}

/**
 * xterm's modifier parameter: 1 + a bit mask of Shift 1, Alt 2, Ctrl 4, Meta 8 (Meta counts as Alt: terminals send
 * it for the Alt key when metaSendsEscape is off). Kitty's extra bits (Super, Hyper, locks) are ignored.
 */
export function decodeModifier(parameter: string | undefined): Modifiers {
	const value = Number.parseInt(parameter ?? '', 10);
	if (!Number.isFinite(value) || value < 2) return {};
	const mask = value - 1;
	return {shift: (mask & 1) !== 0, alt: (mask & 2) !== 0 || (mask & 8) !== 0, ctrl: (mask & 4) !== 0};
}

/** The key a C0 control byte (or DEL) stands for. */
export function controlKey(byte: number): {name: string; modifiers: Modifiers} {
	switch (byte) {
		case 0x00:
			return {name: 'space', modifiers: {ctrl: true}};
		case 0x09:
			return {name: 'tab', modifiers: {}};
		case 0x0d:
			return {name: 'enter', modifiers: {}};
		case 0x1b:
			return {name: 'escape', modifiers: {}};
		case 0x7f:
			return {name: 'backspace', modifiers: {}};
		default:
			if (byte >= 0x01 && byte <= 0x1a) return {name: String.fromCharCode(byte + 0x60), modifiers: {ctrl: true}};
			// 0x1c..0x1f: Ctrl+\ ] ^ _
			return {name: String.fromCharCode(byte + 0x40), modifiers: {ctrl: true}};
	}
}

/** Event for a printable character typed with optional Alt; Shift is implied by upper-case letters. */
export function characterKey(char: string, sequence: string, alt = false): KeyEvent {
	if (char === ' ') return keyEvent('space', sequence, {alt}, alt ? undefined : ' ');
	const shift = char !== char.toLowerCase() && char === char.toUpperCase();
	return keyEvent(char, sequence, {alt, shift}, alt ? undefined : char);
}

/** Event for a key reported by Unicode code point (kitty `CSI code;mods u`, xterm modifyOtherKeys `CSI 27;mods;code ~`). */
export function codepointKey(code: number, modifiers: Modifiers, sequence: string): KeyEvent {
	const named: Record<number, string> = {9: 'tab', 13: 'enter', 27: 'escape', 127: 'backspace', 8: 'backspace', 32: 'space'};
	const name = named[code];
	if (name) return keyEvent(name, sequence, modifiers, name === 'space' && !modifiers.ctrl && !modifiers.alt ? ' ' : undefined);
	if (code < 0x20 || code > 0x10ffff || (code >= 0xe000 && code <= 0xf8ff)) return keyEvent('unknown', sequence);
	let char = String.fromCodePoint(code);
	// Kitty reports the unshifted key: Shift+a arrives as 97 with Shift, which types 'A'.
	if (modifiers.shift && !modifiers.ctrl && /^[a-z]$/.test(char)) char = char.toUpperCase();
	if (modifiers.ctrl && /^[A-Z]$/.test(char)) char = char.toLowerCase();
	const plain = !modifiers.ctrl && !modifiers.alt;
	return keyEvent(char, sequence, {...modifiers, shift: modifiers.shift ?? false}, plain ? char : undefined);
}
