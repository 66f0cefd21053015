/**
 * A logged session brought back: its records replayed into a fresh headless terminal, so the last screen comes out
 * as the program drew it and the lines above it are history for copy mode and search.
 */
import {HeadlessTerminal, type TerminalColors} from '../terminal/headless-terminal.js';
import type {LogRecord} from './log-format.js';

export interface ReplayOptions {
	scrollback: number;
	colors?: TerminalColors;
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
	});
	let text = '';
	const written = () => new Promise<void>(resolve => {
		terminal.write(text, resolve);
		text = '';
	});
	for (const record of records) {
		if (record.kind === 'output') {
			text += record.text;
			if (text.length >= writeChars) await written();
		} else if (record.kind === 'size') {
			// A resize applies at once while writes are parsed later: the output before it must be parsed first.
			if (record.cols !== terminal.cols || record.rows !== terminal.rows) {
				await written();
				terminal.resize(record.cols, record.rows);
			}
		} else {
			await written();
			// Back to the normal screen, then modes, margins and colours reset (DECSTR) with the cursor kept where it was.
			if (terminal.modes.alternateScreen) {
				text = '\u001B[?1049l';
				await written();
			}
			const {x, y} = terminal.cursor;
			text = `\u001B[!p\u001B[${y + 1};${x + 1}H${restartSeparator(record.at)}`;
		}
	}
	await written();
	return terminal;
}

/** Between two runs of the agent: one dim line saying when it started again. */
function restartSeparator(at: string): string {
	const when = new Date(at);
	const label = Number.isNaN(when.getTime()) ? 'restarted' : `restarted ${when.toLocaleString()}`;
	return `\r\n\u001B[2m── ${label} ──\u001B[0m\r\n`;
}
