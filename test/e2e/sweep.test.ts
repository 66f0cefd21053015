/**
 * Every screen at every size a user has: at 200x50, 80x24 and 40x12 each screen opens, its status bar shows only
 * whole hints the keymap produces (never one cut inside a word), and an overlay either fits, its frame closed on all
 * four sides, or says the terminal is too small.
 */
import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest';
import {loadRepositorySettings} from '../../source/core/config/repository-settings.js';
import {TrustStore} from '../../source/core/config/trust.js';
import {buildKeymap} from '../../source/ui/keymap/keymap.js';
import {everyHint} from '../../source/ui/keymap/present.js';
import type {OuterTerminal} from '../helpers/outer-terminal.js';
import {createAppFixture, statusLine, type AppFixture} from './app-fixture.js';

vi.setConfig({testTimeout: 180_000});

let app: AppFixture;
let term: OuterTerminal;
let runLog: string;
const hints = new Set(everyHint(buildKeymap()));

beforeAll(async () => {
	app = await createAppFixture();
	// Each test run leaves a line in a log, so the sweep knows when a run it started has ended.
	runLog = path.join(app.repo.dir, 'runs.log');
	await app.repo.commit('Repository settings', {'.agentgrid.json': `${JSON.stringify({testCommand: `echo "all fine"; echo run >> ${runLog}`})}\n`});
	await TrustStore.inConfigDir(app.configDir).trust(app.repo.root, await loadRepositorySettings(app.repo.root));
	for (const name of ['alpha', 'beta']) {
		expect((await app.cli(['new', name, '--start', '--prompt', `warm up ${name}`])).code).toBe(0);
		expect((await app.cli(['wait', name, '--for', 'idle', '--timeout', '30'])).code).toBe(0);
	}
	expect((await app.cli(['send', 'alpha', 'edit notes.txt a note', '--enter'])).code).toBe(0);
	expect((await app.cli(['wait', 'alpha', '--for', 'idle', '--timeout', '30'])).code).toBe(0);
	term = app.start({cols: 200, rows: 50});
	await term.waitFor(() => statusLine(term).includes('GRID') && term.text().includes('2 beta'));
});

afterAll(async () => {
	term?.kill();
	await app?.repo.cleanup();
});

interface Screen {
	name: string;
	open: string;
	/** The screen is up (or says it cannot fit). */
	ready: (screen: string, bar: string) => boolean;
	close: string;
	overlay?: boolean;
	/** Test runs the screen starts; it is ready once they have ended. */
	runs?: number;
}

const tooSmall = (screen: string) => screen.includes('Terminal too small');

const screens: Screen[] = [
	{name: 'help', open: '?', ready: screen => screen.includes('agentgrid keys') || tooSmall(screen), close: ' ', overlay: true},
	{name: 'spawn form', open: 'n', ready: screen => screen.includes('New session') || tooSmall(screen), close: '\u001B', overlay: true},
	{name: 'explain', open: 'e', ready: screen => screen.includes('Why is') || tooSmall(screen), close: 'q', overlay: true},
	{name: 'review', open: 'd', ready: (_, bar) => bar.includes('REVIEW'), close: 'q'},
	{name: 'tests', open: 't', ready: (screen, bar) => bar.includes('TESTS') && runs() >= runsDone && screen.includes('passed in'), runs: 1, close: 'q'},
	{name: 'cleanup', open: 'c', ready: (_, bar) => bar.includes('CLEANUP'), close: 'q'},
	{name: 'radar', open: 'o', ready: (screen, bar) => bar.includes('RADAR') && !screen.includes('checking'), close: 'q'},
	{name: 'search', open: '/', ready: (_, bar) => bar.includes('SEARCH'), close: '\u001B'},
	{name: 'copy mode', open: '[', ready: (_, bar) => bar.includes('COPY'), close: 'q'},
	// Its runs must all have ended before it closes, or a run ending on another screen says so in that screen's status
	// bar. Opened again, it shows the last matrix rather than running a new one.
	{name: 'matrix', open: 'T', ready: (screen, bar) => bar.includes('MATRIX') && screen.includes('3 of 3 done'), close: 'q'},
];

let runsSeen = 0;
let runsDone = 0;
const runs = () => runsSeen;
async function countRuns(): Promise<void> {
	runsSeen = (await readFile(runLog, 'utf8').catch(() => '')).split('\n').filter(Boolean).length;
}

/** The hints of the status bar: after the mode and the prefix, before the counters and the repository name. */
function barHints(bar: string): string[] {
	const pieces = bar.trim().split(/ {2,}/);
	return pieces.slice(1).filter(piece => !piece.startsWith('prefix ') && !/^[◆Σ]/.test(piece) && !piece.endsWith(' then:')).slice(0, -1);
}

/** Rounded frames drawn by the chrome whose top-left corner is found but whose frame is not closed. */
function openFrames(): string[] {
	const problems: string[] = [];
	const at = (x: number, y: number) => term.cell(x, y).char;
	for (let y = 0; y < term.term.rows; y++) {
		for (let x = 0; x < term.term.cols; x++) {
			if (at(x, y) !== '╭') continue;
			let right = x + 1;
			while (right < term.term.cols && at(right, y) === '─') right++;
			if (at(right, y) !== '╮') {
				problems.push(`row ${y}: the frame from column ${x} has no top-right corner`);
				continue;
			}
			let bottom = y + 1;
			while (bottom < term.term.rows && at(x, bottom) === '│' && at(right, bottom) === '│') bottom++;
			if (at(x, bottom) !== '╰' || at(right, bottom) !== '╯') problems.push(`the frame at ${x},${y} to column ${right} is not closed at row ${bottom}`);
		}
	}
	return problems;
}

async function toSize(cols: number, rows: number): Promise<void> {
	term.resize(cols, rows);
	// Repainted at the new size: the bar ends with the repository's name within the new width.
	await term.waitFor(screen => term.lines().length === rows && statusLine(term).trimEnd().length <= cols && /\brepo$/.test(statusLine(term).trimEnd()) && (statusLine(term).includes('GRID') || tooSmall(screen)));
	await term.settle();
}

function checkBar(where: string): void {
	const bar = statusLine(term);
	const pieces = barHints(bar);
	expect(pieces.filter(piece => !hints.has(piece)), `${where}: ${bar}`).toEqual([]);
}

describe('every screen at every size', () => {
	it.each([[200, 50], [80, 24], [40, 12]])('%ix%i', async (cols, rows) => {
		await toSize(cols, rows);
		checkBar(`grid at ${cols}x${rows}`);
		for (const screen of screens) {
			const where = `${screen.name} at ${cols}x${rows}`;
			await countRuns();
			runsDone = runsSeen + (screen.runs ?? 0);
			const counting = setInterval(() => void countRuns(), 100);
			term.write(screen.open);
			await term.waitFor(text => screen.ready(text, statusLine(term)), 20_000)
				.finally(() => clearInterval(counting)).catch((error: unknown) => {
				throw new Error(`${where} did not open: ${String(error)}`);
			});
			await term.settle();
			checkBar(where);
			if (screen.overlay) {
				// A frame drawn in pieces is closed within a frame or two; one that overflows stays open.
				await term.waitFor(() => openFrames().length === 0, 3000).catch(() => {});
				expect(openFrames(), where).toEqual([]);
			}
			term.write(screen.close);
			await term.waitFor(text => statusLine(term).includes('GRID') && !screen.ready(text, statusLine(term)), 10_000).catch((error: unknown) => {
				throw new Error(`${where} did not close: ${String(error)}`);
			});
		}
	});
});
