/**
 * Copy mode with 8 panes x 100k lines of history: the CPU of one scroll step (the view moves a line and the
 * compositor sends the difference), a search over all history (first search, which reads every line once, and
 * again), and the memory the history costs per 100k lines. Targets: a step <= 2 ms CPU (one frame), a search
 * <= 150 ms. Prints medians; asserts nothing.
 */
import {createRowCells} from '../source/core/terminal/cells.js';
import {HeadlessTerminal} from '../source/core/terminal/headless-terminal.js';
import {compileQuery} from '../source/core/terminal/history-query.js';
import {CopyMode} from '../source/ui/copy/copy-mode.js';
import {CopyView} from '../source/ui/copy/copy-view.js';
import {Compositor} from '../source/ui/render/compositor.js';

const panes = 8;
const lines = 100_000;
const cols = 100;
const rows = 25;

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)];
}

function cpuMs(): number {
	const usage = process.cpuUsage();
	return (usage.user + usage.system) / 1000;
}

/** Agent-like output: a line number, words and now and then a colour. */
function history(seed: number): string {
	const words = ['reading', 'src/app.ts', 'tests', 'passed', 'error', 'const', 'value', 'return', 'await', 'diff'];
	let out = '';
	for (let i = 0; i < lines; i++) {
		const a = words[(i * 7 + seed) % words.length];
		const b = words[(i * 3 + seed * 5) % words.length];
		out += i % 9 === 0 ? `\x1b[32m${i} ${a}\x1b[0m ${b} line of output from pane ${seed}\r\n` : `${i} ${a} ${b} line of output from pane ${seed} with some more text\r\n`;
	}
	return out;
}

function write(terminal: HeadlessTerminal, data: string): Promise<void> {
	return new Promise(resolve => terminal.write(data, resolve));
}

export async function run(): Promise<void> {
	globalThis.gc?.();
	const before = process.memoryUsage();
	const terminals: HeadlessTerminal[] = [];
	for (let i = 0; i < panes; i++) {
		const terminal = new HeadlessTerminal({cols, rows, scrollback: lines});
		await write(terminal, history(i));
		terminals.push(terminal);
	}
	globalThis.gc?.();
	const after = process.memoryUsage();
	const perPane = (after.rss - before.rss) / panes / 1024 / 1024;
	const heapPerPane = (after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers) / panes / 1024 / 1024;
	console.log(`history memory: ${perPane.toFixed(1)} MB RSS, ${heapPerPane.toFixed(1)} MB heap per 100k lines (${cols}-column pane, ${terminals[0].history.length} rows kept)${globalThis.gc ? '' : ' (run node with --expose-gc for steadier figures)'}`);

	// Scroll steps: the view moves one line, the compositor recomposes the pane and emits what changed.
	const noop = () => {};
	const copy = new CopyMode(terminals[0].history, {exit: noop, copy: noop, changed: noop, flash: noop, keys: () => ''});
	const view = new CopyView(copy, terminals[0]);
	const compositor = new Compositor(cols + 2, rows + 2);
	compositor.setChrome({cols: cols + 2, rows: rows + 2, readRow: (_y, into) => into ?? createRowCells(cols + 2)});
	compositor.setPanes([{surface: view, rect: {x: 1, y: 1, width: cols, height: rows}}]);
	compositor.frame(undefined);
	copy.run('copy.half-up');
	const steps: number[] = [];
	let bytes = 0;
	for (let i = 0; i < 400; i++) {
		const start = cpuMs();
		copy.run(i % 2 === 0 ? 'copy.up' : 'copy.page-up');
		compositor.markPaneRows(0, view.takeDirtyRows().rows);
		bytes += compositor.frame(view.cursor() && {x: 1 + view.cursor().x, y: 1 + view.cursor().y, visible: true}).length;
		steps.push(cpuMs() - start);
	}
	console.log(`scroll step (line or page up, composed and diffed): median ${median(steps).toFixed(3)} ms CPU, ${Math.round(bytes / steps.length)} bytes per frame (target <= 2 ms)`);

	// Search over all history, every pane.
	const query = compileQuery('error \\w+ line of output from pane [0-7]$')!;
	// Wall time and CPU time: on a busy machine the wall time also counts the time other processes had the CPU.
	const search = (regex: RegExp): {ms: number; cpu: number; hits: number} => {
		const start = performance.now();
		const startCpu = cpuMs();
		let hits = 0;
		for (const terminal of terminals) hits += terminal.history.search(regex).matches.length;
		return {ms: performance.now() - start, cpu: cpuMs() - startCpu, hits};
	};
	const first = search(query.regex);
	const again = Array.from({length: 5}, () => search(query.regex));
	console.log(`search over ${panes} x ${lines / 1000}k lines: first ${first.ms.toFixed(0)} ms (${first.cpu.toFixed(0)} CPU-ms; reads every line once), then median ${median(again.map(r => r.ms)).toFixed(0)} ms (${median(again.map(r => r.cpu)).toFixed(0)} CPU-ms), ${again[0].hits} hits (target <= 150 ms)`);
	const literal = compileQuery('pane 3 with some')!;
	const literalRuns = Array.from({length: 5}, () => search(literal.regex));
	console.log(`plain-text search over all history: median ${median(literalRuns.map(r => r.ms)).toFixed(0)} ms (${median(literalRuns.map(r => r.cpu)).toFixed(0)} CPU-ms), ${literalRuns[0].hits} hits`);
	copy.dispose();
	for (const terminal of terminals) terminal.dispose();
}
