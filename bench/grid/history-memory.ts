/**
 * What history costs: the memory one pane's terminal holds per 1000 lines of it, measured in a process of its own
 * (run with --expose-gc) so nothing else's garbage is counted. Prints one JSON line.
 */
import process from 'node:process';
import {HeadlessTerminal} from '../../source/core/terminal/headless-terminal.js';

const [cols = 99, rows = 23, lines = 10_000] = process.argv.slice(2).map(Number);
const collect = (globalThis as {gc?: () => void}).gc;
if (!collect) throw new Error('run with --expose-gc');

function held(): number {
	collect!();
	collect!();
	const {heapUsed, arrayBuffers} = process.memoryUsage();
	return heapUsed + arrayBuffers;
}

const terminal = new HeadlessTerminal({cols, rows, scrollback: lines});
const write = (data: string) => new Promise<void>(resolve => terminal.write(data, resolve));
// A typical agent line: coloured, shorter than the pane.
const line = (n: number) => `\u001B[32m${String(n).padStart(6)}\u001B[0m ${'the quick brown fox jumps over '.repeat(2).slice(0, Math.max(0, cols - 20))}\r\n`;
await write(line(0));
const before = held();
for (let start = 1; start <= lines; start += 500) {
	let chunk = '';
	for (let n = start; n < start + 500; n++) chunk += line(n);
	await write(chunk);
}
const after = held();
console.log(JSON.stringify({cols, lines: terminal.heldLines, bytesPerThousandLines: (after - before) / (lines / 1000)}));
terminal.dispose();
