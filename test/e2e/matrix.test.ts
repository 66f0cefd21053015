/**
 * The test matrix in the built app: four sessions and the base, one session failing; the table shows each result
 * with its commit, which failures are new against the base, records the results, and Enter shows a row's output.
 */
import {writeFile} from 'node:fs/promises';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest';
import type {OuterTerminal} from '../helpers/outer-terminal.js';
import {createAppFixture, statusLine, type AppFixture} from './app-fixture.js';
import {runGitIn} from '../helpers/git-repo.js';

vi.setConfig({testTimeout: 180_000});
let app: AppFixture;
let term: OuterTerminal | undefined;

beforeAll(async () => {
	app = await createAppFixture({matrixConcurrency: 2});
	const root = app.repo.root;
	await writeFile(path.join(root, 'results.txt'), 'ok login\nFAIL known flaky test\n');
	await writeFile(path.join(root, 'check.sh'), 'cat results.txt\n! grep -q "^FAIL" results.txt\n');
	await writeFile(path.join(root, '.agentgrid.json'), JSON.stringify({testCommand: 'sh check.sh'}));
	await runGitIn(root, ['add', '-A']);
	await runGitIn(root, ['commit', '-qm', 'tests']);
	expect((await app.cli(['trust'])).code).toBe(0);
	for (const name of ['alpha', 'bravo', 'charlie', 'delta']) expect((await app.cli(['new', name])).code).toBe(0);
	const ls = JSON.parse((await app.cli(['ls', '--json'])).stdout) as Array<{slug: string; worktree: string}>;
	const worktree = (slug: string) => ls.find(row => row.slug === slug)!.worktree;
	// charlie breaks a test; delta fixes the known one.
	await writeFile(path.join(worktree('charlie'), 'results.txt'), 'FAIL login times out\nFAIL known flaky test\n');
	await writeFile(path.join(worktree('delta'), 'results.txt'), 'ok login\nok known flaky test\n');
});

afterAll(async () => {
	term?.kill();
	await app?.repo.cleanup();
});

describe('test matrix', () => {
	it('runs every session and the base, and says which failures are new', async () => {
		term = app.start({cols: 160, rows: 30});
		await term.waitFor('alpha');
		term.write('T');
		const done = await term.waitFor('5 of 5 done', 120_000);
		const row = (name: string) => done.split('\n').find(line => line.includes(` ${name} `) || line.includes(` ${name}  `)) ?? '';
		expect(row('@base')).toMatch(/✗ failed .* 1 failing \(baseline\)/);
		expect(row('alpha')).toMatch(/✗ failed +\d+\.\ds +[0-9a-f]{8} +no new failures \(fails as the base does\)/);
		expect(row('charlie')).toMatch(/✗ failed .* 1 new: login times out/);
		expect(row('delta')).toMatch(/✓ passed .* no new failures/);
		// Enter on a row shows its run's output; again goes back to the table.
		term.write('j');
		term.write('j');
		term.write('j');
		await term.waitFor(screen => screen.split('\n').some(line => line.includes('❯ charlie')));
		term.write('\r');
		await term.waitFor(screen => screen.includes('FAIL login times out') && screen.includes('charlie ·'));
		term.write('\r');
		await term.waitFor(screen => screen.includes('NEW FAILURES VS BASE'));
		term.write('q');
		await term.waitFor(() => statusLine(term!).includes('GRID'));
		// Recorded per commit as single runs are: the pane titles carry the results.
		await term.waitFor(screen => screen.includes('agentgrid/alpha · tests failed') && /4 delta .* tests pass/.test(screen));
	});
});
