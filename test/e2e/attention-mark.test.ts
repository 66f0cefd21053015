/**
 * The attention mark `!` is for panes the user is not looking at: the focused pane that starts waiting gets the bell
 * only, and a marked pane loses its mark once it is focused and answered.
 */
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest';
import {tile} from '../../source/core/layout/index.js';
import type {OuterTerminal} from '../helpers/outer-terminal.js';
import {createAppFixture, spawnSession, statusLine, toGrid, type AppFixture} from './app-fixture.js';

vi.setConfig({testTimeout: 120_000});
let app: AppFixture;
let term: OuterTerminal | undefined;

beforeAll(async () => {
	app = await createAppFixture({notificationStyle: 'bell'});
});

afterAll(async () => {
	term?.kill();
	await app?.repo.cleanup();
});

describe('attention mark', () => {
	it('never marks the focused pane, and clears a mark when the pane is focused and typed into', async () => {
		term = app.start({cols: 120, rows: 36});
		const t = term;
		await t.waitFor('No sessions yet');
		for (const name of ['one', 'two']) {
			await spawnSession(t, name);
			await t.waitFor(`Done: ${name}`);
			await toGrid(t);
		}
		const rects = tile({x: 0, y: 0, width: 120, height: 35}, 2);
		const mark = (index: number) => t.cell(rects[index].outer.x + 1, rects[index].outer.y).char;
		// Pane 2 is focused (the last spawned): it starts waiting in plain view.
		let bells = t.bells;
		expect((await app.cli(['send', 'two', 'ask', '--enter'])).code).toBe(0);
		await t.waitFor(() => t.lines()[rects[1].outer.y].includes('waiting'), 20_000);
		await t.waitFor(() => t.bells > bells);
		expect(mark(1)).not.toBe('!');
		// Pane 1, unfocused, waits: marked until it is focused and answered.
		bells = t.bells;
		expect((await app.cli(['send', 'one', 'ask', '--enter'])).code).toBe(0);
		await t.waitFor(() => mark(0) === '!', 20_000);
		t.write('1');
		await t.waitFor(() => mark(0) !== '!');
		t.write('\r');
		await t.waitFor(() => statusLine(t).includes('PANE'));
		t.write('y');
		await t.waitFor(() => !t.lines()[rects[0].outer.y].includes('waiting'), 20_000);
		expect(mark(0)).not.toBe('!');
	});
});
