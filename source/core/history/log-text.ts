/**
 * A replayed log as text for `agentgrid log`: every line of history and the last screen, a line the program wrapped
 * at the edge printed as one line, trailing blank lines dropped. With `ansi` each line keeps its colours and styles.
 */
import {createRowCells, isDefaultBlank, type RowCells} from '../terminal/cells.js';
import type {HeadlessTerminal} from '../terminal/headless-terminal.js';
import {createPen, serializeRow} from '../terminal/serializer.js';

export function logText(terminal: HeadlessTerminal, ansi: boolean): string {
	const history = terminal.history;
	const lines: string[] = [];
	const cells = createRowCells(history.cols);
	let line = '';
	let pen = createPen();
	for (let row = 0; row < history.length; row++) {
		if (ansi) {
			const read = history.readRow(row, cells);
			line += serializeRow(read, pen, 0, history.continues(row) ? read.cols : usedWidth(read));
		} else line += history.text(row);
		if (history.continues(row)) continue;
		lines.push(ansi ? `${line}\u001B[0m` : line.trimEnd());
		line = '';
		pen = createPen();
	}
	while (lines.length > 0 && isBlank(lines.at(-1)!)) lines.pop();
	return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

function isBlank(line: string): boolean {
	return line.replaceAll(/\u001B\[[\d;:]*m/g, '').trim() === '';
}

/** Columns up to the last cell that is not a default blank. */
function usedWidth(cells: RowCells): number {
	let end = cells.cols;
	while (end > 0 && isDefaultBlank(cells, end - 1)) end--;
	return end;
}
