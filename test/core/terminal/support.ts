/** Shared helpers for the terminal tests: awaiting parses, comparing screens cell by cell, a seeded generator. */
import {createRowCells, type RowCells} from '../../../source/core/terminal/cells.js';
import {HeadlessTerminal} from '../../../source/core/terminal/headless-terminal.js';
import {serializeScreen} from '../../../source/core/terminal/serializer.js';

export function writeAndParse(terminal: HeadlessTerminal, data: string | Uint8Array): Promise<void> {
	return new Promise(resolve => terminal.write(data, resolve));
}

function describeCell(cells: RowCells, x: number): string {
	return JSON.stringify({
		char: cells.chars[x], width: cells.widths[x], fg: cells.fg[x].toString(16), bg: cells.bg[x].toString(16), flags: cells.flags[x], ul: cells.ul[x].toString(16),
	});
}

/** Every cell that differs between the two terminals' screens (at most `limit`), as readable strings. */
export function screenMismatches(expected: HeadlessTerminal, actual: HeadlessTerminal, limit = 5): string[] {
	const mismatches: string[] = [];
	if (expected.cols !== actual.cols || expected.rows !== actual.rows) {
		return [`size ${expected.cols}x${expected.rows} vs ${actual.cols}x${actual.rows}`];
	}
	const a = createRowCells(expected.cols);
	const b = createRowCells(actual.cols);
	for (let y = 0; y < expected.rows && mismatches.length < limit; y++) {
		expected.readRow(y, a);
		actual.readRow(y, b);
		for (let x = 0; x < a.cols && mismatches.length < limit; x++) {
			const left = describeCell(a, x);
			const right = describeCell(b, x);
			if (left !== right) {
				mismatches.push(`row ${y} col ${x}: expected ${left} got ${right}`);
			}
		}
	}
	return mismatches;
}

/** Serializes `original`, replays the result in a fresh terminal of the same size, returns the mismatches. */
export async function roundTripMismatches(original: HeadlessTerminal): Promise<string[]> {
	const copy = new HeadlessTerminal({cols: original.cols, rows: original.rows});
	try {
		await writeAndParse(copy, serializeScreen(original));
		const mismatches = screenMismatches(original, copy);
		const [from, to] = [original.cursor, copy.cursor];
		if (from.x !== to.x || from.y !== to.y || from.visible !== to.visible) {
			mismatches.push(`cursor ${JSON.stringify(from)} vs ${JSON.stringify(to)}`);
		}
		return mismatches;
	} finally {
		copy.dispose();
	}
}

/** Mulberry32: small, fast and good enough to make fuzz corpora reproducible from a seed. */
export function seededRandom(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6D2B79F5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}
