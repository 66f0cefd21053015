/**
 * Tokens and cost in the built app: transcripts appear in Claude Code's place for a session's worktree, and the pane
 * title shows the session's tokens and estimated cost, the status bar the totals, `ls` a totals row and `ls --json`
 * the counts; passing the budget is announced once.
 */
import {mkdir, readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest';
import {claudeProjectDir} from '../../source/core/usage/claude-usage.js';
import type {OuterTerminal} from '../helpers/outer-terminal.js';
import {createAppFixture, spawnSession, statusLine, toGrid, type AppFixture} from './app-fixture.js';

vi.setConfig({testTimeout: 90_000});
const fixtures = path.join(import.meta.dirname, '../fixtures/usage');
let app: AppFixture;
let term: OuterTerminal | undefined;

beforeAll(async () => {
	app = await createAppFixture({sessionBudget: 0.01, notificationStyle: 'bell'});
	app.env.HOME = path.join(app.repo.dir, 'home');
});

afterAll(async () => {
	term?.kill();
	await app?.repo.cleanup();
});

describe('tokens and cost', () => {
	it('shows them per pane, in total, in ls and ls --json, and announces a passed budget once', async () => {
		term = app.start({cols: 160, rows: 30});
		await term.waitFor('No sessions yet');
		await spawnSession(term, 'costly');
		await toGrid(term);
		const ls = JSON.parse((await app.cli(['ls', '--json'])).stdout) as Array<{slug: string; worktree: string; usage?: unknown}>;
		const worktree = ls[0]!.worktree;
		expect(ls[0]!.usage).toBeUndefined();
		const project = claudeProjectDir(worktree, app.env);
		await mkdir(project, {recursive: true});
		const text = (await readFile(path.join(fixtures, 'claude-session.jsonl'), 'utf8')).replaceAll('__WORKTREE__', worktree);
		const bells = term.bells;
		await writeFile(path.join(project, 'session.jsonl'), text);
		// 6190 tokens, $0.01155 for the priced models (see test/core/usage), over the $0.01 budget.
		await term.waitFor(screen => screen.includes('1 costly') && screen.includes('6.2k $0.01+'));
		await term.waitFor(() => statusLine(term!).includes('costly passed its budget: $0.01+ of $0.01 (estimated)'));
		expect(term.bells).toBe(bells + 1);
		await toGrid(term).catch(() => {});
		// The rest of the partial last line: one more response, counted; the budget is not announced again.
		await writeFile(path.join(project, 'session.jsonl'), text + (await readFile(path.join(fixtures, 'claude-session-rest.txt'), 'utf8')));
		await term.waitFor(screen => screen.includes('6.2k $0.01+') && statusLine(term!).includes('Σ 6.2k $0.01+') && screen.includes('costly'));
		expect(term.bells).toBe(bells + 1);
		const json = JSON.parse((await app.cli(['ls', '--json'])).stdout) as Array<{usage: {tokens: Record<string, number>; costUsd: number; unpricedModels: string[]}}>;
		await expect.poll(async () => (JSON.parse((await app.cli(['ls', '--json'])).stdout) as typeof json)[0]!.usage.tokens.total, {timeout: 20_000}).toBe(6193);
		expect(json[0]!.usage).toMatchObject({unpricedModels: ['claude-mystery-9']});
		const final = (JSON.parse((await app.cli(['ls', '--json'])).stdout) as typeof json)[0]!.usage;
		expect(final.tokens).toEqual({input: 118, output: 75, cacheWrite: 1000, cacheRead: 5000, total: 6193});
		expect(final.costUsd).toBeCloseTo(0.011583, 6);
		const table = (await app.cli(['ls'])).stdout;
		expect(table).toMatch(/costly .* 6\.2k +\$0\.01\+/);
		expect(table).toMatch(/TOTAL .* 6\.2k +\$0\.01\+/);
	});
});
