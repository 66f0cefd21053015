import {AgentgridError} from '../../core/errors.js';
import type {KeyEvent} from '../input/key-event.js';

/**
 * Key notation used by the keymap and in user settings, tmux-like: optional modifiers `C-` (Ctrl), `M-` (Alt),
 * `S-` (Shift), then a key name (`left`, `enter`, `escape`, `f5`, `space`, `pageup`...) or one printable character
 * (`h`, `?`, `Z`; an upper-case letter already means Shift). `Ctrl+`, `Alt+`, `Shift+` are accepted too.
 * The canonical form keeps modifiers in the order C-, M-, S- and names in lower case.
 */
const namedKeys = new Set([
	'up', 'down', 'left', 'right', 'home', 'end', 'begin', 'pageup', 'pagedown', 'insert', 'delete', 'backspace', 'tab',
	'enter', 'escape', 'space', 'f1', 'f2', 'f3', 'f4', 'f5', 'f6', 'f7', 'f8', 'f9', 'f10', 'f11', 'f12',
]);

/** Other spellings people use, including tmux's key names. */
const aliases: Record<string, string> = {
	esc: 'escape',
	return: 'enter',
	cr: 'enter',
	pgup: 'pageup',
	pgdn: 'pagedown',
	ppage: 'pageup',
	npage: 'pagedown',
	del: 'delete',
	dc: 'delete',
	ins: 'insert',
	ic: 'insert',
	bspace: 'backspace',
	bs: 'backspace',
};

const modifierWords: Record<string, 'C' | 'M' | 'S'> = {c: 'C', ctrl: 'C', control: 'C', m: 'M', alt: 'M', meta: 'M', s: 'S', shift: 'S'};

export const keyNotationHelp =
	'Write keys like "h", "?", "enter", "left", "f5", "C-x" (Ctrl+X), "M-x" (Alt+X) or "S-tab" (Shift+Tab).';

/** Parses a key as written in the keymap or user settings into its canonical form; throws for anything else. */
export function parseKey(spec: string): string {
	let rest = spec === ' ' ? spec : spec.trim();
	const modifiers = new Set<'C' | 'M' | 'S'>();
	for (;;) {
		const match = /^([a-z]+)[-+](?=.)/i.exec(rest);
		const modifier = match ? modifierWords[match[1].toLowerCase()] : undefined;
		if (!match || !modifier) break;
		modifiers.add(modifier);
		rest = rest.slice(match[0].length);
	}
	if (rest.toLowerCase() === 'btab') {
		modifiers.add('S');
		rest = 'tab';
	}
	let name: string;
	if ([...rest].length === 1) {
		name = rest === ' ' ? 'space' : rest;
		if (modifiers.has('C') && /^[a-z]$/i.test(name)) name = name.toLowerCase();
		else if (modifiers.has('S') && /^[a-z]$/.test(name)) {
			name = name.toUpperCase();
			modifiers.delete('S');
		}
		if (/^[A-Z]$/.test(name)) modifiers.delete('S');
		if (/\p{Cc}/u.test(name)) name = '';
	} else {
		const lower = rest.toLowerCase();
		name = aliases[lower] ?? (namedKeys.has(lower) ? lower : '');
	}
	if (name === '') {
		throw new AgentgridError('keymap-invalid-key', `"${spec}" is not a key agentgrid understands.`, keyNotationHelp);
	}
	return (modifiers.has('C') ? 'C-' : '') + (modifiers.has('M') ? 'M-' : '') + (modifiers.has('S') ? 'S-' : '') + name;
}

/** The canonical key notation of a parsed key press, to look it up in the keymap. */
export function keyOf(event: KeyEvent): string {
	const single = [...event.name].length === 1;
	// A printable character carries its own Shift ('A'); Ctrl with a letter cannot carry one in legacy encodings.
	return (event.ctrl ? 'C-' : '') + (event.alt ? 'M-' : '') + (event.shift && !single ? 'S-' : '') + event.name;
}

const symbols: Record<string, string> = {
	left: '←',
	right: '→',
	up: '↑',
	down: '↓',
	enter: 'Enter',
	escape: 'Esc',
	space: 'Space',
	tab: 'Tab',
	backspace: 'Backspace',
	delete: 'Del',
	insert: 'Ins',
	pageup: 'PgUp',
	pagedown: 'PgDn',
	home: 'Home',
	end: 'End',
	begin: 'Begin',
};

/** How a canonical key is shown to people: 'C-\\' is 'Ctrl+\\', 'left' is '←', 'S-tab' is 'Shift+Tab'. */
export function keyLabel(key: string): string {
	let rest = key;
	let label = '';
	for (const [marker, word] of [['C-', 'Ctrl+'], ['M-', 'Alt+'], ['S-', 'Shift+']] as const) {
		if (rest.startsWith(marker) && rest.length > marker.length) {
			label += word;
			rest = rest.slice(marker.length);
		}
	}
	if (symbols[rest]) return label + symbols[rest];
	if (/^f\d+$/.test(rest)) return label + rest.toUpperCase();
	// With a modifier, letters are written in capitals as on the keycap, so Shift must then be spelled out.
	if (label !== '' && /^[A-Z]$/.test(rest)) return `${label}Shift+${rest}`;
	if (label !== '' && /^[a-z]$/.test(rest)) return label + rest.toUpperCase();
	return label + rest;
}
