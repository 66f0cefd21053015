import {AgentgridError} from '../../core/errors.js';
import {keyLabel, parseKey} from './keys.js';

/** The pane-mode prefix: the one byte intercepted on its way to the focused agent. */
export interface Prefix {
	/** Canonical key notation, e.g. 'C-\\'. */
	key: string;
	/** The byte the terminal sends for it, e.g. 0x1c. */
	byte: number;
	/** How to show it, e.g. 'Ctrl+\\'. */
	label: string;
	/** Set when the key works but something the user likely runs also wants it. */
	warning?: string;
}

export const defaultPrefix = 'C-\\';

/** Ctrl combinations the terminal itself gives a meaning to: taking one breaks every agent. */
const forbidden: Record<string, string> = {
	c: 'it is Ctrl+C, which interrupts the agent',
	d: 'it is Ctrl+D, end of input, which makes shells and agents exit',
	z: 'it is Ctrl+Z, which suspends the agent',
	h: 'it is the same byte as Backspace in many terminals',
	i: 'it is the same byte as Tab',
	j: 'it is the same byte as Enter (line feed)',
	m: 'it is the same byte as Enter (carriage return)',
	s: 'it is XOFF flow control, which freezes output in many terminals',
	q: 'it is XON flow control, and closes the Windows Terminal tab under WSL',
	'[': 'it is the same byte as Escape, which starts every arrow and function key',
};

/** Ctrl keys that work as a prefix but that agents, readline or multiplexers use; the user is told. */
const contested: Record<string, string> = {
	a: 'GNU screen\'s prefix and readline\'s "start of line"',
	b: 'tmux\'s prefix, Claude Code\'s "run in background" and readline\'s "back one character"',
	e: 'readline\'s "end of line"',
	f: 'readline\'s "forward one character"',
	g: 'Claude Code\'s "open in editor"',
	k: 'readline\'s "kill to end of line"',
	l: 'clear screen in shells and readline',
	n: 'readline\'s "next history entry"',
	o: 'Claude Code\'s "toggle transcript"',
	p: 'readline\'s "previous history entry"',
	r: 'Claude Code\'s and readline\'s history search',
	t: 'Claude Code\'s "toggle todo list"',
	u: 'readline\'s "kill to start of line"',
	v: 'the terminal\'s "insert next key literally" and paste in some agents',
	w: 'readline\'s "delete previous word"',
	x: 'readline\'s and Emacs\' command prefix',
	y: 'readline\'s "yank"',
};

const prefixHint = 'Choose a Ctrl key such as C-\\ (the default), C-] or C-^.';

/**
 * Validates the configured prefix: a Ctrl+letter or Ctrl with one of \ ] ^ _ (the keys that send a single control
 * byte in every terminal). Throws AgentgridError for keys that cannot work; warns for keys agents also use.
 */
export function parsePrefix(spec: string): Prefix {
	let key: string;
	try {
		key = parseKey(spec);
	} catch {
		throw new AgentgridError('prefix-invalid', `The prefix "${spec}" is not a key agentgrid understands.`, prefixHint);
	}
	const match = /^C-(.)$/.exec(key);
	const char = match?.[1];
	if (char === undefined || !/^[a-z\\\]^_[]$/.test(char)) {
		throw new AgentgridError(
			'prefix-invalid',
			`The prefix must be Ctrl with a letter or with \\ ] ^ _, so that it is a single byte; "${spec}" is not.`,
			prefixHint,
		);
	}
	const reason = forbidden[char];
	if (reason) throw new AgentgridError('prefix-reserved', `${keyLabel(key)} cannot be the prefix: ${reason}.`, prefixHint);
	const byte = /[a-z]/.test(char) ? char.charCodeAt(0) - 0x60 : char.charCodeAt(0) - 0x40;
	const prefix: Prefix = {key, byte, label: keyLabel(key)};
	const use = contested[char];
	if (use) {
		prefix.warning = `${prefix.label} is ${use}: with it as the prefix, agents only get it when you press it twice.`;
	}
	return prefix;
}
