/**
 * Mouse reports: decoding what the outer terminal sends (SGR 1006, which agentgrid asks for, and the X10 form of
 * terminals without it), and encoding an event again for a pane's program in the tracking mode and encoding it
 * asked for, at its own coordinates, as tmux does.
 */
import type {MouseEncoding} from '../../core/terminal/mode-tracker.js';

export type MouseButton = 'left' | 'middle' | 'right' | 'wheel-up' | 'wheel-down' | 'none';
export type MouseAction = 'press' | 'release' | 'drag' | 'move';
export type MouseTracking = 'none' | 'x10' | 'vt200' | 'drag' | 'any';

export interface MouseEvent {
	button: MouseButton;
	action: MouseAction;
	/** Zero-based cell on the outer screen. */
	x: number;
	y: number;
	shift: boolean;
	alt: boolean;
	ctrl: boolean;
}

/** One whole mouse report, anchored: SGR (`CSI < b ; x ; y M/m`) or X10 (`CSI M` and three bytes). */
export const mouseReport = /\u001B\[<\d+;\d+;\d+[Mm]|\u001B\[M[\s\S]{3}/g;

export function decodeMouse(sequence: string): MouseEvent | undefined {
	const sgr = /^\u001B\[<(\d+);(\d+);(\d+)([Mm])$/.exec(sequence);
	if (sgr) return fromCode(Number(sgr[1]), Number(sgr[2]) - 1, Number(sgr[3]) - 1, sgr[4] === 'm');
	if (sequence.startsWith('\u001B[M') && sequence.length === 6) {
		const code = sequence.charCodeAt(3) - 32;
		// X10 reports every release as button 3.
		return fromCode(code, sequence.charCodeAt(4) - 33, sequence.charCodeAt(5) - 33, (code & 3) === 3 && (code & 64) === 0);
	}
	return undefined;
}

function fromCode(code: number, x: number, y: number, release: boolean): MouseEvent | undefined {
	if (x < 0 || y < 0) return undefined;
	const modifiers = {shift: (code & 4) !== 0, alt: (code & 8) !== 0, ctrl: (code & 16) !== 0};
	const motion = (code & 32) !== 0;
	const low = code & 3;
	let button: MouseButton;
	if (code & 64) button = low === 0 ? 'wheel-up' : low === 1 ? 'wheel-down' : 'none';
	else button = low === 0 ? 'left' : low === 1 ? 'middle' : low === 2 ? 'right' : 'none';
	if (button === 'none' && (code & 64) !== 0) return undefined;
	const action: MouseAction = release ? 'release' : motion ? (button === 'none' ? 'move' : 'drag') : 'press';
	return {button: release && button === 'none' ? 'none' : button, action, x, y, ...modifiers};
}

/**
 * The bytes the pane's program expects for this event at pane cell (x, y), or undefined when its tracking mode does
 * not report such events (or the position cannot be encoded).
 */
export function encodeMouse(event: MouseEvent, x: number, y: number, tracking: MouseTracking, encoding: MouseEncoding): string | undefined {
	if (tracking === 'none') return undefined;
	if (tracking === 'x10' && event.action !== 'press') return undefined;
	if (event.action === 'drag' && tracking !== 'drag' && tracking !== 'any') return undefined;
	if (event.action === 'move' && tracking !== 'any') return undefined;
	const wheel = event.button === 'wheel-up' || event.button === 'wheel-down';
	if (wheel && event.action === 'release') return undefined;
	let code = {left: 0, middle: 1, right: 2, none: 3, 'wheel-up': 64, 'wheel-down': 65}[event.button];
	if (event.action === 'drag' || event.action === 'move') code += 32;
	if (tracking !== 'x10') {
		if (event.shift) code += 4;
		if (event.alt) code += 8;
		if (event.ctrl) code += 16;
	}
	if (encoding === 'sgr') return `\u001B[<${code};${x + 1};${y + 1}${event.action === 'release' ? 'm' : 'M'}`;
	// The older encodings cannot say which button was released.
	if (event.action === 'release') code = (code & ~3) | 3;
	if (encoding === 'urxvt') return `\u001B[${code + 32};${x + 1};${y + 1}M`;
	// Without 1005 each coordinate is one byte, and a string write cannot carry bytes above 127 unencoded.
	const limit = encoding === 'utf8' ? 2015 : 94;
	if (x + 1 > limit || y + 1 > limit) return undefined;
	return `\u001B[M${String.fromCharCode(code + 32)}${String.fromCodePoint(x + 33)}${String.fromCodePoint(y + 33)}`;
}

/** Splits input into mouse reports and the rest, in order. */
export function splitMouseReports(chunk: string): Array<{mouse: boolean; text: string}> {
	const parts: Array<{mouse: boolean; text: string}> = [];
	let last = 0;
	for (const match of chunk.matchAll(mouseReport)) {
		if (match.index > last) parts.push({mouse: false, text: chunk.slice(last, match.index)});
		parts.push({mouse: true, text: match[0]});
		last = match.index + match[0].length;
	}
	if (last < chunk.length) parts.push({mouse: false, text: chunk.slice(last)});
	return parts;
}
