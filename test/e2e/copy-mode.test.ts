/**
 * Copy mode in a real terminal: a shell pane prints 5000 lines, copy mode reaches the first of them, a search puts a
 * line on screen highlighted and counted, and copying it sends exactly that line to the terminal's clipboard (OSC 52)
 * and to the copyCommand program.
 */
import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {tile} from '../../source/core/layout/index.js';
import type {OuterTerminal} from '../helpers/outer-terminal.js';
import {createAppFixture, prefixKey, spawnSession, statusLine, toGrid, type AppFixture} from './app-fixture.js';

const cols = 100;
const rows = 30;

let app: AppFixture;
let term: OuterTerminal;
let copyFile: string;
const clipboard: string[] = [];

/** The single pane's interior, as the layout places it. */
const interior = (size = {cols, rows}) => tile({x: 0, y: 0, width: size.cols, height: size.rows - 1}, 1)[0].inner;

function paneLines(size = {cols, rows}): string[] {
	const rect = interior(size);
	return term.lines().slice(rect.y, rect.y + rect.height).map(line => line.slice(rect.x, rect.x + rect.width).trimEnd());
}

beforeAll(async () => {
	app = await createAppFixture();
	copyFile = path.join(app.repo.dir, 'copied.txt');
	await app.cli(['config', 'set', 'copyCommand', `tee ${copyFile}`]);
	term = app.start({cols, rows, env: {TMUX: ''}});
	term.term.parser.registerOscHandler(52, data => {
		const [, payload = ''] = data.split(';');
		clipboard.push(Buffer.from(payload, 'base64').toString('utf8'));
		return true;
	});
});

afterAll(async () => {
	term?.kill();
	await app?.repo.cleanup();
});

describe('copy mode', () => {
	it('opens on a pane that printed 5000 lines and reaches the first of them', async () => {
		// A shell session's task is never run: the command is typed into the pane.
		await spawnSession(term, 'seq 1 5000', 'Shell');
		term.write('seq 1 5000\r');
		await term.waitFor(() => paneLines().some(line => /^\$ ?$/.test(line.trim()) || line.startsWith('$ ')) && paneLines().includes('5000'), 30_000);
		term.write(`${prefixKey}[`);
		await term.waitFor(() => statusLine(term).includes('COPY'));
		expect(paneLines()[0]).toMatch(/\[\d+\/\d+\]$/);
		term.write('g');
		await term.waitFor(() => /\[1\/\d+\]$/.test(paneLines()[0]));
		const top = paneLines();
		// The first row is the command line the shell echoed, then the output from line 1 on.
		expect(top[0]).toMatch(/seq 1 5000/);
		expect(top[1]).toBe('1');
		expect(top[2]).toBe('2');
	});

	it('searches with /, shows the hit highlighted and counted, and n wraps around', async () => {
		term.write('/4321');
		await term.waitFor(() => paneLines().includes('4321') && paneLines().at(-1)!.startsWith('/4321'));
		term.write('\r');
		await term.waitFor(() => /1\/1 \[\d+\/\d+\]$/.test(paneLines()[0]));
		const rect = interior();
		const y = paneLines().indexOf('4321');
		const cell = term.cell(rect.x, rect.y + y);
		expect(cell.bgMode).toBe('palette');
		expect(cell.bg).toBe(208);
		// Neighbouring lines are not hits.
		expect(term.cell(rect.x, rect.y + y + 1).bgMode).toBe('default');
		term.write('n');
		await term.settle();
		expect(paneLines()[0]).toMatch(/1\/1 /);
	});

	it('keeps copy mode and the line in view through a resize', async () => {
		term.resize(80, 24);
		await term.waitFor(() => paneLines({cols: 80, rows: 24}).includes('4321') && statusLine(term).includes('COPY'));
		term.resize(cols, rows);
		await term.waitFor(() => paneLines().includes('4321') && statusLine(term).includes('COPY'));
	});

	it('copies the line with V y through OSC 52 and copyCommand, and says so', async () => {
		term.write('V');
		await term.settle();
		term.write('y');
		await term.waitFor(() => statusLine(term).includes('copied 1 line'));
		expect(clipboard).toEqual(['4321']);
		await term.waitFor(() => statusLine(term).includes('via OSC 52 and tee'));
		expect(await readFile(copyFile, 'utf8')).toBe('4321');
		// Copying leaves copy mode, back where it was opened from.
		expect(statusLine(term)).toContain('PANE');
	});

	it('copies a character selection spanning lines and a block', async () => {
		term.write(`${prefixKey}[`);
		await term.waitFor(() => statusLine(term).includes('COPY'));
		term.write('?^4998$\r');
		await term.waitFor(() => /\d+\/\d+ \[\d+\/\d+\]$/.test(paneLines()[0]) && !paneLines().at(-1)!.startsWith('?'));
		// From the 9 of 4998 to the 0 of 5000.
		term.write('lllvjj0');
		await term.settle();
		term.write('y');
		await term.waitFor(() => clipboard.length === 2 && statusLine(term).includes('(8 chars) via OSC 52 and tee'));
		expect(clipboard[1]).toBe('8\n4999\n5');
		term.write(`${prefixKey}[`);
		await term.waitFor(() => statusLine(term).includes('COPY'));
		term.write('?^4990$\r');
		await term.waitFor(() => !paneLines().at(-1)!.startsWith('?'));
		term.write('ll\u0016jjl');
		await term.settle();
		term.write('y');
		await term.waitFor(() => clipboard.length === 3 && statusLine(term).includes('3 lines (8 chars) via OSC 52 and tee'));
		expect(clipboard[2]).toBe('90\n91\n92');
	});

	it('leaves with q, and says what to press for a key that does nothing', async () => {
		term.write(`${prefixKey}[`);
		await term.waitFor(() => statusLine(term).includes('COPY'));
		term.write('Z');
		await term.waitFor(() => statusLine(term).includes('does nothing in copy mode; q leaves it'));
		term.write('q');
		await term.waitFor(() => statusLine(term).includes('PANE'));
		expect(paneLines()[0]).not.toMatch(/\[\d+\/\d+\]$/);
	});

	it('searches every pane from grid mode and opens the hit of an unfocused pane in copy mode', async () => {
		await toGrid(term);
		await spawnSession(term, 'echo found-$((6*7))-here', 'Shell');
		term.write('echo found-$((6*7))-here\r');
		const panes = tile({x: 0, y: 0, width: cols, height: rows - 1}, 2);
		const text = (rect: {x: number; y: number; width: number; height: number}) =>
			term.lines().slice(rect.y, rect.y + rect.height).map(line => line.slice(rect.x, rect.x + rect.width).trimEnd());
		await term.waitFor(() => panes.some(p => text(p.inner).includes('found-42-here')));
		await toGrid(term);
		// Focus the other pane, so the hit is in an unfocused one.
		const found = panes.findIndex(p => text(p.inner).includes('found-42-here'));
		term.write(`${found === 0 ? 2 : 1}`);
		await term.settle();
		term.write('/');
		await term.waitFor('Search every pane');
		term.write('found-\\d+');
		await term.waitFor(screen => /1 hit in 1 session: echo-found/.test(screen), 10_000);
		expect(term.text()).toMatch(/found-42-here/);
		term.write('\r');
		await term.waitFor(() => statusLine(term).includes('COPY') && !term.text().includes('Search every pane'));
		const rect = panes[found].inner;
		const y = text(rect).indexOf('found-42-here');
		expect(y).toBeGreaterThanOrEqual(0);
		expect(term.cell(rect.x, rect.y + y).bg).toBe(208);
		expect(text(rect)[0]).toMatch(/1\/1 \[\d+\/\d+\]$/);
		term.write('q');
		await term.waitFor(() => !statusLine(term).includes('COPY'));
	});
});
