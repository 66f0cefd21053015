/**
 * The built agentgrid in a real terminal (an outer pty parsed by @xterm/headless), driven only with keys, against a
 * temporary repository and scripted agents. Tests run in order and share one app, as a user's session would.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import xterm from '@xterm/headless';
import {useGraphemeWidths} from '../../source/core/terminal/grapheme-widths.js';
import {tile} from '../../source/core/layout/index.js';
import {drawableCellText} from '../../source/core/terminal/cells.js';
import {sampleScreen} from '../fixtures/sample-screen.mjs';
import type {OuterTerminal} from '../helpers/outer-terminal.js';
import {alive, createAppFixture, serverPids, spawnSession, statusLine as statusLineOf, type AppFixture} from './app-fixture.js';

const {Terminal} = xterm;
const prefix = '\u001C';
const cols = 160;
const rows = 45;

let app: AppFixture;
let term: OuterTerminal;

/** Interior rectangles of the grid as the layout computes them for the current screen size. */
function panes(count: number, size = {cols, rows}) {
	return tile({x: 0, y: 0, width: size.cols, height: size.rows - 1}, count);
}

/** The text of a rectangle of the outer screen. */
function regionText(rect: {x: number; y: number; width: number; height: number}): string {
	const lines: string[] = [];
	for (let y = rect.y; y < rect.y + rect.height; y++) {
		let line = '';
		for (let x = rect.x; x < rect.x + rect.width; x++) {
			const cell = term.cell(x, y);
			if (cell.width !== 0) line += cell.char || ' ';
		}
		lines.push(line.trimEnd());
	}
	return lines.join('\n');
}

const statusLine = () => statusLineOf(term);


beforeAll(async () => {
	app = await createAppFixture();
	term = app.start({cols, rows});
});

afterAll(async () => {
	term?.kill();
	await app?.repo.cleanup();
});

describe('the grid in a real terminal', () => {
	it('opens on the alternate screen with an empty state and a status bar naming the prefix', async () => {
		// The empty state and the status bar may arrive in separate reads: wait for the whole first frame.
		const screen = await term.waitFor(text => text.includes('No sessions yet') && statusLine().includes('GRID'));
		expect(screen).toContain('Press n to start an agent in a new worktree.');
		expect(statusLine()).toContain('GRID');
		expect(statusLine()).toContain('Ctrl+\\');
		expect(term.term.buffer.active.type).toBe('alternate');
	});

	it('spawns three sessions through the spawn screen, each in its own worktree and focused in pane mode', async () => {
		await spawnSession(term, 'alpha task');
		await term.waitFor('Done: alpha task');
		term.write(`${prefix}g`);
		await spawnSession(term, 'beta task');
		await term.waitFor('Done: beta task');
		term.write(`${prefix}g`);
		await spawnSession(term, 'gamma sample', 'sample');
		await term.waitFor('漢字かな交じり文');
		const screen = term.text();
		for (const title of ['1 alpha-task', '2 beta-task', '3 gamma-sample']) expect(screen).toContain(title);
		const worktrees = await app.repo.git('worktree', 'list', '--porcelain');
		for (const slug of ['alpha-task', 'beta-task', 'gamma-sample']) expect(worktrees).toContain(`branch refs/heads/agentgrid/${slug}`);
	});

	it('paints a pane cell-for-cell as the agent\'s own terminal has it, colours included', async () => {
		const inner = panes(3)[2].inner;
		const reference = new Terminal({cols: inner.width, rows: inner.height, allowProposedApi: true});
		useGraphemeWidths(reference);
		await new Promise<void>(resolve => reference.write(`${sampleScreen}\r\n`, resolve));
		await term.settle();
		const mismatches: string[] = [];
		for (let y = 0; y < inner.height; y++) {
			const line = reference.buffer.active.getLine(y)!;
			for (let x = 0; x < inner.width; x++) {
				const want = line.getCell(x)!;
				if (want.getWidth() === 0) continue;
				const got = term.cell(inner.x + x, inner.y + y);
				// Cells starting with a modifier or joiner are drawn blank by design (outer terminals would glue them on).
				const drawable = drawableCellText(want.getChars() || ' ');
				const wantChar = drawable ?? ' ';
				const wantFg = want.isFgDefault() ? 'default' : want.isFgRGB() ? 'rgb' : 'palette';
				const wantBg = want.isBgDefault() ? 'default' : want.isBgRGB() ? 'rgb' : 'palette';
				const same =
					(got.char || ' ') === wantChar &&
					(drawable === undefined || got.width === want.getWidth()) &&
					got.fgMode === wantFg &&
					got.bgMode === wantBg &&
					(wantFg === 'default' || got.fg === want.getFgColor()) &&
					(wantBg === 'default' || got.bg === want.getBgColor()) &&
					got.bold === (want.isBold() !== 0) &&
					got.inverse === (want.isInverse() !== 0);
				if (!same) mismatches.push(`${x},${y}: want ${JSON.stringify(wantChar)} got ${JSON.stringify(got)}`);
			}
		}
		expect(mismatches.slice(0, 5), regionText(inner)).toEqual([]);
	});

	it('moves focus geometrically and zooms the focused pane', async () => {
		term.write(`${prefix}g`);
		await term.waitFor(() => statusLine().includes('GRID'));
		const rects = panes(3);
		const focusedCorner = (i: number) => term.cell(rects[i].outer.x, rects[i].outer.y).char;
		expect(focusedCorner(2)).toBe('┏');
		term.write('k');
		await term.waitFor(() => focusedCorner(0) === '┏' || focusedCorner(1) === '┏');
		term.write('1');
		await term.waitFor(() => focusedCorner(0) === '┏');
		term.write('l');
		await term.waitFor(() => focusedCorner(1) === '┏');
		term.write('j');
		await term.waitFor(() => focusedCorner(2) === '┏');
		term.write('z');
		await term.waitFor(screen => screen.split('\n')[0].includes('3 gamma-sample') && !screen.includes('1 alpha-task'));
		expect(term.text()).toContain('漢字かな交じり文');
		term.write('z');
		await term.waitFor(screen => screen.includes('1 alpha-task') && screen.includes('2 beta-task'));
	});

	it('types into the focused agent only', async () => {
		term.write('1');
		term.write('\r');
		await term.waitFor(() => statusLine().includes('PANE'));
		term.write('echo only-for-alpha\r');
		const rects = panes(3);
		await term.waitFor(() => regionText(rects[0].inner).includes('only-for-alpha'));
		expect(regionText(rects[1].inner)).not.toContain('only-for-alpha');
		expect(regionText(rects[2].inner)).not.toContain('only-for-alpha');
	});

	it('delivers Ctrl-C to the agent, which interrupts its work', async () => {
		term.write('work 30000\r');
		const rects = panes(3);
		await term.waitFor(() => regionText(rects[0].inner).includes('esc to interrupt'));
		term.write('\u0003');
		await term.waitFor(() => regionText(rects[0].inner).includes('Interrupted'));
	});

	it('sends a bracketed paste through to an agent that enabled bracketed paste', async () => {
		term.write('\u001B[200~pasted words\u001B[201~');
		const rects = panes(3);
		await term.waitFor(() => regionText(rects[0].inner).includes('Received paste (bracketed): "pasted words"'));
	});

	it('interrupts a shell job with Ctrl-C, and the prefix typed twice reaches the program', async () => {
		term.write(`${prefix}g`);
		await spawnSession(term, 'shell pane', 'Shell');
		const rects = panes(4);
		const shell = rects[3].inner;
		term.write('sleep 30; echo after-sleep\r');
		await new Promise(resolve => setTimeout(resolve, 300));
		term.write('\u0003');
		term.write('echo interrupted-$((6*7))\r');
		await term.waitFor(() => regionText(shell).includes('interrupted-42'), 8000);
		expect(regionText(shell).split('\n')).not.toContain('after-sleep');
		term.write('stty -isig; echo isig-off-$((6*7)); od -c\r');
		// Typed, not pasted: a burst of more than the prefix and one key would be taken as a paste. A pause proves nothing
		// on a loaded machine: each key waits for what the pane shows once the one before took effect (the shell ran the
		// line, so isig is off; the terminal echoed the prefix byte as ^\).
		await term.waitFor(() => regionText(shell).includes('isig-off-42'), 8000);
		term.write(`${prefix}${prefix}`);
		await term.waitFor(() => regionText(shell).includes('^\\'), 8000);
		term.write('\r\u0004');
		await term.waitFor(() => regionText(shell).includes('034'), 8000);
		expect(regionText(shell)).not.toContain('034 034');
		term.write('stty isig\r');
	});

	it('relayouts on resize, resizing each agent\'s terminal to its pane', async () => {
		term.resize(120, 40);
		const rects = panes(4, {cols: 120, rows: 40});
		const shell = rects[3].inner;
		await term.waitFor(() => term.cell(rects[3].outer.x, rects[3].outer.y).char === '┏');
		term.write('stty size\r');
		await term.waitFor(() => regionText(shell).includes(`${shell.height} ${shell.width}`));
	});

	it('says so when the terminal is too small, and recovers', async () => {
		term.resize(30, 8);
		await term.waitFor('Terminal too small');
		term.resize(cols, rows);
		await term.waitFor(screen => screen.includes('4 shell-pane') && !screen.includes('Terminal too small'));
	});

	it('asks before quitting with running agents, then leaves the terminal as it found it', async () => {
		term.write(`${prefix}g`);
		await term.waitFor(() => statusLine().includes('GRID'));
		term.write('q');
		await term.waitFor(() => statusLine().includes('Quit? d detach · s stop 4 agents · else cancel'));
		term.write('n');
		await term.waitFor(() => statusLine().includes('cancelled'));
		const [server] = await serverPids(app.env.AGENTGRID_SOCKET_DIR);
		term.write('q');
		await term.waitFor(() => statusLine().includes('Quit?'));
		term.write('s');
		expect(await term.exited).toBe(0);
		expect(term.term.buffer.active.type).toBe('normal');
		// "Stop and quit" ends the server too: nothing keeps running.
		await expect.poll(() => alive(server), {timeout: 10_000}).toBe(false);
		const worktrees = await app.repo.git('worktree', 'list');
		expect(worktrees).toContain('alpha-task');
	});
});
