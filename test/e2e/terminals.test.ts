/**
 * The conventions of the user's terminal, end to end: the built app attached from an outer terminal whose TERM,
 * COLORTERM, NO_COLOR and locale say what it can show. NO_COLOR takes the colours out of agentgrid's own drawing but
 * not its bold or reverse; a terminal without truecolour gets palette colours; a locale that is not UTF-8 gets ASCII;
 * a dumb terminal is refused before anything is written to it.
 */
import {afterAll, describe, expect, it} from 'vitest';
import {agentgridBin, OuterTerminal} from '../helpers/outer-terminal.js';
import {createAppFixture, runAgentgrid, serverPids, statusLine, type AppFixture} from './app-fixture.js';

const apps: AppFixture[] = [];
const terminals: OuterTerminal[] = [];

afterAll(async () => {
	for (const term of terminals) term.kill();
	for (const app of apps) await app.repo.cleanup();
});

/** A repository whose default agent prints the sample screen (16, 256 and truecolour text, CJK, box drawing). */
async function sampleApp(settings: Record<string, unknown> = {}): Promise<AppFixture> {
	const app = await createAppFixture({defaultAgent: 'sample', ...settings});
	apps.push(app);
	return app;
}

function attach(app: AppFixture, env: Record<string, string>, size = {cols: 120, rows: 30}): OuterTerminal {
	const term = new OuterTerminal({cwd: app.repo.root, env: {...app.env, ...env}, ...size, keepOutput: true});
	terminals.push(term);
	return term;
}

/** Starts the sample agent from a script and waits for its pane in the attached grid. */
async function withSample(app: AppFixture, term: OuterTerminal): Promise<void> {
	await term.waitFor(() => statusLine(term).includes('GRID'));
	const result = await app.cli(['new', 'sample', '--start']);
	expect(result.stderr).toBe('');
	await term.waitFor('hotpink-rgb');
}

/** Where `text` starts on the outer screen. */
function find(term: OuterTerminal, text: string): {x: number; y: number} {
	const y = term.lines().findIndex(line => line.includes(text));
	expect(y, text).toBeGreaterThanOrEqual(0);
	// Columns, not UTF-16 units: everything before the match on these rows is narrow.
	return {x: term.lines()[y].indexOf(text), y};
}

describe('NO_COLOR', () => {
	it('draws borders, titles and the status bar in default colours, keeps bold and reverse, and leaves the agent\'s colours alone', async () => {
		const app = await sampleApp();
		const term = attach(app, {NO_COLOR: '1'});
		await withSample(app, term);
		const status = term.term.rows - 1;
		const mode = statusLine(term).indexOf('GRID');
		expect(term.cell(mode, status)).toMatchObject({fgMode: 'default', bgMode: 'default', bold: true, inverse: true});
		for (let x = 0; x < term.term.cols; x++) expect(term.cell(x, status), `status bar column ${x}`).toMatchObject({fgMode: 'default', bgMode: 'default'});
		// The focused pane's frame: heavy lines, no colour.
		expect(term.cell(0, 0)).toMatchObject({char: '┏', fgMode: 'default', bgMode: 'default'});
		for (let y = 1; y < status; y++) expect(term.cell(0, y), `left border row ${y}`).toMatchObject({fgMode: 'default'});
		const pink = find(term, 'hotpink-rgb');
		expect(term.cell(pink.x, pink.y)).toMatchObject({fgMode: 'rgb', fg: 0xFF69B4});
		const red = find(term, 'red green');
		expect(term.cell(red.x, red.y)).toMatchObject({fgMode: 'palette', fg: 1});

		// Copy mode's search hit and position label stand out by reverse video, not by colour.
		term.write('[');
		await term.waitFor(() => statusLine(term).includes('COPY'));
		term.write('/box\r');
		await term.waitFor(/1\/1 \[\d+\/\d+\]/);
		const hit = find(term, 'box │');
		expect(term.cell(hit.x, hit.y)).toMatchObject({fgMode: 'default', bgMode: 'default', inverse: true, bold: true});
		const label = find(term, '1/1 [');
		expect(term.cell(label.x, label.y)).toMatchObject({fgMode: 'default', bgMode: 'default', inverse: true});
	});

	it('counts as unset when empty', async () => {
		const app = await sampleApp();
		const term = attach(app, {NO_COLOR: ''});
		await term.waitFor(() => statusLine(term).includes('GRID'));
		expect(term.cell(statusLine(term).indexOf('GRID'), term.term.rows - 1).fgMode).toBe('palette');
	});
});

describe('a dumb terminal', () => {
	// node-pty always sets some TERM: env(1) sets the one under test.
	for (const [what, envArgs, says] of [
		['TERM=dumb', ['TERM=dumb'], 'TERM is dumb'],
		['an empty TERM', ['TERM='], 'TERM is empty'],
		['TERM unset', ['-u', 'TERM'], 'TERM is not set'],
	] as const) {
		it(`refuses the grid for ${what} with one line saying what to do, exit 1, no escape sequence written, no server started`, async () => {
			const app = await sampleApp();
			const term = new OuterTerminal({
				cwd: app.repo.root,
				env: app.env,
				cols: 100,
				rows: 20,
				keepOutput: true,
				file: '/usr/bin/env',
				args: [...envArgs, process.execPath, agentgridBin],
			});
			terminals.push(term);
			expect(await term.exited).toBe(1);
			await term.settle();
			const output = term.output.trimEnd();
			expect(output).not.toContain('\u001B');
			expect(output.split(/\r?\n/)).toHaveLength(1);
			expect(output.startsWith(`agentgrid: ${says}:`)).toBe(true);
			expect(output).toMatch(/^agentgrid: TERM [a-z ]+: the grid needs a full-screen terminal\. Set TERM \(e\.g\. TERM=xterm-256color\), or use 'agentgrid ls', 'new', 'send' here\.$/);
			expect(await serverPids(app.env.AGENTGRID_SOCKET_DIR)).toEqual([]);
		});
	}

	it('still runs the commands that do not draw', async () => {
		const app = await sampleApp();
		const env = {...app.env, TERM: 'dumb'};
		const created = await runAgentgrid(app.repo.root, env, ['new', 'plain', '--start']);
		expect(created.code, created.stderr).toBe(0);
		const listed = await runAgentgrid(app.repo.root, env, ['ls']);
		expect(listed.code, listed.stderr).toBe(0);
		expect(listed.stdout).toContain('plain');
		expect((await runAgentgrid(app.repo.root, {...env, TERM: ''}, ['--help'])).code).toBe(0);
	});
});

describe('a terminal without truecolour', () => {
	// 255;105;180: red 255 is cube level 5, green 105 level 1, blue 180 level 3 (0xaf, nearer than 0xd7), so entry
	// 16 + 36*5 + 6*1 + 3 = 205 (#ff5faf), nearer than the closest grey (#b2b2b2). Of xterm's 16 the nearest is
	// magenta (5, #cd00cd: 50² + 105² + 25² = 14150) before bright magenta (13, #ff00ff: 0 + 105² + 75² = 16650).
	it('gets the 16 ANSI colours on TERM=screen: no truecolour or 256-colour sequence, hot pink as magenta', async () => {
		const app = await sampleApp();
		const term = attach(app, {TERM: 'screen', COLORTERM: ''});
		await withSample(app, term);
		expect(term.output).not.toMatch(/[34]8;2;/);
		expect(term.output).not.toMatch(/[34]8;5;/);
		const pink = find(term, 'hotpink-rgb');
		expect(term.cell(pink.x, pink.y)).toMatchObject({fgMode: 'palette', fg: 5});
		const orange = find(term, 'orange-256');
		expect(term.cell(orange.x, orange.y).fgMode).toBe('palette');
		expect(term.cell(orange.x, orange.y).fg).toBeLessThan(16);
	});

	it('gets the 256 palette on xterm-256color without COLORTERM, and truecolour again when reattached from a terminal that has it', async () => {
		const app = await sampleApp();
		const first = attach(app, {TERM: 'xterm-256color', COLORTERM: ''});
		await withSample(app, first);
		expect(first.output).not.toMatch(/[34]8;2;/);
		let pink = find(first, 'hotpink-rgb');
		expect(first.cell(pink.x, pink.y)).toMatchObject({fgMode: 'palette', fg: 205});

		const second = attach(app, {TERM: 'xterm-256color', COLORTERM: 'truecolor'});
		await second.waitFor('hotpink-rgb');
		expect(await first.exited).toBe(0);
		pink = find(second, 'hotpink-rgb');
		await expect.poll(() => second.cell(pink.x, pink.y)).toMatchObject({fgMode: 'rgb', fg: 0xFF69B4});
	});

	it('follows the colors setting over what the terminal says', async () => {
		const app = await sampleApp({colors: '256'});
		const term = attach(app, {TERM: 'xterm-256color', COLORTERM: 'truecolor'});
		await withSample(app, term);
		expect(term.output).not.toMatch(/[34]8;2;/);
		const pink = find(term, 'hotpink-rgb');
		expect(term.cell(pink.x, pink.y)).toMatchObject({fgMode: 'palette', fg: 205});
	});
});

describe('a locale that is not UTF-8', () => {
	it('gets ASCII only: borders, status glyphs, and _ for the agent\'s non-ASCII text, as tmux sends it', async () => {
		const app = await sampleApp();
		const term = attach(app, {LANG: 'C', LC_ALL: '', LC_CTYPE: ''});
		await withSample(app, term);
		await term.waitFor(screen => screen.includes('box'));
		// The first frames may come before the pane exists; every byte of every frame is ASCII.
		expect(term.output).toMatch(/^[\x00-\x7F]*$/);
		const lines = term.lines();
		expect(lines[0]).toMatch(/^\+[=-]/);
		expect(lines.slice(1, -2).every(line => line.startsWith('|'))).toBe(true);
		expect(lines.some(line => line.includes('________________ wide ______'))).toBe(true);
		expect(lines.some(line => line.includes('____________ _ box _ ____________'))).toBe(true);
		// agentgrid's own glyphs have stand-ins: the starting or idle mark of the pane's title.
		expect(lines[0]).toMatch(/^\+=+ 1 sample +[~o*] /);
	});
});
