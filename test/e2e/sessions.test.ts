/**
 * Sessions across runs and attention: a session started in one run comes back stopped in the next and restarts with
 * its agent's resume arguments; an unfocused agent that starts waiting rings the bell and marks its title.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {tile} from '../../source/core/layout/index.js';
import type {OuterTerminal} from '../helpers/outer-terminal.js';
import {createAppFixture, spawnSession, statusLine as statusLineOf, type AppFixture} from './app-fixture.js';

const prefix = '\u001C';
let app: AppFixture;
let term: OuterTerminal | undefined;

const statusLine = statusLineOf;


beforeAll(async () => {
	app = await createAppFixture();
});

afterAll(async () => {
	term?.kill();
	await app?.repo.cleanup();
});

describe('sessions across runs', () => {
	it('shows a session from an earlier run as stopped and restarts its agent with resume arguments', async () => {
		term = app.start({cols: 120, rows: 36});
		await term.waitFor('No sessions yet');
		await spawnSession(term, 'first run task');
		await term.waitFor('Done: first run task');
		term.write('edit notes.txt remember me\r');
		await term.waitFor('Edited notes.txt');
		term.write(`${prefix}g`);
		await term.waitFor(() => statusLine(term!).includes('GRID'));
		term.write('q');
		await term.waitFor(() => statusLine(term!).includes('Quit?'));
		term.write('s');
		expect(await term.exited).toBe(0);
		term.kill();

		term = app.start({cols: 120, rows: 36});
		// The grid comes up before the sessions are counted (a git status each), and says so until they are.
		const screen = await term.waitFor('1 file changed against its base.');
		expect(screen).toContain('No agent running in agentgrid/first-run-task');
		expect(screen).toContain('1 first-run-task');
		expect(screen).toMatch(/stopped/);
		term.write('\r');
		await term.waitFor(() => statusLine(term!).includes('restart it first'));
		term.write('r');
		await term.waitFor('Resumed previous conversation.');
		term.write('\r');
		await term.waitFor(() => statusLine(term!).includes('PANE'));
	});

	it('rings the bell and marks the title when an unfocused agent starts waiting', async () => {
		const t = term!;
		t.write(`${prefix}g`);
		await spawnSession(t, 'second');
		await t.waitFor('Done: second');
		// Back to the first pane, start a task that ends in a question, then look at the second pane.
		t.write(`${prefix}g`);
		await t.waitFor(() => statusLine(t).includes('GRID'));
		t.write('1\r');
		await t.waitFor(() => statusLine(t).includes('PANE'));
		const bellsBefore = t.bells;
		// Work long enough for the keys below to focus the second pane before the question: a pane that starts waiting
		// while focused is never marked.
		t.write('work 2000 ; ask\r');
		await t.waitFor('> work 2000 ; ask');
		t.write(`${prefix}g`);
		await t.waitFor(() => statusLine(t).includes('GRID'));
		t.write('2');
		const rects = tile({x: 0, y: 0, width: 120, height: 35}, 2);
		// The first pane's waiting would not say the key took effect; the second pane's heavy frame does.
		await t.waitFor(() => t.cell(rects[1].outer.x, rects[1].outer.y).char === '┏');
		expect(t.lines()[rects[0].outer.y]).not.toContain('waiting');
		await t.waitFor(() => t.lines()[rects[0].outer.y].includes('waiting'), 10_000);
		await t.waitFor(() => t.bells > bellsBefore);
		expect(t.cell(rects[0].outer.x + 1, rects[0].outer.y).char).toBe('!');
		t.write('1');
		await t.waitFor(() => t.cell(rects[0].outer.x + 1, rects[0].outer.y).char !== '!');
	});

	it('offers to remove a closed session that made no changes, and removes worktree and branch', async () => {
		const t = term!;
		t.write('2');
		t.write('x');
		await t.waitFor(() => statusLine(t).includes('Stop the agent in second?'));
		t.write('y');
		await t.waitFor(() => statusLine(t).includes('second made no changes'), 10_000);
		t.write('y');
		await t.waitFor(screen => !screen.includes('2 second') && statusLine(t).includes('removed second'), 10_000);
		expect(await app.repo.git('branch', '--list', 'agentgrid/second')).toBe('');
		expect(await app.repo.git('worktree', 'list')).not.toContain('second');
		// The session with work is never offered for removal.
		t.write('1');
		t.write('x');
		await t.waitFor(() => statusLine(t).includes('Stop the agent in first-run-task?'));
		t.write('y');
		await t.waitFor(() => statusLine(t).includes('its worktree and branch are kept'), 10_000);
	});
});
