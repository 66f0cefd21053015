import {readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import {rowEquals} from '../../../source/core/terminal/cells.js';
import {HeadlessTerminal} from '../../../source/core/terminal/headless-terminal.js';
import {roundTripMismatches, writeAndParse} from './support.js';

const recordingsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/recordings');

interface Recording {
	name: string;
	command: string;
	cols: number;
	rows: number;
	expect: string[];
}

const recordings = readdirSync(recordingsDir)
	.filter(file => file.endsWith('.json'))
	.map(file => JSON.parse(readFileSync(path.join(recordingsDir, file), 'utf8')) as Recording);

const CHECKPOINTS = 12;

describe('recorded programs', () => {
	it('has the recordings the fidelity suite promises', () => {
		expect(recordings.map(r => r.name)).toEqual(expect.arrayContaining(['vim', 'less', 'git-log-graph', 'htop', 'node-test', 'vttest']));
	});

	for (const recording of recordings) {
		it(`${recording.name} (${recording.command}) round-trips at every checkpoint`, async () => {
			const bytes = new Uint8Array(readFileSync(path.join(recordingsDir, `${recording.name}.bin`)));
			const terminal = new HeadlessTerminal({cols: recording.cols, rows: recording.rows});
			try {
				// Odd slice sizes split escape sequences and UTF-8 characters, as pty reads do.
				const slice = Math.max(1, Math.floor(bytes.length / CHECKPOINTS) + 7);
				for (let offset = 0; offset < bytes.length; offset += slice) {
					await writeAndParse(terminal, bytes.subarray(offset, offset + slice));
					expect(await roundTripMismatches(terminal), `after ${offset + slice} bytes`).toEqual([]);
					for (let y = 0; y < terminal.rows; y++) {
						expect(rowEquals(terminal.readRow(y), terminal.readRowViaPublicApi(y))).toBe(true);
					}
				}
				const screen = terminal.screenText().join('\n');
				expect(screen.trim()).not.toBe('');
				for (const text of recording.expect) {
					expect(screen).toContain(text);
				}
			} finally {
				terminal.dispose();
			}
		});
	}
});
