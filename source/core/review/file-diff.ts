/**
 * One file's unified diff as numbered lines and hunks. Built for very large diffs: the text is kept as one string and
 * each line is described by a few numbers in typed arrays, so a 100k-line diff costs one pass and no per-line objects
 * until a line is actually shown.
 */

export type DiffLineKind = 'meta' | 'hunk' | 'context' | 'added' | 'removed' | 'note';

export interface DiffLine {
	kind: DiffLineKind;
	/** The line without its leading marker ('+', '-', ' ', '\\'); hunk headers and meta lines are kept whole. */
	text: string;
	/** Line number in the old file (context and removed lines; the start of the old range on a hunk header). */
	oldNumber?: number;
	/** Line number in the new file (context and added lines; the start of the new range on a hunk header). */
	newNumber?: number;
}

/** A place in the file a reader can be pointed at: the new side when the line exists there, else the old side. */
export interface LineAnchor {
	side: 'new' | 'old';
	line: number;
}

const kinds: readonly DiffLineKind[] = ['meta', 'hunk', 'context', 'added', 'removed', 'note'];
const kindCode = Object.fromEntries(kinds.map((kind, index) => [kind, index])) as Record<DiffLineKind, number>;
const hunkHeader = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@/;
/** Header lines that only repeat what the file list already says. */
const redundantHeader = /^(?:diff --git |index |--- |\+\+\+ )/;

export class FileDiff {
	readonly lineCount: number;
	/** Git reported the file as binary: there are no lines to show. */
	readonly binary: boolean;
	/** Indices of the hunk header lines, ascending. */
	readonly hunks: readonly number[];
	private readonly text: string;
	private readonly starts: Int32Array;
	private readonly ends: Int32Array;
	private readonly kindCodes: Uint8Array;
	private readonly oldNumbers: Int32Array;
	private readonly newNumbers: Int32Array;

	private constructor(text: string, count: number, arrays: {starts: Int32Array; ends: Int32Array; kinds: Uint8Array; old: Int32Array; new: Int32Array}, hunks: number[], binary: boolean) {
		this.text = text;
		this.lineCount = count;
		this.starts = arrays.starts;
		this.ends = arrays.ends;
		this.kindCodes = arrays.kinds;
		this.oldNumbers = arrays.old;
		this.newNumbers = arrays.new;
		this.hunks = hunks;
		this.binary = binary;
	}

	/** Parses `git diff` output for one file (a rename git did not pair may come as two sections; both are kept). */
	static parse(text: string): FileDiff {
		let capacity = 1;
		for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) capacity++;
		const arrays = {
			starts: new Int32Array(capacity),
			ends: new Int32Array(capacity),
			kinds: new Uint8Array(capacity),
			old: new Int32Array(capacity),
			new: new Int32Array(capacity),
		};
		const hunks: number[] = [];
		let count = 0;
		let binary = false;
		let inHunk = false;
		let oldLine = 0;
		let newLine = 0;
		const push = (start: number, end: number, kind: DiffLineKind, oldNumber: number, newNumber: number): void => {
			arrays.starts[count] = start;
			arrays.ends[count] = end;
			arrays.kinds[count] = kindCode[kind];
			arrays.old[count] = oldNumber;
			arrays.new[count] = newNumber;
			count++;
		};
		let start = 0;
		while (start < text.length) {
			let end = text.indexOf('\n', start);
			if (end === -1) end = text.length;
			const next = end + 1;
			const contentEnd = end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
			const first = text[start];
			if (inHunk && (first === '+' || first === '-' || first === ' ' || first === '\\' || start === end)) {
				if (first === '+') push(start + 1, contentEnd, 'added', 0, newLine++);
				else if (first === '-') push(start + 1, contentEnd, 'removed', oldLine++, 0);
				else if (first === '\\') push(start, contentEnd, 'note', 0, 0);
				// A context line whose only content was a space may have lost it to whitespace cleanup on the way.
				else push(Math.min(start + 1, contentEnd), contentEnd, 'context', oldLine++, newLine++);
			} else {
				const match = first === '@' ? hunkHeader.exec(text.slice(start, Math.min(contentEnd, start + 200))) : null;
				if (match) {
					inHunk = true;
					oldLine = Number(match[1]);
					newLine = Number(match[2]);
					hunks.push(count);
					push(start, contentEnd, 'hunk', oldLine, newLine);
				} else {
					inHunk = false;
					const line = text.slice(start, Math.min(contentEnd, start + 200));
					if (line.startsWith('Binary files ') || line === 'GIT binary patch') binary = true;
					if (!redundantHeader.test(line) && contentEnd > start) push(start, contentEnd, 'meta', 0, 0);
				}
			}
			start = next;
		}
		return new FileDiff(text, count, arrays, hunks, binary);
	}

	line(index: number): DiffLine {
		if (index < 0 || index >= this.lineCount) throw new RangeError(`line ${index} is outside 0..${this.lineCount - 1}`);
		const line: DiffLine = {kind: kinds[this.kindCodes[index]!]!, text: this.text.slice(this.starts[index], this.ends[index])};
		if (this.oldNumbers[index]! > 0) line.oldNumber = this.oldNumbers[index]!;
		if (this.newNumbers[index]! > 0) line.newNumber = this.newNumbers[index]!;
		return line;
	}

	/** Lines [start, end), clamped to the diff. */
	lines(start: number, end: number): DiffLine[] {
		const result: DiffLine[] = [];
		for (let index = Math.max(0, start); index < Math.min(end, this.lineCount); index++) result.push(this.line(index));
		return result;
	}

	/** The first hunk header after `index`, if any. */
	nextHunk(index: number): number | undefined {
		const position = this.hunkPosition(index + 1);
		return this.hunks[position];
	}

	/** The last hunk header before `index`, if any. */
	previousHunk(index: number): number | undefined {
		const position = this.hunkPosition(index) - 1;
		return position >= 0 ? this.hunks[position] : undefined;
	}

	/** The biggest old and new line numbers, for the width of the number columns. */
	maxLineNumber(): number {
		let max = 0;
		// The last hunk holds the biggest numbers; scanning from the end stops early.
		for (let index = this.lineCount - 1; index >= 0 && index >= (this.hunks.at(-1) ?? 0); index--) {
			max = Math.max(max, this.oldNumbers[index]!, this.newNumbers[index]!);
		}
		return max;
	}

	/**
	 * Where in the file the line at `index` is: its own number, else (a removed line, a hunk header, a note) the
	 * nearest new-side line at or before it in the same hunk, else the old side.
	 */
	anchorAt(index: number): LineAnchor | undefined {
		if (index < 0 || index >= this.lineCount) return undefined;
		if (this.newNumbers[index]! > 0) return {side: 'new', line: this.newNumbers[index]!};
		for (let scan = index - 1; scan >= 0; scan--) {
			const kind = kinds[this.kindCodes[scan]!];
			if (kind === 'meta') break;
			if (kind === 'hunk') {
				if (this.newNumbers[scan]! > 0) return {side: 'new', line: this.newNumbers[scan]!};
				break;
			}
			if (this.newNumbers[scan]! > 0) return {side: 'new', line: this.newNumbers[scan]! + 1};
		}
		return this.oldNumbers[index]! > 0 ? {side: 'old', line: this.oldNumbers[index]!} : undefined;
	}

	/** Index into `hunks` of the first header at or after `index` (binary search). */
	private hunkPosition(index: number): number {
		let low = 0;
		let high = this.hunks.length;
		while (low < high) {
			const middle = (low + high) >> 1;
			if (this.hunks[middle]! < index) low = middle + 1;
			else high = middle;
		}
		return low;
	}
}
