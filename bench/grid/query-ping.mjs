#!/usr/bin/env node
/**
 * Asks its terminal DA1 `count` times, one after another, and writes the round trips (ms, from the query written to
 * the answer read) as JSON to the file named by its first argument: the latency a program sees for its questions.
 */
import {writeFileSync} from 'node:fs';

const [file, countText = '400'] = process.argv.slice(2);
const count = Number(countText);
const times = [];
let started = 0;
let received = '';
process.stdin.setRawMode(true);
process.stdin.on('data', chunk => {
	received += chunk.toString('latin1');
	if (!/\u001B\[\?[\d;]*c/.test(received)) return;
	times.push(performance.now() - started);
	received = '';
	if (times.length < count) ask();
	else {
		writeFileSync(file, JSON.stringify(times));
		process.stdin.setRawMode(false);
		process.stdout.write('pings done\r\n');
		setTimeout(() => process.exit(0), 50);
	}
});
function ask() {
	started = performance.now();
	process.stdout.write('\u001B[c');
}
setTimeout(ask, 100);
