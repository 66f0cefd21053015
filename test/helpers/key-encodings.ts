/**
 * The bytes a terminal sends for each key, written from the specifications rather than from agentgrid's own encoder,
 * so a test can type a key exactly as the user's terminal would and check what a program in a pane receives.
 *
 * Legacy rules (xterm's ctlseqs, "PC-Style Function Keys", with metaSendsEscape and modifyOtherKeys off):
 * - a modifier is encoded as 1 + (Shift 1 | Alt 2 | Ctrl 4);
 * - cursor keys and Home/End send `CSI X`, or `SS3 X` while application cursor keys (DECCKM) is set, and
 *   `CSI 1 ; m X` with a modifier in either mode;
 * - Insert/Delete/PgUp/PgDn and F5-F12 send `CSI n ~` (`CSI n ; m ~` modified), F1-F4 `SS3 P..S` (`CSI 1 ; m P..S`);
 * - Alt prefixes ESC; Ctrl maps a letter to its C0 control; Shift+Tab is `CSI Z`; Backspace is DEL and Ctrl+Backspace
 *   BS (kitty's table of legacy C0 keys agrees);
 * - the keypad sends its characters, or `SS3 p..y` for 0-9, `SS3 k/m/j/o/n` for + - * / . and `SS3 M` for Enter
 *   while application keypad (DECKPAM) is set.
 *
 * Kitty keyboard protocol rules (its spec and key encoder):
 * - flag 1 (disambiguate): Esc, Ctrl/Alt combinations of text keys and every modified Enter/Tab/Backspace are sent as
 *   `CSI code ; m u` with the unshifted code point; plain Enter, Tab and Backspace stay legacy; keys that produce
 *   text (letters, Shift+letters, keypad digits) send the text; cursor and function keys use `CSI [1 ; m] X` or
 *   `CSI n [; m] ~` whatever DECCKM says, F1-F4 included (`CSI P`); the keypad's Enter is `CSI 57414 u`;
 * - flag 2 (event types): a release follows each press as `CSI code ; m:3 X` (m is 1 without modifiers), except for
 *   Enter, Tab and Backspace, whose releases only come with flag 8;
 * - flag 4 (alternate keys): a key pressed with Shift carries its shifted form, `CSI 97:65 ; 6 u`, in `u` sequences.
 */

export interface EncodingModes {
	applicationCursorKeys: boolean;
	applicationKeypad: boolean;
	kittyFlags: number;
}

/** A key as the terminal sends it: each write is one event (a press, then its release where the protocol has one). */
export interface KeyCase {
	name: string;
	writes: string[];
}

const ESC = '\u001B';
const CSI = `${ESC}[`;
const SS3 = `${ESC}O`;

interface Mods {
	shift?: boolean;
	alt?: boolean;
	ctrl?: boolean;
}

const modifierSets: Array<[string, Mods]> = [
	['Shift+', {shift: true}],
	['Alt+', {alt: true}],
	['Ctrl+', {ctrl: true}],
	['Ctrl+Shift+', {ctrl: true, shift: true}],
];

function modifierParam(mods: Mods): number {
	return 1 + (mods.shift ? 1 : 0) + (mods.alt ? 2 : 0) + (mods.ctrl ? 4 : 0);
}

/** Cursor keys, Home/End and F1-F4 (`CSI 1 ; m X` family) and the `CSI n ~` family. */
const letterKeys: Array<[string, string]> = [
	['Up', 'A'],
	['Down', 'B'],
	['Right', 'C'],
	['Left', 'D'],
	['Home', 'H'],
	['End', 'F'],
];
const functionLetterKeys: Array<[string, string]> = [
	['F1', 'P'],
	['F2', 'Q'],
	['F3', 'R'],
	['F4', 'S'],
];
const tildeKeys: Array<[string, number]> = [
	['Insert', 2],
	['Delete', 3],
	['PgUp', 5],
	['PgDn', 6],
	['F5', 15],
	['F6', 17],
	['F7', 18],
	['F8', 19],
	['F9', 20],
	['F10', 21],
	['F11', 23],
	['F12', 24],
];
/** Keypad keys: the character they type, the SS3 final in application keypad mode, kitty's code. */
const keypadKeys: Array<[string, string, string, number]> = [
	...Array.from({length: 10}, (_, digit): [string, string, string, number] => [`KP${digit}`, String(digit), String.fromCharCode(0x70 + digit), 57_399 + digit]),
	['KP.', '.', 'n', 57_409],
	['KP/', '/', 'o', 57_410],
	['KP*', '*', 'j', 57_411],
	['KP-', '-', 'm', 57_412],
	['KP+', '+', 'k', 57_413],
	['KPEnter', '\r', 'M', 57_414],
];
const letters = 'abcdefghijklmnopqrstuvwxyz';

export function keyCases(modes: EncodingModes): KeyCase[] {
	return modes.kittyFlags & 1 ? kittyCases(modes.kittyFlags) : legacyCases(modes);
}

function legacyCases(modes: EncodingModes): KeyCase[] {
	const cases: KeyCase[] = [];
	const add = (name: string, bytes: string) => cases.push({name, writes: [bytes]});
	for (const letter of letters) {
		const control = String.fromCharCode(letter.charCodeAt(0) - 96);
		add(letter, letter);
		add(`Shift+${letter}`, letter.toUpperCase());
		add(`Ctrl+${letter}`, control);
		add(`Alt+${letter}`, `${ESC}${letter}`);
		add(`Ctrl+Alt+${letter}`, `${ESC}${control}`);
	}
	add('Space', ' ');
	add('Ctrl+Space', '\u0000');
	add('Alt+Space', `${ESC} `);
	// Ctrl+Alt+\ is ESC and the prefix byte: a key of its own, not the prefix.
	add('Ctrl+Alt+\\', `${ESC}\u001C`);
	add('Enter', '\r');
	add('Shift+Enter', '\r');
	add('Alt+Enter', `${ESC}\r`);
	add('Tab', '\t');
	add('Shift+Tab', `${CSI}Z`);
	add('Alt+Tab', `${ESC}\t`);
	add('Backspace', '\u007F');
	add('Ctrl+Backspace', '\b');
	add('Alt+Backspace', `${ESC}\u007F`);
	add('Esc', ESC);
	add('Alt+Esc', `${ESC}${ESC}`);
	for (const [name, final] of [...letterKeys, ...functionLetterKeys]) {
		const applicationForm = modes.applicationCursorKeys || name.startsWith('F');
		add(name, `${applicationForm ? SS3 : CSI}${final}`);
		for (const [prefix, mods] of modifierSets) add(`${prefix}${name}`, `${CSI}1;${modifierParam(mods)}${final}`);
	}
	for (const [name, number] of tildeKeys) {
		add(name, `${CSI}${number}~`);
		for (const [prefix, mods] of modifierSets) add(`${prefix}${name}`, `${CSI}${number};${modifierParam(mods)}~`);
	}
	for (const [name, text, final] of keypadKeys) add(name, modes.applicationKeypad ? `${SS3}${final}` : text);
	return cases;
}

function kittyCases(flags: number): KeyCase[] {
	const events = (flags & 2) !== 0;
	const alternates = (flags & 4) !== 0;
	const cases: KeyCase[] = [];
	/** A key with its release, where flag 2 reports one: `final` closes both, `code` and `m` open them. */
	const add = (name: string, press: string, release?: string) => cases.push({name, writes: events && release !== undefined ? [press, release] : [press]});
	const u = (code: number, mods: Mods, shifted?: number) => {
		const key = alternates && mods.shift && shifted !== undefined ? `${code}:${shifted}` : String(code);
		const m = modifierParam(mods);
		return {press: m === 1 ? `${CSI}${key}u` : `${CSI}${key};${m}u`, release: `${CSI}${key};${m}:3u`};
	};
	const text = (name: string, typed: string, code: number, mods: Mods = {}, shifted?: number) => add(name, typed, u(code, mods, shifted).release);
	const coded = (name: string, code: number, mods: Mods, shifted?: number) => {
		const {press, release} = u(code, mods, shifted);
		add(name, press, release);
	};
	for (const letter of letters) {
		const code = letter.charCodeAt(0);
		const shifted = letter.toUpperCase().charCodeAt(0);
		text(letter, letter, code);
		text(`Shift+${letter}`, letter.toUpperCase(), code, {shift: true}, shifted);
		coded(`Ctrl+${letter}`, code, {ctrl: true});
		coded(`Alt+${letter}`, code, {alt: true});
		coded(`Ctrl+Alt+${letter}`, code, {ctrl: true, alt: true});
		coded(`Ctrl+Shift+${letter}`, code, {ctrl: true, shift: true}, shifted);
	}
	text('Space', ' ', 32);
	coded('Ctrl+Space', 32, {ctrl: true});
	coded('Alt+Space', 32, {alt: true});
	coded('Ctrl+Alt+\\', 92, {ctrl: true, alt: true});
	// Enter, Tab and Backspace: no releases without flag 8.
	const quiet = (name: string, bytes: string) => add(name, bytes);
	quiet('Enter', '\r');
	quiet('Shift+Enter', `${CSI}13;2u`);
	quiet('Alt+Enter', `${CSI}13;3u`);
	quiet('Ctrl+Enter', `${CSI}13;5u`);
	quiet('Tab', '\t');
	quiet('Shift+Tab', `${CSI}9;2u`);
	quiet('Alt+Tab', `${CSI}9;3u`);
	quiet('Backspace', '\u007F');
	quiet('Ctrl+Backspace', `${CSI}127;5u`);
	quiet('Alt+Backspace', `${CSI}127;3u`);
	coded('Esc', 27, {});
	coded('Alt+Esc', 27, {alt: true});
	for (const [name, final] of [...letterKeys, ...functionLetterKeys]) {
		add(name, `${CSI}${final}`, `${CSI}1;1:3${final}`);
		for (const [prefix, mods] of modifierSets) add(`${prefix}${name}`, `${CSI}1;${modifierParam(mods)}${final}`, `${CSI}1;${modifierParam(mods)}:3${final}`);
	}
	for (const [name, number] of tildeKeys) {
		add(name, `${CSI}${number}~`, `${CSI}${number};1:3~`);
		for (const [prefix, mods] of modifierSets) add(`${prefix}${name}`, `${CSI}${number};${modifierParam(mods)}~`, `${CSI}${number};${modifierParam(mods)}:3~`);
	}
	for (const [name, typed, , code] of keypadKeys) {
		// The keypad's Enter produces no text, so it is a key code; the others type their character.
		if (typed === '\r') coded(name, code, {});
		else text(name, typed, code);
	}
	return cases;
}
