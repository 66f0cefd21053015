/**
 * A pane's whole buffer, history and screen, addressed by absolute row (0 = the oldest line kept): what copy mode
 * shows, searches and copies from. Rows above the screen only change when a resize reflows them or when the oldest
 * ones are dropped, so their text is cached once read; that keeps a search over 100k lines of history to one regex
 * pass over strings instead of a walk over xterm's cells.
 */
import type {IBufferCell, IBufferLine, IDisposable, IMarker, Terminal} from '@xterm/headless';
import {blankRowCells, ensureRowCells, type RowCells} from './cells.js';
import {readPackedLine, readPackedText, readPublicLine} from './row-reader.js';
import {historyLinesOf, isPackedLine, packedLineOf, type HistoryLines, type InternalLine} from './xterm-internals.js';

/** A cell of the buffer. */
export interface HistoryPoint {
	row: number;
	col: number;
}

/** A search hit, from (row, col) to (endRow, endCol) exclusive, in cells; endRow > row when it crosses a wrap. */
export interface HistoryMatch {
	row: number;
	col: number;
	endRow: number;
	endCol: number;
}

/** A row that keeps its place while lines are added, dropped or reflowed; row is -1 once it left the history. */
export interface Anchor {
	readonly row: number;
	dispose(): void;
}

export type SelectionShape = 'char' | 'line' | 'block';

/** Beyond this many hits a search stops counting: the count then reads "N+". */
export const matchLimit = 100_000;

/** A character outside printable ASCII: its row's text offsets and columns may differ. */
const nonAscii = /[^\u0020-\u007e]/;

export class TerminalHistory {
	private cache: (string | undefined)[] = [];
	/** Whether each cached row continues the one above it (wrapped at the edge), by the same index. */
	private wraps: boolean[] = [];
	/** Lines dropped since the cache began: cache[row + dropped] is that row's text. */
	private dropped = 0;
	private lines: HistoryLines | undefined;
	private trimListener: IDisposable | undefined;
	private scratch: IBufferCell | undefined;

	/** xterm's buffers, read once: its getter checks an option on every read. */
	private readonly buffers: Terminal['buffer'];

	constructor(private readonly xterm: Terminal) {
		this.buffers = xterm.buffer;
	}

	/** Rows in the active buffer: history plus screen. */
	get length(): number {
		return this.buffers.active.length;
	}

	/** First row of the live screen. */
	get screenTop(): number {
		return this.buffers.active.baseY;
	}

	get cols(): number {
		return this.xterm.cols;
	}

	get rows(): number {
		return this.xterm.rows;
	}

	/** Row `row` as cells; rows outside the buffer are blank. */
	readRow(row: number, into?: RowCells): RowCells {
		const cells = ensureRowCells(this.cols, into);
		const line = this.line(row);
		if (!line) return blankRowCells(cells);
		const packed = packedLineOf(line);
		if (packed) return readPackedLine(packed, this.cols, cells);
		this.scratch ??= this.buffers.active.getNullCell();
		return readPublicLine(line, this.cols, cells, this.scratch);
	}

	/** True when the row below continues this one (the program's line was wrapped at the edge). */
	continues(row: number): boolean {
		return this.wrapped(row + 1, this.cacheable(row + 1));
	}

	/** Rows above the screen of the normal buffer never change until a resize or reset: their text is kept. */
	private cacheable(row: number): boolean {
		return row < this.screenTop && this.buffers.active.type === 'normal' && this.cacheReady();
	}

	private wrapped(row: number, cacheable: boolean): boolean {
		if (!cacheable) return this.line(row)?.isWrapped ?? false;
		const index = row + this.dropped;
		let wrapped = this.wraps[index];
		if (wrapped === undefined) {
			wrapped = this.line(row)?.isWrapped ?? false;
			this.wraps[index] = wrapped;
		}
		return wrapped;
	}

	/** The row's text; trailing blanks are kept only when the next row continues it, so joined text is exact. */
	text(row: number): string {
		const cacheable = this.cacheable(row);
		if (cacheable) {
			const cached = this.cache[row + this.dropped];
			if (cached !== undefined) return cached;
		}
		const line = this.line(row);
		const text = line ? lineText(line, !this.wrapped(row + 1, cacheable && row + 1 < this.screenTop)) : '';
		if (cacheable) this.cache[row + this.dropped] = text;
		return text;
	}

	/** Text of cells [from, to) of a row, trailing blanks trimmed. */
	slice(row: number, from: number, to: number): string {
		return this.line(row)?.translateToString(true, from, to) ?? '';
	}

	/** For each text offset of the row (as text() returns it), the column it is drawn in; one more entry for the end. */
	columns(row: number): Int32Array {
		const line = this.line(row);
		const text = this.text(row);
		const map = new Int32Array(text.length + 1);
		if (!line) return map;
		this.scratch ??= this.buffers.active.getNullCell();
		let offset = 0;
		let next = 0;
		for (let x = 0; x < line.length && offset < text.length; x++) {
			const cell = line.getCell(x, this.scratch);
			if (!cell || cell.getWidth() === 0) continue;
			const length = Math.max(1, cell.getChars().length);
			for (let i = 0; i < length && offset + i < map.length; i++) map[offset + i] = x;
			offset += length;
			next = x + cell.getWidth();
		}
		for (; offset < map.length; offset++) map[offset] = next;
		return map;
	}

	/** A row that follows its line through new output, dropped history and reflow. */
	anchor(row: number): Anchor {
		const buffer = this.buffers.active;
		const marker: IMarker | undefined = this.xterm.registerMarker(row - (buffer.baseY + buffer.cursorY));
		if (!marker) return {row: -1, dispose() {}};
		return {
			get row() {
				return marker.isDisposed ? -1 : marker.line;
			},
			dispose: () => marker.dispose(),
		};
	}

	/** Every hit of the regex (which must have the g flag), in buffer order; text wrapped across rows is one line. */
	search(regex: RegExp): {matches: HistoryMatch[]; capped: boolean} {
		const matches: HistoryMatch[] = [];
		const length = this.length;
		// Rows above `cached` come from the cache without asking xterm; the check is made once per search.
		const cached = this.buffers.active.type === 'normal' && this.cacheReady() ? this.screenTop : 0;
		this.fill(cached);
		let row = 0;
		while (row < length) {
			let last = row;
			while (last + 1 < length && (last + 1 < cached ? (this.wraps[last + 1 + this.dropped] ?? this.wrapped(last + 1, true)) : this.wrapped(last + 1, false))) last++;
			if (last === row) {
				const text = (row < cached ? this.cache[row + this.dropped] : undefined) ?? this.text(row);
				regex.lastIndex = 0;
				let hit: RegExpExecArray | null;
				// Columns are worked out once per row with hits, and only for a row that is not plain ASCII.
				let columns: Int32Array | null | undefined;
				while ((hit = regex.exec(text)) !== null) {
					if (hit[0].length === 0) {
						regex.lastIndex++;
						continue;
					}
					columns ??= nonAscii.test(text) ? this.columns(row) : null;
					const end = hit.index + hit[0].length;
					matches.push(columns === null
						? {row, col: hit.index, endRow: row, endCol: end}
						: {row, col: columns[hit.index], endRow: row, endCol: columns[Math.min(end, text.length)]});
					if (matches.length >= matchLimit) return {matches, capped: true};
				}
			} else {
				const rows: number[] = [];
				const texts: string[] = [];
				for (let r = row; r <= last; r++) {
					rows.push(r);
					texts.push(this.text(r));
				}
				const joined = texts.join('');
				regex.lastIndex = 0;
				let hit: RegExpExecArray | null;
				while ((hit = regex.exec(joined)) !== null) {
					if (hit[0].length === 0) {
						regex.lastIndex++;
						continue;
					}
					matches.push(this.place(rows, texts, hit.index, hit.index + hit[0].length));
					if (matches.length >= matchLimit) return {matches, capped: true};
				}
			}
			row = last + 1;
		}
		return {matches, capped: false};
	}

	/** The selected text: by character (wrapped rows joined), whole rows, or a rectangle. */
	selectedText(from: HistoryPoint, to: HistoryPoint, shape: SelectionShape): string {
		const [start, end] = from.row < to.row || (from.row === to.row && from.col <= to.col) ? [from, to] : [to, from];
		const out: string[] = [];
		if (shape === 'block') {
			const left = Math.min(from.col, to.col);
			const right = Math.max(from.col, to.col) + 1;
			for (let row = start.row; row <= end.row; row++) out.push(this.slice(row, left, right));
			return out.join('\n');
		}
		let text = '';
		for (let row = start.row; row <= end.row; row++) {
			const left = shape === 'char' && row === start.row ? start.col : 0;
			const right = shape === 'char' && row === end.row ? end.col + 1 : this.cols;
			const continued = this.continues(row) && row < end.row;
			text += continued ? (this.line(row)?.translateToString(false, left, right) ?? '') : this.slice(row, left, right);
			if (!continued && row < end.row) {
				out.push(text);
				text = '';
			}
		}
		out.push(text);
		return out.join('\n');
	}

	/**
	 * Caches the text and wrap flag of every row above `until` (rows above the screen) that is not cached yet, reading
	 * xterm's line list directly: a first search over a long history reads every line once, and the public API's
	 * per-call wrappers and checks cost more than the text itself.
	 */
	private fill(until: number): void {
		const lines = this.lines;
		if (!lines || until <= 0) return;
		const dropped = this.dropped;
		const cache = this.cache;
		const wraps = this.wraps;
		let next = lines.get(0);
		for (let row = 0; row < until; row++) {
			const line = next;
			next = lines.get(row + 1);
			const index = row + dropped;
			if (wraps[index] === undefined) wraps[index] = line?.isWrapped ?? false;
			if (cache[index] !== undefined) continue;
			// The row below is above the screen too, or the first screen row: either way its flag is read as the row
			// that continues this one.
			const continued = next?.isWrapped ?? false;
			if (row + 1 < until && wraps[index + 1] === undefined) wraps[index + 1] = continued;
			cache[index] = line ? lineText(line, !continued) : '';
		}
	}

	/** Forgets cached text: a resize reflows the history. */
	invalidate(): void {
		this.cache = [];
		this.wraps = [];
		this.dropped = 0;
	}

	dispose(): void {
		this.trimListener?.dispose();
		this.cache = [];
	}

	private line(row: number): IBufferLine | undefined {
		return row < 0 ? undefined : this.buffers.active.getLine(row);
	}

	/** Keeps the cache keyed to the current line list (a full reset replaces it). */
	private cacheReady(): boolean {
		const lines = historyLinesOf(this.xterm);
		if (!lines) return false;
		if (lines !== this.lines) {
			this.trimListener?.dispose();
			this.lines = lines;
			this.invalidate();
			this.trimListener = lines.onTrim(amount => {
				this.dropped += amount;
				// Dropped entries are cleared in batches so the array does not grow without bound.
				if (this.dropped > 4096 && this.dropped * 2 > this.cache.length) {
					this.cache = this.cache.slice(this.dropped);
					this.wraps = this.wraps.slice(this.dropped);
					this.dropped = 0;
				}
			});
		}
		return true;
	}

	/** Turns text offsets of a wrapped run of rows into cell positions. */
	private place(rows: number[], texts: string[], start: number, end: number): HistoryMatch {
		const a = this.pointAt(rows, texts, start, false);
		const b = this.pointAt(rows, texts, end, true);
		return {row: a.row, col: a.col, endRow: b.row, endCol: b.col};
	}

	private pointAt(rows: number[], texts: string[], offset: number, inclusiveEnd: boolean): HistoryPoint {
		let index = 0;
		while (index < texts.length - 1 && (inclusiveEnd ? offset > texts[index].length : offset >= texts[index].length)) {
			offset -= texts[index].length;
			index++;
		}
		const row = rows[index];
		// Plain ASCII rows map offsets to columns one to one; only others need the cell walk.
		return {row, col: nonAscii.test(texts[index]) ? this.columns(row)[Math.min(offset, texts[index].length)] : offset};
	}
}

/** A row's text, flat: read from xterm's packed cells where they are as expected, else through its API. */
function lineText(line: IBufferLine | InternalLine, trimRight: boolean): string {
	const packed = isPackedLine(line) ? line : packedLineOf(line as IBufferLine);
	return packed ? readPackedText(packed, trimRight) : line.translateToString(trimRight);
}
