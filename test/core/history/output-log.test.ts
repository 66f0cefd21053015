/**
 * The output log's promises, on real files: what a program printed comes back exactly (whatever the bytes), the two
 * files together stay within the size limit however much is printed, the newest output is what is kept, a record
 * cut short by a kill -9 loses only itself, and a restarted agent continues the same log.
 */
import {appendFile, readFile, rm, stat, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {decodeRecords, encodeRecord, logMagic} from '../../../source/core/history/log-format.js';
import {logPaths, readLog, removeLog} from '../../../source/core/history/log-files.js';
import {logText} from '../../../source/core/history/log-text.js';
import {OutputLog} from '../../../source/core/history/output-log.js';
import {replayLog, terminalSnapshot} from '../../../source/core/history/replay.js';
import {HeadlessTerminal} from '../../../source/core/terminal/headless-terminal.js';
import {serializeScreen} from '../../../source/core/terminal/serializer.js';
import {Session} from '../../../source/core/session/session.js';
import {makeTempDir} from '../../helpers/git-repo.js';
import {baseEnv} from '../session/pty-helpers.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
	for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function paths(slug = 'fix-login') {
	const dir = await makeTempDir('agentgrid-log-');
	cleanups.push(() => rm(dir, {recursive: true, force: true}));
	return logPaths(dir, slug);
}

async function sizeOf(file: string): Promise<number> {
	return (await stat(file).catch(() => ({size: 0}))).size;
}

function outputOf(records: Awaited<ReturnType<typeof readLog>>): string {
	return (records ?? []).map(record => (record.kind === 'output' ? record.text : '')).join('');
}

describe('OutputLog', () => {
	it('stores any bytes a program prints and reads them back unchanged', async () => {
		const files = await paths();
		const {log, hadOutput} = await OutputLog.open(files, {maxBytes: 1024 * 1024});
		expect(hadOutput).toBe(false);
		// Control bytes, escape sequences, NULs, our own magic and record-like bytes, emoji and replacement characters.
		const hostile = ['\u0000\u0001\u001B[2J\u001B]0;title\u0007', logMagic.toString('latin1'), 'o\u0000\u0000\u0000\u0005hello', '👩‍👩‍👧 \uFFFD', '\r\n'.repeat(3)];
		log.resize(100, 30);
		for (const text of hostile) log.output(text);
		await log.close();
		const records = await readLog(files);
		expect(records?.[0]).toEqual({kind: 'size', cols: 100, rows: 30});
		expect(outputOf(records)).toBe(hostile.join(''));
	});

	it('keeps both files within the size limit and the newest output in them', async () => {
		const files = await paths();
		const maxBytes = 64 * 1024;
		const {log} = await OutputLog.open(files, {maxBytes, flushMs: 1});
		log.resize(80, 24);
		let printed = 0;
		for (let batch = 0; batch < 40; batch++) {
			// Each batch is one large read (more than a file's share), then many small ones.
			log.output(`${'x'.repeat(70_000)}\r\n`);
			for (let line = 0; line < 200; line++) log.output(`line ${printed++}\r\n`);
			await log.flush();
			const total = await sizeOf(files.current) + await sizeOf(files.previous);
			// Within the limit, give or take the one record that started the current file.
			expect(total).toBeLessThanOrEqual(maxBytes + 16 * 1024);
		}
		await log.close();
		const records = await readLog(files);
		const text = outputOf(records);
		expect(text).toContain(`line ${printed - 1}\r\n`);
		expect(text).not.toContain('line 0\r\n');
		// Each file begins with the size in effect, so the previous file replays on its own.
		const previous = decodeRecords(await readFile(files.previous));
		expect(previous[0]).toEqual({kind: 'size', cols: 80, rows: 24});
	});

	it('never splits a character between two records', async () => {
		const files = await paths();
		const {log} = await OutputLog.open(files, {maxBytes: 8 * 1024});
		const text = '😀'.repeat(3000);
		log.output(text);
		await log.close();
		const records = await readLog(files);
		for (const record of records ?? []) {
			if (record.kind === 'output') expect(record.text).not.toContain('\uFFFD');
		}
	});

	it('loses only the record a kill -9 cut short, and appends after it cleanly', async () => {
		const files = await paths();
		const first = await OutputLog.open(files, {maxBytes: 1024 * 1024});
		first.log.resize(80, 24);
		first.log.output('before the crash\r\n');
		await first.log.close();
		// Half a record, as a write interrupted by SIGKILL leaves it.
		await appendFile(files.current, encodeRecord({kind: 'output', text: 'lost in the crash'}).subarray(0, 9));
		const second = await OutputLog.open(files, {maxBytes: 1024 * 1024});
		expect(second.hadOutput).toBe(true);
		second.log.restart(new Date('2026-01-02T03:04:05Z'));
		second.log.output('after the restart\r\n');
		await second.log.close();
		const records = await readLog(files);
		expect(outputOf(records)).toBe('before the crash\r\nafter the restart\r\n');
		expect(records?.some(record => record.kind === 'restart')).toBe(true);
	});

	it('takes over a file that is not a log instead of appending to it', async () => {
		const files = await paths();
		const {log} = await OutputLog.open(files, {maxBytes: 1024 * 1024});
		await log.close();
		await writeFile(files.current, 'not a log at all');
		expect(await readLog(files)).toEqual([]);
		const again = await OutputLog.open(files, {maxBytes: 1024 * 1024});
		again.log.output('fresh');
		await again.log.close();
		expect(outputOf(await readLog(files))).toBe('fresh');
	});

	it('removes both files', async () => {
		const files = await paths();
		const {log} = await OutputLog.open(files, {maxBytes: 4096, flushMs: 1});
		for (let i = 0; i < 50; i++) log.output(`${'y'.repeat(200)}\r\n`);
		await log.close();
		expect(await sizeOf(files.previous)).toBeGreaterThan(0);
		await removeLog(files);
		expect(await readLog(files)).toBeUndefined();
	});
});

describe('replay', () => {
	it('lets the event loop run between the pieces of a long log, so a server replaying it keeps serving', async () => {
		// 4 MB of output: about four pieces.
		const line = `${'x'.repeat(79)}\r\n`;
		const records = Array.from({length: 4 * 1024 * 1024 / line.length / 64}, () => ({kind: 'output' as const, text: line.repeat(64)}));
		let turns = 0;
		let replaying = true;
		const tick = () => {
			turns++;
			if (replaying) setImmediate(tick);
		};
		setImmediate(tick);
		const terminal = await replayLog(records, {scrollback: 100});
		replaying = false;
		terminal.dispose();
		expect(turns).toBeGreaterThanOrEqual(4);
	});

	it('brings back the last screen exactly and the lines above it as history', async () => {
		const files = await paths();
		const {log} = await OutputLog.open(files, {maxBytes: 1024 * 1024});
		log.resize(40, 5);
		for (let i = 1; i <= 30; i++) log.output(`\u001B[31mred ${i}\u001B[0m plain\r\n`);
		log.resize(30, 5);
		log.output('\u001B[1mlast\u001B[0m');
		await log.close();
		const terminal = await replayLog((await readLog(files))!, {scrollback: 1000});
		try {
			expect([terminal.cols, terminal.rows]).toEqual([30, 5]);
			expect(terminal.screenText()).toEqual(['red 27 plain', 'red 28 plain', 'red 29 plain', 'red 30 plain', 'last']);
			const plain = logText(terminal, false).split('\n');
			expect(plain[0]).toBe('red 1 plain');
			expect(plain.at(-2)).toBe('last');
			expect(logText(terminal, true)).toContain('\u001B[31mred 1');
		} finally {
			terminal.dispose();
		}
	});

	it('marks a restart and leaves the alternate screen of the run before', async () => {
		const files = await paths();
		const first = await OutputLog.open(files, {maxBytes: 1024 * 1024});
		first.log.resize(40, 5);
		first.log.output('shell line\r\n\u001B[?1049h\u001B[?1000h\u001B[?1006h\u001B[?2004h\u001B[Hfull-screen app');
		await first.log.close();
		const second = await OutputLog.open(files, {maxBytes: 1024 * 1024});
		second.log.resize(40, 5);
		second.log.restart(new Date());
		second.log.output('second run\r\n');
		await second.log.close();
		const terminal = await replayLog((await readLog(files))!, {scrollback: 1000});
		try {
			expect(terminal.modes).toMatchObject({alternateScreen: false, mouseTracking: 'none', mouseEncoding: 'default', bracketedPaste: false});
			const text = logText(terminal, false);
			expect(text).toMatch(/shell line\n[^]*── restarted [^\n]* ──\nsecond run\n$/);
		} finally {
			terminal.dispose();
		}
	});

	it('puts the restart line below the last output of the run before, not over it', async () => {
		const files = await paths();
		const first = await OutputLog.open(files, {maxBytes: 1024 * 1024});
		first.log.resize(20, 4);
		for (let i = 1; i <= 10; i++) first.log.output(`a${i}\r\n`);
		// The cursor left above the last line drawn, as a program with a prompt box leaves it.
		first.log.output('\u001B[2;3r\u001B[4;1H$ \u001B[2;1H');
		await first.log.close();
		const second = await OutputLog.open(files, {maxBytes: 1024 * 1024});
		second.log.resize(20, 4);
		second.log.restart(new Date());
		second.log.output('b1\r\nb2\r\n');
		await second.log.close();
		const terminal = await replayLog((await readLog(files))!, {scrollback: 1000});
		try {
			const lines = logText(terminal, false).split('\n');
			expect(lines.slice(0, 11)).toEqual([...Array.from({length: 10}, (_, i) => `a${i + 1}`), '$']);
			expect(lines[11]).toMatch(/^── restarted .* ──$/);
			expect(lines.slice(12)).toEqual(['b1', 'b2', '']);
			// The new run starts on a blank screen; the old one is history above it.
			expect(terminal.screenText()).toEqual(['b1', 'b2', '', '']);
		} finally {
			terminal.dispose();
		}
	});

	it('replays a real program\'s random bytes to the same screen it drew', async () => {
		const files = await paths();
		const {log} = await OutputLog.open(files, {maxBytes: 4 * 1024 * 1024, flushMs: 5});
		// Random bytes: broken UTF-8, control characters, partial escape sequences, queries, mode switches.
		const session = await Session.start({
			file: '/bin/sh',
			args: ['-c', 'head -c 30000 /dev/urandom; printf "\\n--end--"'],
			cwd: path.dirname(files.current),
			env: baseEnv(),
			cols: 50,
			rows: 12,
			recorder: log,
		});
		try {
			await new Promise<void>(resolve => session.onExit(() => resolve()));
			await log.close();
			const terminal = await replayLog((await readLog(files))!, {scrollback: 1000});
			try {
				expect(terminal.screenText()).toEqual(session.terminal.screenText());
				expect(terminal.modes.alternateScreen).toBe(session.terminal.modes.alternateScreen);
			} finally {
				terminal.dispose();
			}
		} finally {
			await session.dispose();
		}
	});

	it('snapshots what the output after it relies on: the pen, the scroll region and the line-drawing charset', async () => {
		const write = (terminal: HeadlessTerminal, data: string) => new Promise<void>(resolve => terminal.write(data, resolve));
		const original = new HeadlessTerminal({cols: 20, rows: 6});
		const copy = new HeadlessTerminal({cols: 20, rows: 6});
		try {
			await write(original, 'top\r\n\u001B[2;4r\u001B[3;2H\u001B[1;4:3;38;2;10;20;30;48;5;200mpen\u001B(0');
			const snapshot = terminalSnapshot(original);
			expect(snapshot).toBeDefined();
			await write(copy, snapshot!);
			// Printed with the pen and charset, then scrolled within the region only: `top` stays on row 1.
			const rest = 'qx\r\n\n\n\nend';
			await write(original, rest);
			await write(copy, rest);
			expect(copy.screenText()).toEqual(original.screenText());
			expect(original.screenText()[0]).toBe('top');
			expect(serializeScreen(copy)).toBe(serializeScreen(original));
		} finally {
			original.dispose();
			copy.dispose();
		}
	});

	it('starts no file inside an escape sequence that a chunk of output cut in two', async () => {
		const files = await paths();
		const {log} = await OutputLog.open(files, {maxBytes: 16 * 1024, flushMs: 5});
		const terminal = new HeadlessTerminal({cols: 40, rows: 10});
		log.resize(40, 10);
		log.snapshotFrom(lastOutput => terminalSnapshot(terminal, lastOutput));
		const write = (data: string) => new Promise<void>(resolve => terminal.write(data, () => {
			log.output(data);
			resolve();
		}));
		try {
			// Most chunks end in the middle of a colour sequence whose rest (`3Nm`) opens the next chunk: a file started
			// there would replay that rest as text.
			for (let i = 0; i < 2000; i++) {
				if (i % 5 === 4) await write(`\u001B[3${i % 8}mline ${i}\u001B[0m\r\n`);
				else {
					await write('\u001B[');
					await write(`3${i % 8}mline ${i}\u001B[0m\r\n`);
				}
			}
			await log.close();
			expect(await sizeOf(files.previous)).toBeGreaterThan(0);
			const replayed = await replayLog((await readLog(files))!, {scrollback: 5000});
			try {
				const lines = logText(replayed, false).split('\n').filter(line => line !== '');
				expect(lines.length).toBeGreaterThan(100);
				expect(lines.filter(line => !/^line \d+$/.test(line))).toEqual([]);
				expect(serializeScreen(replayed)).toBe(serializeScreen(terminal));
			} finally {
				replayed.dispose();
			}
		} finally {
			terminal.dispose();
		}
	});

	it('reopens a sequence cut short without the control characters it already carried out', async () => {
		const write = (terminal: HeadlessTerminal, data: string) => new Promise<void>(resolve => terminal.write(data, resolve));
		const original = new HeadlessTerminal({cols: 20, rows: 6});
		const copy = new HeadlessTerminal({cols: 20, rows: 6});
		try {
			// The line feed inside the open CSI moves the cursor at once; the OSC's data stays data.
			for (const [cut, rest] of [['ab\r\ncd\u001B[1\n', 'Xyz'], ['top\u001B]2;one\ttwo', '\u0007next']] as const) {
				await write(original, cut);
				const snapshot = terminalSnapshot(original, cut);
				expect(snapshot).toBeDefined();
				await write(copy, snapshot!);
				await write(original, rest);
				await write(copy, rest);
				expect(serializeScreen(copy)).toBe(serializeScreen(original));
				expect(copy.cursor).toEqual(original.cursor);
				expect(copy.title).toBe(original.title);
			}
		} finally {
			original.dispose();
			copy.dispose();
		}
	});

	it('rotates on time when no chunk ever ends between sequences, and each file replays on its own', async () => {
		const files = await paths();
		const fileLimit = 16 * 1024;
		const {log} = await OutputLog.open(files, {maxBytes: 2 * fileLimit, flushMs: 5});
		const terminal = new HeadlessTerminal({cols: 30, rows: 8});
		log.resize(30, 8);
		log.snapshotFrom(lastOutput => terminalSnapshot(terminal, lastOutput));
		let biggestFile = 0;
		const write = (data: string) => new Promise<void>(resolve => terminal.write(data, () => {
			log.output(data);
			resolve();
		}));
		try {
			await write('\u001B[?1049h\u001B[2J');
			// Every chunk stops inside a cursor move, a colour, a title (OSC) or a charset choice, so the screen never
			// comes to rest where a chunk ends: waiting for one would let the file grow without bound.
			const cuts = ['\u001B[', '\u001B[3', '\u001B]2;title ', '\u001B(', '\u001B'];
			const finish = (cut: string, i: number) => cut === '\u001B[' ? `${1 + (i % 8)};${1 + ((i * 7) % 30)}H${String.fromCharCode(65 + (i % 26))}`
				: cut === '\u001B[3' ? `${i % 8}m${i % 10}`
					: cut === '\u001B]2;title ' ? `${i}\u0007#`
						: cut === '\u001B(' ? `${i % 2 ? '0' : 'B'}q`
							: '[K';
			let open = '';
			for (let i = 0; i < 3000; i++) {
				const cut = cuts[i % cuts.length]!;
				await write(`${open ? finish(open, i) : ''}${cut}`);
				open = cut;
				if (i % 100 === 0) {
					await log.flush();
					biggestFile = Math.max(biggestFile, await sizeOf(files.current));
				}
			}
			await write(finish(open, 0));
			await log.close();
			expect(await sizeOf(files.previous)).toBeGreaterThan(0);
			expect(biggestFile).toBeLessThan(fileLimit + 4096);
			const both = await replayLog((await readLog(files))!, {scrollback: 100});
			const alone = await replayLog(decodeRecords(await readFile(files.current)), {scrollback: 100});
			try {
				expect(both.modes.alternateScreen).toBe(true);
				expect(serializeScreen(both)).toBe(serializeScreen(terminal));
				expect(serializeScreen(alone)).toBe(serializeScreen(terminal));
			} finally {
				both.dispose();
				alone.dispose();
			}
		} finally {
			terminal.dispose();
		}
	});

	it('replays a full-screen program\'s partial redraws to its exact last screen after many rotations', async () => {
		const files = await paths();
		const {log} = await OutputLog.open(files, {maxBytes: 48 * 1024, flushMs: 5});
		// Cells drawn one at a time in the alternate screen: a replay from the middle of the output onto a blank screen
		// would miss every cell drawn before it, so each file has to start from the screen as it was.
		const program = 'process.stdout.write("\\x1b[?1049h\\x1b[2J"); let out = ""; for (let i = 0; i < 30000; i++) out += `\\x1b[${1 + (i * 7) % 10};${1 + (i * 13) % 37}H\\x1b[3${i % 8}m${String.fromCharCode(65 + (i * 11) % 26)}`; process.stdout.write(out);';
		const session = await Session.start({file: process.execPath, args: ['-e', program], cwd: path.dirname(files.current), env: baseEnv(), cols: 40, rows: 12, recorder: log});
		log.snapshotFrom(lastOutput => terminalSnapshot(session.terminal, lastOutput));
		try {
			await new Promise<void>(resolve => session.onExit(() => resolve()));
			await log.close();
			expect(await sizeOf(files.previous)).toBeGreaterThan(0);
			const terminal = await replayLog((await readLog(files))!, {scrollback: 1000});
			try {
				expect(terminal.modes.alternateScreen).toBe(true);
				expect(serializeScreen(terminal)).toBe(serializeScreen(session.terminal));
			} finally {
				terminal.dispose();
			}
		} finally {
			await session.dispose();
		}
	});
});
