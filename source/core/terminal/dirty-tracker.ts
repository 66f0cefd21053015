/**
 * Which viewport rows changed since the last look. Keeps a copy of the packed cells of every visible row and
 * compares it with the buffer: exact whatever moved the content (scrolls, scroll regions, inserts, reflow, screen
 * switches), and cheap (a 200x50 screen is 30,000 integer comparisons, skipped entirely when nothing was parsed).
 */
import type {PackedLine} from './xterm-internals.js';

export interface DirtyRows {
	/** True when every row must be repainted (first read, resize, screen switch). `rows` then lists them all. */
	readonly all: boolean;
	/** Changed viewport rows in ascending order. */
	readonly rows: readonly number[];
}

const CONTENT_IS_COMBINED = 0x200000;

export class DirtyTracker {
	private cols: number;
	private rows: number;
	private snapshot: Uint32Array;
	private combined: (string | undefined)[];
	private everything = true;
	private changed = true;

	constructor(cols: number, rows: number) {
		this.cols = cols;
		this.rows = rows;
		this.snapshot = new Uint32Array(cols * rows * 3);
		this.combined = [];
	}

	/** Something was parsed: rows may differ from the snapshot. */
	markChanged(): void {
		this.changed = true;
	}

	/** Report every row next time (screen switch, reset). */
	markAll(): void {
		this.everything = true;
		this.changed = true;
	}

	resize(cols: number, rows: number): void {
		this.cols = cols;
		this.rows = rows;
		this.snapshot = new Uint32Array(cols * rows * 3);
		this.combined = [];
		this.markAll();
	}

	/** `lineAt(y)` gives the packed viewport row y, or undefined when internals are unavailable (then all rows). */
	take(lineAt: (y: number) => PackedLine | undefined): DirtyRows {
		if (!this.changed) {
			return {all: false, rows: []};
		}
		this.changed = false;
		const dirty: number[] = [];
		let all = this.everything;
		this.everything = false;
		for (let y = 0; y < this.rows; y++) {
			const line = lineAt(y);
			if (!line) {
				all = true;
				this.everything = true;
				continue;
			}
			if (this.syncRow(y, line) || all) {
				dirty.push(y);
			}
		}
		return {all, rows: dirty};
	}

	/** Copies row y into the snapshot; returns whether it differed. */
	private syncRow(y: number, line: PackedLine): boolean {
		const data = line._data;
		const cols = this.cols;
		const base = y * cols * 3;
		const cells = Math.min(cols, line.length, Math.floor(data.length / 3));
		const snapshot = this.snapshot;
		const combined = this.combined;
		const combinedFlag = CONTENT_IS_COMBINED;
		let differs = false;
		for (let x = 0; x < cells; x++) {
			const i = x * 3;
			const content = data[i];
			if (snapshot[base + i] !== content || snapshot[base + i + 1] !== data[i + 1] || snapshot[base + i + 2] !== data[i + 2]
				// A combined cell's packed word stays the same when its text changes: compare the text too.
				|| ((content & combinedFlag) !== 0 && line._combined[x] !== combined[y * cols + x])) {
				differs = true;
				break;
			}
		}
		for (let i = cells * 3; !differs && i < cols * 3; i++) {
			differs = snapshot[base + i] !== 0;
		}
		if (!differs) {
			return false;
		}
		snapshot.set(data.subarray(0, cells * 3), base);
		snapshot.fill(0, base + cells * 3, base + cols * 3);
		for (let x = 0; x < cols; x++) {
			combined[y * cols + x] = x < cells && (data[x * 3] & combinedFlag) ? line._combined[x] : undefined;
		}
		return true;
	}
}
