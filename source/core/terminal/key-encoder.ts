/**
 * Keys and pastes encoded the way the program in a pane asked for them (its own modes, not the outer terminal's):
 * application cursor keys give `ESC O A`, bracketed paste wraps pastes, the kitty keyboard protocol's
 * "disambiguate" flag gives unambiguous Escape, Shift+Enter and Ctrl/Alt combinations.
 */
import type {TerminalModes} from './headless-terminal.js';

export type SpecialKeyName =
	| 'up' | 'down' | 'left' | 'right' | 'home' | 'end' | 'insert' | 'delete' | 'pageup' | 'pagedown'
	| 'enter' | 'tab' | 'backspace' | 'escape' | 'space'
	| 'f1' | 'f2' | 'f3' | 'f4' | 'f5' | 'f6' | 'f7' | 'f8' | 'f9' | 'f10' | 'f11' | 'f12';

export interface KeyPress {
	/** A special key name, or a single printable character (e.g. 'a', 'A', '/'). */
	name: SpecialKeyName | (string & {});
	ctrl?: boolean;
	alt?: boolean;
	shift?: boolean;
}

type KeyModes = Pick<TerminalModes, 'applicationCursorKeys' | 'kittyKeyboardFlags'>;

const KITTY_DISAMBIGUATE = 1;

const cursorFinals: Record<string, string> = {up: 'A', down: 'B', right: 'C', left: 'D', home: 'H', end: 'F'};
const ss3Finals: Record<string, string> = {f1: 'P', f2: 'Q', f3: 'R', f4: 'S'};
const tildeCodes: Record<string, number> = {
	insert: 2, delete: 3, pageup: 5, pagedown: 6,
	f5: 15, f6: 17, f7: 18, f8: 19, f9: 20, f10: 21, f11: 23, f12: 24,
};
const kittyCodes: Record<string, number> = {enter: 13, tab: 9, backspace: 127, escape: 27, space: 32};

/** xterm's modifier parameter: 1 + shift + 2*alt + 4*ctrl; 1 means none. */
function modifierParam(key: KeyPress): number {
	return 1 + (key.shift ? 1 : 0) + (key.alt ? 2 : 0) + (key.ctrl ? 4 : 0);
}

export function encodeKey(key: KeyPress, modes: KeyModes): string {
	const modifier = modifierParam(key);
	const kitty = (modes.kittyKeyboardFlags & KITTY_DISAMBIGUATE) !== 0;
	const name = key.name;

	const cursorFinal = cursorFinals[name];
	if (cursorFinal) {
		if (modifier > 1) return `\x1b[1;${modifier}${cursorFinal}`;
		return (modes.applicationCursorKeys ? '\x1bO' : '\x1b[') + cursorFinal;
	}
	const ss3Final = ss3Finals[name];
	if (ss3Final) {
		return modifier > 1 ? `\x1b[1;${modifier}${ss3Final}` : `\x1bO${ss3Final}`;
	}
	const tilde = tildeCodes[name];
	if (tilde !== undefined) {
		return modifier > 1 ? `\x1b[${tilde};${modifier}~` : `\x1b[${tilde}~`;
	}

	if (kitty && name === 'escape') {
		return modifier > 1 ? `\x1b[27;${modifier}u` : '\x1b[27u';
	}
	const kittyCode = kittyCodes[name];
	if (kittyCode !== undefined && kitty && modifier > 1) {
		return `\x1b[${kittyCode};${modifier}u`;
	}

	switch (name) {
		case 'enter':
			return (key.alt ? '\x1b' : '') + '\r';
		case 'tab':
			return key.shift ? '\x1b[Z' : (key.alt ? '\x1b' : '') + '\t';
		case 'backspace':
			return (key.alt ? '\x1b' : '') + (key.ctrl ? '\x08' : '\x7f');
		case 'escape':
			return key.alt ? '\x1b\x1b' : '\x1b';
		case 'space':
			return (key.alt ? '\x1b' : '') + (key.ctrl ? '\x00' : ' ');
		default:
			return encodeCharacter(key, modifier, kitty);
	}
}

function encodeCharacter(key: KeyPress, modifier: number, kitty: boolean): string {
	const text = key.name;
	if ([...text].length !== 1) {
		throw new RangeError(`Cannot encode key "${text}": expected a key name or a single character`);
	}
	if (kitty && (key.ctrl || key.alt)) {
		// Kitty reports the unshifted key and carries Shift in the modifier.
		return `\x1b[${text.toLowerCase().codePointAt(0)};${modifier}u`;
	}
	let encoded = text;
	if (key.ctrl) {
		const control = controlCharacter(text);
		if (control !== undefined) encoded = control;
	}
	return (key.alt ? '\x1b' : '') + encoded;
}

/** Ctrl+letter and the classic Ctrl punctuation (Ctrl+@ [ \ ] ^ _ ?) as C0 control bytes. */
function controlCharacter(text: string): string | undefined {
	const upper = text.toUpperCase();
	const code = upper.charCodeAt(0);
	if (code >= 0x40 && code <= 0x5f) return String.fromCharCode(code & 0x1f);
	if (text === '?') return '\x7f';
	if (text === ' ' || text === '2') return '\x00';
	return undefined;
}

const PASTE_START = '\x1b[200~';
const PASTE_END = '\x1b[201~';

/**
 * Text pasted into a pane. Bracketed when the program enabled it (an embedded end marker is removed so the paste
 * cannot end early and inject keystrokes); otherwise newlines become CR, which is what the Enter key sends.
 */
export function encodePaste(text: string, modes: Pick<TerminalModes, 'bracketedPaste'>): string {
	if (modes.bracketedPaste) {
		let body = text;
		while (body.includes(PASTE_END)) body = body.split(PASTE_END).join('');
		return PASTE_START + body + PASTE_END;
	}
	return text.replace(/\r\n|\n/g, '\r');
}

/** Focus in/out report, or '' when the program did not ask for them (mode 1004). */
export function encodeFocus(focused: boolean, modes: Pick<TerminalModes, 'focusEvents'>): string {
	if (!modes.focusEvents) {
		return '';
	}
	return focused ? '\x1b[I' : '\x1b[O';
}
