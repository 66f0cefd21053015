/**
 * Attention and explain in the built app: with several sessions waiting, the status bar counts them, one key jumps
 * to the one that has waited longest and then cycles; another shows why the focused session has its status.
 */
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest';
import type {OuterTerminal} from '../helpers/outer-terminal.js';
import {createAppFixture, spawnSession, statusLine, toGrid, type AppFixture} from './app-fixture.js';

vi.setConfig({testTimeout: 120_000});
let app: AppFixture;
let term: OuterTerminal | undefined;

beforeAll(async () => {
	app = await createAppFixture();
});

afterAll(async () => {
	term?.kill();
	await app?.repo.cleanup();
});

const focusedTitle = (t: OuterTerminal) => t.lines().find(line => line.includes('┏━ ')) ?? '';

describe('attention', () => {
	it('counts waiting sessions, jumps to the longest waiting and cycles, and explains a status', async () => {
		term = app.start({cols: 160, rows: 40});
		await term.waitFor('No sessions yet');
		for (const name of ['first', 'second', 'third']) {
			await spawnSession(term, name);
			await term.waitFor(`Done: ${name}`);
			await toGrid(term);
		}
		// first, then third wait; second stays idle.
		for (const name of ['first', 'third']) {
			expect((await app.cli(['send', name, 'ask', '--enter'])).code).toBe(0);
			expect((await app.cli(['wait', name, '--for', 'waiting', '--timeout', '30'])).code).toBe(0);
		}
		await term.waitFor(() => statusLine(term!).includes('◆ 2 waiting'));
		term.write('!');
		await term.waitFor(() => focusedTitle(term!).includes('1 first') && statusLine(term!).includes('first has waited'));
		expect(statusLine(term)).toContain('(1 of 2 waiting)');
		term.write('!');
		await term.waitFor(() => focusedTitle(term!).includes('3 third') && statusLine(term!).includes('(2 of 2 waiting)'));
		term.write('!');
		await term.waitFor(() => focusedTitle(term!).includes('1 first'));

		term.write('e');
		const view = await term.waitFor('Why is first waiting?');
		expect(view).toContain('because: question on screen "Do you want to proceed?"  [signal: screen]');
		expect(view).toContain('screen rules say: waiting: question on screen');
		expect(view).toMatch(/Before:[^]*busy +busy text on screen/);
		term.write('x');
		await term.waitFor(screen => !screen.includes('Why is first waiting?'));
		// Answered: one fewer waiting.
		expect((await app.cli(['send', 'first', '--enter'])).code).toBe(0);
		await term.waitFor(() => statusLine(term!).includes('◆ 1 waiting'));
	});
});
