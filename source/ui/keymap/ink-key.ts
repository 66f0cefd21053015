import type {Key} from 'ink';

const named: Array<[keyof Key, string]> = [
	['upArrow', 'up'],
	['downArrow', 'down'],
	['leftArrow', 'left'],
	['rightArrow', 'right'],
	['pageUp', 'pageup'],
	['pageDown', 'pagedown'],
	['home', 'home'],
	['end', 'end'],
	['return', 'enter'],
	['escape', 'escape'],
	['tab', 'tab'],
	['backspace', 'backspace'],
	['delete', 'delete'],
];

/**
 * A key as Ink's useInput reports it, in the keymap's canonical notation (see keys.ts), so forms and dialogs drawn
 * by Ink components answer to the same bindings as the grid. Undefined for text that is not one key (a paste).
 */
export function inkKeyOf(input: string, key: Key): string | undefined {
	const name = named.find(([flag]) => key[flag] === true)?.[1];
	const modifiers = (key.ctrl ? 'C-' : '') + (key.meta && name !== 'escape' ? 'M-' : '');
	if (name) return modifiers + (key.shift ? 'S-' : '') + name;
	const chars = [...input];
	if (chars.length !== 1) return undefined;
	const char = chars[0] === ' ' ? 'space' : key.ctrl ? chars[0].toLowerCase() : chars[0];
	return modifiers + char;
}
