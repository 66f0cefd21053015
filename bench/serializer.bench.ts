/**
 * Serializer and cell-model speed: full-frame serialization of one 200x50 pane and of four 100x25 panes, the cost
 * of reading every visible row as cells, and of the per-row dirty check. Prints medians; asserts nothing.
 * Target from the design brief: <= 0.3 ms per 200x50 frame.
 */
import {createRowCells} from '../source/core/terminal/cells.js';
import {HeadlessTerminal} from '../source/core/terminal/headless-terminal.js';
import {serializeScreen} from '../source/core/terminal/serializer.js';

const words = ['const', 'value', 'return', 'function', 'import', '中文', 'émoji', '✓', 'await', 'terminal', '=>', '{', '}'];

/** A screen that looks like an agent at work: syntax-coloured code, truecolor diff lines, a boxed prompt. */
function agentLikeScreen(cols: number, rows: number, seed: number): string {
	let out = '';
	let state = seed;
	const next = (n: number) => {
		state = (state * 1103515245 + 12345) >>> 0;
		return state % n;
	};
	for (let y = 0; y < rows; y++) {
		out += `\x1b[${y + 1};1H`;
		if (y === rows - 4 || y === rows - 1) {
			out += `\x1b[38;5;245m╭${'─'.repeat(cols - 2)}╮\x1b[0m`;
			continue;
		}
		if (y % 7 === 3) {
			out += `\x1b[48;2;30;60;30m\x1b[38;2;180;255;180m+ added line ${y}\x1b[K\x1b[0m`;
			continue;
		}
		let width = 0;
		while (width < cols - 12) {
			const word = words[next(words.length)];
			const style = next(6);
			out += style === 0 ? `\x1b[1;34m${word}\x1b[0m ` : style === 1 ? `\x1b[38;5;${next(256)}m${word}\x1b[39m ` : style === 2 ? `\x1b[2;3m${word}\x1b[22;23m ` : `${word} `;
			width += word.length + 1 + (/[^\x00-\x7f]/.test(word) ? 2 : 0);
		}
	}
	return out;
}

/** Mostly plain text with a coloured prefix per line, like build or test output. */
function logLikeScreen(cols: number, rows: number): string {
	let out = '';
	for (let y = 0; y < rows; y++) {
		const prefix = y % 3 === 0 ? '\x1b[32m✓\x1b[0m' : y % 3 === 1 ? '\x1b[31m✗\x1b[0m' : '\x1b[2m·\x1b[22m';
		out += `\x1b[${y + 1};1H${prefix} ${`test case number ${y} passes through the serializer `.repeat(8).slice(0, cols - 10)}`;
	}
	return out;
}

async function filled(cols: number, rows: number, seed: number, content = agentLikeScreen(cols, rows, seed)): Promise<HeadlessTerminal> {
	const terminal = new HeadlessTerminal({cols, rows});
	await new Promise<void>(resolve => terminal.write(content, resolve));
	return terminal;
}

/**
 * CPU time (not wall time: the benches share a loaded 2-core machine) per call: the median over batches of
 * `batch` calls, so a preempted batch does not skew the figure.
 */
function medianMicros(iterations: number, work: () => void, batch = 20): number {
	for (let i = 0; i < Math.min(50, iterations); i++) work();
	const samples: number[] = [];
	for (let done = 0; done < iterations; done += batch) {
		const start = process.cpuUsage();
		for (let i = 0; i < batch; i++) work();
		const used = process.cpuUsage(start);
		samples.push((used.user + used.system) / batch);
	}
	samples.sort((a, b) => a - b);
	return samples[Math.floor(samples.length / 2)];
}

export async function run(): Promise<void> {
	const big = await filled(200, 50, 1);
	const quads = await Promise.all([1, 2, 3, 4].map(seed => filled(100, 25, seed)));
	let bytes = 0;
	const full = medianMicros(500, () => {
		bytes = serializeScreen(big).length;
	});
	const four = medianMicros(500, () => {
		for (const terminal of quads) serializeScreen(terminal);
	});
	const log = await filled(200, 50, 0, logLikeScreen(200, 50));
	let logBytes = 0;
	const plain = medianMicros(500, () => {
		logBytes = serializeScreen(log).length;
	});
	log.dispose();
	const row = createRowCells(200);
	const read = medianMicros(500, () => {
		for (let y = 0; y < big.rows; y++) big.readRow(y, row);
	});
	const readPublic = medianMicros(100, () => {
		for (let y = 0; y < big.rows; y++) big.readRowViaPublicApi(y, row);
	});
	const dirtyIdle = medianMicros(20_000, () => big.takeDirtyRows(), 1000);
	const dirtyAfterWrite: number[] = [];
	for (let i = 0; i < 200; i++) {
		await new Promise<void>(resolve => big.write(`\x1b[${1 + (i % 50)};1Hx${i}`, resolve));
		const start = process.cpuUsage();
		big.takeDirtyRows();
		const used = process.cpuUsage(start);
		dirtyAfterWrite.push(used.user + used.system);
	}
	dirtyAfterWrite.sort((a, b) => a - b);

	console.log(`serializeScreen 200x50:        ${full.toFixed(1)} µs per frame (${bytes} bytes, every word styled; target <= 300 µs)`);
	console.log(`serializeScreen 4 x 100x25:    ${four.toFixed(1)} µs per frame`);
	console.log(`serializeScreen 200x50 log:    ${plain.toFixed(1)} µs per frame (${logBytes} bytes; mostly plain text)`);
	console.log(`readRow x50 (200 cols):        ${read.toFixed(1)} µs per frame, ${(read * 1000 / (200 * 50)).toFixed(1)} ns per cell`);
	console.log(`  same via public cell API:    ${readPublic.toFixed(1)} µs per frame`);
	console.log(`takeDirtyRows, nothing parsed: ${dirtyIdle.toFixed(2)} µs`);
	console.log(`takeDirtyRows after a write:   ${dirtyAfterWrite[100].toFixed(1)} µs (200x50, one row changed)`);
	big.dispose();
	quads.forEach(t => t.dispose());
}
