/**
 * A logged session brought back: its records replayed into a fresh headless terminal, so the last screen comes out
 * as the program drew it and the lines above it are history for copy mode and search.
 */
import {HeadlessTerminal, type TerminalColors} from '../terminal/headless-terminal.js';
import {createPen, serializeScreen, sgrTransition} from '../terminal/serializer.js';
import type {LogRecord} from './log-format.js';

export interface ReplayOptions {
	scrollback: number;
	colors?: TerminalColors;
	/** agentgrid's version, for XTVERSION answers once an agent is started again in this terminal. */
	version?: string;
}

/** Output is handed to the terminal in pieces of about this size (fewer, larger writes parse faster). */
const writeChars = 1024 * 1024;

export async function replayLog(records: readonly LogRecord[], options: ReplayOptions): Promise<HeadlessTerminal> {
	const first = records.find(record => record.kind === 'size');
	const terminal = new HeadlessTerminal({
		cols: first?.kind === 'size' ? first.cols : 80,
		rows: first?.kind === 'size' ? first.rows : 24,
		scrollback: options.scrollback,
		colors: options.colors,
		version: options.version,
	});
	let text = '';
	// Each piece is parsed within its write; waiting for the next turn between pieces keeps a long log from holding
	// the server (its live panes and its client) for the whole replay.
	const written = async () => {
		terminal.write(text);
		text = '';
		await new Promise(resolve => setImmediate(resolve));
	};
	for (const record of records) {
		if (record.kind === 'output') {
			text += record.text;
			if (text.length >= writeChars) await written();
		} else if (record.kind === 'size') {
			// The output before a resize is parsed at the old size.
			if (record.cols !== terminal.cols || record.rows !== terminal.rows) {
				await written();
				terminal.resize(record.cols, record.rows);
			}
		} else {
			await written();
			await markRestart(terminal, new Date(record.at));
		}
	}
	await written();
	return terminal;
}

/** Modes a program sets and its successor must not inherit: mouse reports, bracketed paste, focus reports. */
const programModesOff = '\u001B[?1000l\u001B[?1002l\u001B[?1003l\u001B[?1005l\u001B[?1006l\u001B[?1015l\u001B[?2004l\u001B[?1004l';

/**
 * Where an agent started again: back to the normal screen, the earlier program's modes, margins and colours reset
 * (DECSTR), one dim line under its last output (not only under the cursor) saying when, and everything down to that line scrolled into history:
 * the new program starts on a blank screen, as it would in a fresh terminal, and the old text on screen cannot pass
 * for its status. The same in a replay and in a live pane whose agent is started again over its earlier output.
 */
export async function markRestart(terminal: HeadlessTerminal, at: Date): Promise<void> {
	const write = (data: string) => new Promise<void>(resolve => terminal.write(data, resolve));
	await write('');
	if (terminal.modes.alternateScreen) await write('\u001B[?1049l');
	// Below the cursor and below anything drawn under it (a prompt box, a status line).
	const screen = terminal.screenText();
	let y = screen.length - 1;
	while (y > terminal.cursor.y && screen[y] === '') y--;
	const rows = terminal.rows;
	const separatorRow = Math.min(y + 1, rows - 1);
	const label = Number.isNaN(at.getTime()) ? 'restarted' : `restarted ${at.toLocaleString()}`;
	await write(`\u001B[!p${programModesOff}\u001B[${y + 1};1H\r\n\u001B[2m── ${label} ──\u001B[0m`
		+ `\u001B[${rows};1H${'\n'.repeat(separatorRow + 1)}\u001B[H`);
}

/**
 * The screen as escape sequences that redraw it in a fresh terminal (the alternate one when it is shown), with what
 * the output after it relies on: the scroll region, the cursor, the pen and the line-drawing charset. When the
 * output so far (`lastOutput` is its latest chunk) stops inside an escape sequence, the screen does not show that
 * sequence yet, so the snapshot ends by opening it again for the next chunk to finish; undefined when the sequence
 * began before that chunk. It starts with CAN, which drops a sequence left open where it is replayed after earlier
 * output without running it.
 */
export function terminalSnapshot(terminal: HeadlessTerminal, lastOutput = ''): string | undefined {
	const open = terminal.atRest ? '' : openSequenceOf(lastOutput);
	if (open === undefined) return undefined;
	const drawing = terminal.drawingState;
	let out = `\u0018${terminal.modes.alternateScreen ? '\u001B[?1049h' : ''}${serializeScreen(terminal, {cursor: false})}`;
	const region = drawing?.scrollRegion;
	// DECSTBM homes the cursor, so it goes before the cursor is placed.
	if (region && (region.top !== 0 || region.bottom !== terminal.rows - 1)) out += `\u001B[${region.top + 1};${region.bottom + 1}r`;
	const cursor = terminal.cursor;
	out += `\u001B[${cursor.y + 1};${cursor.x + 1}H`;
	if (!terminal.modes.cursorVisible) out += '\u001B[?25l';
	if (drawing) out += sgrTransition(createPen(), drawing.pen);
	if (drawing?.lineDrawing) out += '\u001B(0';
	return out + open;
}

/**
 * The start of the escape sequence still open at the end of `output`: an ESC or a C1 introducer begins every
 * sequence and ends (or aborts) the one before it, so the open one began at the last of them. Undefined when the
 * output holds none. Control characters inside an ESC or CSI sequence were carried out as they came (the screen
 * shows them), so they are left out; inside a string (OSC, DCS, SOS, PM, APC) they are its data.
 */
function openSequenceOf(output: string): string | undefined {
	for (let i = output.length - 1; i >= 0; i--) {
		const code = output.charCodeAt(i);
		if (code === 0x1B || code === 0x90 || code === 0x98 || code === 0x9B || code === 0x9D || code === 0x9E || code === 0x9F) {
			const open = output.slice(i);
			return stringSequence.test(open) ? open : open[0] + open.slice(1).replaceAll(controlCharacters, '');
		}
	}

	return undefined;
}

const stringSequence = /^(?:\u001B[\]PX^_]|[\u0090\u0098\u009D\u009E\u009F])/;
const controlCharacters = /[\u0000-\u001F]/g;
