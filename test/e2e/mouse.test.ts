/**
 * The mouse in a real terminal: agentgrid asks the terminal for SGR mouse reports; a program that asked for them
 * gets clicks and the wheel at its own coordinates, in its own encoding; a click on a border only focuses; the wheel
 * scrolls a shell pane's history in copy mode and leaves it at the bottom; on the alternate screen of a program
 * without mouse reports the wheel is arrow keys; a drag selects and copies.
 */
import path from 'node:path';
import {readFile, writeFile} from 'node:fs/promises';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {tile} from '../../source/core/layout/index.js';
import type {Rect} from '../../source/core/layout/types.js';
import {projectRoot, type OuterTerminal} from '../helpers/outer-terminal.js';
import {LoggerControl} from '../helpers/key-logger-control.js';
import {createAppFixture, prefixKey, spawnSession, statusLine, toGrid, type AppFixture} from './app-fixture.js';

const cols = 120;
const rows = 40;

let app: AppFixture;
let term: OuterTerminal;
let logger: LoggerControl;
const clipboard: string[] = [];
let loggerPane: {outer: Rect; inner: Rect};
let shellPane: {outer: Rect; inner: Rect};

/** What the outer terminal sends for a mouse event at a zero-based cell (SGR, as agentgrid asks for). */
function mouse(code: number, x: number, y: number, release = false): void {
	term.write(`\u001B[<${code};${x + 1};${y + 1}${release ? 'm' : 'M'}`);
}

/** The focused pane's frame is drawn in heavy lines. */
const focusedFrame = (pane: {outer: Rect}) => {
	const y = pane.outer.y + Math.floor(pane.outer.height / 2);
	return term.cell(pane.outer.x, y).char === '┃' && term.cell(pane.outer.x + pane.outer.width - 1, y).char === '┃';
};

/** Sets the logger's terminal modes and waits until agentgrid has parsed them (a marker shows on screen). */
async function loggerModes(modes: string, marker: string): Promise<void> {
	await logger.send(`${modes}\r\n${marker}\r\n`);
	await term.waitFor(marker);
	await logger.take();
}

function regionLines(rect: Rect): string[] {
	return term.lines().slice(rect.y, rect.y + rect.height).map(line => line.slice(rect.x, rect.x + rect.width).trimEnd());
}

beforeAll(async () => {
	app = await createAppFixture();
	const control = path.join(app.repo.dir, 'mouse-logger.sock');
	const config = path.join(app.configDir, 'config.json');
	const settings = JSON.parse(await readFile(config, 'utf8')) as {presets: Record<string, unknown>};
	settings.presets.logger = {command: process.execPath, args: [path.join(projectRoot, 'test/fixtures/key-logger.mjs'), '--control', control], promptMode: 'none'};
	await writeFile(config, JSON.stringify({...settings, defaultAgent: 'logger'}));
	term = app.start({cols, rows, env: {TMUX: ''}});
	term.term.parser.registerOscHandler(52, data => {
		clipboard.push(Buffer.from(data.split(';')[1] ?? '', 'base64').toString('utf8'));
		return true;
	});
	await spawnSession(term, 'mouse');
	await term.waitFor('key logger ready');
	logger = await LoggerControl.open(control);
	await toGrid(term);
	// A shell session's task is never run: the command is typed into the pane.
	await spawnSession(term, 'seq 1 300', 'Shell');
	term.write('seq 1 300\r');
	// The last number alone on a pane row.
	await term.waitFor(screen => /[│┃]300 *[│┃]/.test(screen), 30_000);
	const [first, second] = tile({x: 0, y: 0, width: cols, height: rows - 1}, 2);
	const loggerFirst = regionLines(first.inner).some(line => line.includes('key logger ready'));
	[loggerPane, shellPane] = loggerFirst ? [first, second] : [second, first];
});

afterAll(async () => {
	logger?.close();
	term?.kill();
	await app?.repo.cleanup();
});

describe('the mouse', () => {
	it('asks the terminal for mouse reports', () => {
		expect(term.term.modes.mouseTrackingMode).toBe('drag');
	});

	it('forwards clicks and the wheel to a program that asked, at its own coordinates and in its encoding', async () => {
		await loggerModes('\u001B[?1000h\u001B[?1006h', 'mode-sgr');
		const x = loggerPane.inner.x + 7;
		const y = loggerPane.inner.y + 4;
		mouse(0, x, y);
		mouse(0, x, y, true);
		mouse(64, x, y);
		const expected = '\u001B[<0;8;5M\u001B[<0;8;5m\u001B[<64;8;5M';
		expect((await logger.receive(expected.length)).toString()).toBe(expected);
		// The click also focused the logger's pane.
		await term.waitFor(() => focusedFrame(loggerPane));
	});

	it('encodes for a program in the default X10 encoding too', async () => {
		await loggerModes('\u001B[?1006l', 'mode-x10');
		const x = loggerPane.inner.x + 2;
		const y = loggerPane.inner.y + 1;
		mouse(0, x, y);
		const expected = `\u001B[M${String.fromCharCode(32)}${String.fromCharCode(32 + 3)}${String.fromCharCode(32 + 2)}`;
		expect((await logger.receive(expected.length)).toString()).toBe(expected);
		mouse(0, x, y, true);
		expect((await logger.receive(6)).toString()).toBe(`\u001B[M${String.fromCharCode(35)}${String.fromCharCode(35)}${String.fromCharCode(34)}`);
		await loggerModes('\u001B[?1006h', 'mode-sgr-again');
	});

	it('only focuses on a click on a border or title, which never reaches the program', async () => {
		mouse(0, loggerPane.outer.x + 3, loggerPane.outer.y);
		mouse(0, loggerPane.outer.x + 3, loggerPane.outer.y, true);
		mouse(0, shellPane.outer.x + 5, shellPane.outer.y);
		mouse(0, shellPane.outer.x + 5, shellPane.outer.y, true);
		await term.waitFor(() => focusedFrame(shellPane) && !focusedFrame(loggerPane));
		await new Promise(resolve => setTimeout(resolve, 200));
		expect((await logger.take()).length).toBe(0);
	});

	it('scrolls a shell pane\'s history with the wheel in copy mode, and leaves it at the bottom', async () => {
		const before = regionLines(shellPane.inner);
		const wheel = (code: number) => mouse(code, shellPane.inner.x + 3, shellPane.inner.y + 3);
		wheel(64);
		await term.waitFor(() => statusLine(term).includes('COPY'));
		await term.waitFor(() => /\[\d+\/\d+\]$/.test(regionLines(shellPane.inner)[0]));
		const lastShown = (lines: string[]) => lines.filter(line => /^\d+$/.test(line.trim())).map(Number).at(-1) ?? 0;
		const scrolled = regionLines(shellPane.inner);
		expect(lastShown(scrolled)).toBeLessThan(lastShown(before.length > 0 ? before : scrolled) + 1);
		wheel(64);
		await term.waitFor(() => lastShown(regionLines(shellPane.inner)) <= lastShown(scrolled) - 3);
		wheel(65);
		wheel(65);
		await term.waitFor(() => !statusLine(term).includes('COPY'));
	});

	it('drags to select and copies the selection on release', async () => {
		const y = shellPane.inner.y + regionLines(shellPane.inner).findIndex(line => line === '290');
		expect(y).toBeGreaterThanOrEqual(shellPane.inner.y);
		mouse(0, shellPane.inner.x + 1, y);
		mouse(32, shellPane.inner.x + 2, y);
		mouse(32, shellPane.inner.x + 1, y + 1);
		mouse(0, shellPane.inner.x + 1, y + 1, true);
		await term.waitFor(() => clipboard.length === 1);
		expect(clipboard[0]).toBe('90\n29');
		await term.waitFor(() => statusLine(term).includes('copied 2 lines'));
	});

	it('turns the wheel into arrow keys on the alternate screen of a program without mouse reports', async () => {
		await loggerModes('\u001B[?1000l\u001B[?1006l\u001B[?1049h', 'mode-alternate');
		mouse(65, loggerPane.inner.x + 3, loggerPane.inner.y + 3);
		mouse(64, loggerPane.inner.x + 3, loggerPane.inner.y + 3);
		const expected = '\u001B[B\u001B[B\u001B[B\u001B[A\u001B[A\u001B[A';
		expect((await logger.receive(expected.length)).toString()).toBe(expected);
		await term.settle();
		expect(statusLine(term)).not.toContain('COPY');
	});

	it('sends nothing to a program in pane mode when mouse reports arrive with typed keys', async () => {
		await loggerModes('\u001B[?1049l', 'mode-normal');
		mouse(0, loggerPane.inner.x + 1, loggerPane.inner.y + 1);
		mouse(0, loggerPane.inner.x + 1, loggerPane.inner.y + 1, true);
		await term.waitFor(() => focusedFrame(loggerPane));
		// Spawning left the grid in pane mode, and clicks keep it there.
		expect(statusLine(term)).toContain('PANE');
		await logger.take();
		term.write(`ab\u001B[<0;${loggerPane.inner.x + 2};${loggerPane.inner.y + 2}Mcd`);
		expect((await logger.receive(4)).toString()).toBe('abcd');
		term.write(`${prefixKey}g`);
		await term.waitFor(() => statusLine(term).includes('GRID'));
	});

	it('decodes a report that arrives in two reads as one report, in pane mode and in grid mode', async () => {
		const pause = () => new Promise(resolve => setTimeout(resolve, 30));
		// Pane mode on the logger, which does not ask for the mouse now: none of a split report reaches it.
		mouse(0, loggerPane.inner.x + 1, loggerPane.inner.y + 1);
		mouse(0, loggerPane.inner.x + 1, loggerPane.inner.y + 1, true);
		await term.waitFor(() => focusedFrame(loggerPane));
		term.write('\r');
		await term.waitFor(() => statusLine(term).includes('PANE'));
		await logger.take();
		const at = `${loggerPane.inner.x + 3};${loggerPane.inner.y + 3}`;
		term.write(`ab\u001B[<0;${at.slice(0, 2)}`);
		await pause();
		term.write(`${at.slice(2)}M`);
		await pause();
		term.write('\u001B[<0;');
		await pause();
		term.write(`${at}mcd`);
		// An X10 report from a terminal without SGR, cut after its button byte.
		term.write('\u001B[M ');
		await pause();
		term.write('##ef');
		expect((await logger.receive(6)).toString()).toBe('abcdef');
		// A program that asked for the mouse gets the split report once, encoded for it.
		await loggerModes('\u001B[?1000h\u001B[?1006h', 'mode-sgr-split');
		term.write(`\u001B[<64;${loggerPane.inner.x + 5};`);
		await pause();
		term.write(`${loggerPane.inner.y + 4}M`);
		const expected = '\u001B[<64;5;4M';
		expect((await logger.receive(expected.length)).toString()).toBe(expected);
		await loggerModes('\u001B[?1000l\u001B[?1006l', 'mode-off-again');
		// Grid mode: a wheel report in two reads opens copy mode on the shell pane instead of typing anything.
		term.write(`${prefixKey}g`);
		await term.waitFor(() => statusLine(term).includes('GRID'));
		const wheel = `\u001B[<64;${shellPane.inner.x + 4};${shellPane.inner.y + 4}M`;
		term.write(wheel.slice(0, 6));
		await pause();
		term.write(wheel.slice(6));
		await term.waitFor(() => statusLine(term).includes('COPY'));
		term.write('q');
		await term.waitFor(() => !statusLine(term).includes('COPY'));
		expect((await logger.take()).length).toBe(0);
	});
});
