/**
 * Rebound keys in the merge and cleanup screens, in the real app: the messages name the keys the user bound, and
 * those keys work (the merge screen's back key after failing tests, the cleanup question's salvage answer).
 */
import {writeFile} from 'node:fs/promises';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {loadRepositorySettings} from '../../source/core/config/repository-settings.js';
import {TrustStore} from '../../source/core/config/trust.js';
import type {OuterTerminal} from '../helpers/outer-terminal.js';
import {createAppFixture, spawnSession, statusLine as statusLineOf, toGrid, type AppFixture} from './app-fixture.js';

let app: AppFixture;
let term: OuterTerminal;
const statusLine = () => statusLineOf(term);

beforeAll(async () => {
	app = await createAppFixture({keybindings: {'merge.close': ['x'], 'merge.override': ['o'], 'choice.salvage': ['v']}});
	await app.repo.commit('Repository settings', {'.agentgrid.json': `${JSON.stringify({testCommand: 'test ! -e BROKEN'})}\n`});
	await TrustStore.inConfigDir(app.configDir).trust(app.repo.root, await loadRepositorySettings(app.repo.root));
	term = app.start({cols: 120, rows: 36});
});

afterAll(async () => {
	term?.kill();
	await app?.repo.cleanup();
});

describe('rebound keys in the merge and cleanup screens', () => {
	it('names and takes the rebound keys', async () => {
		await spawnSession(term, 'broken');
		await term.waitFor('Done: broken');
		term.write('edit BROKEN broken ; commit broken\r');
		await term.waitFor('Committed: broken');
		await toGrid(term);
		term.write('1m');
		const screen = await term.waitFor('Not merged: tests failed');
		expect(screen).toContain('o merges anyway (asks again) · x stops here and goes back');
		expect(screen).not.toMatch(/[!q] (merges anyway|stops here)/);
		term.write('z');
		await term.waitFor(() => statusLine().includes('x goes back to the grid'));
		term.write('x');
		await term.waitFor(() => !term.text().includes('Merge broken') && /broken: tests failed/.test(statusLine()));

		await writeFile(path.join(app.repo.dir, 'repo.worktrees', 'broken', 'wip.txt'), 'wip\n');
		term.write('c');
		await term.waitFor(/❯ +broken/);
		term.write('d');
		await term.waitFor('Stop the agent in broken first?');
		term.write('y');
		await term.waitFor('broken has work');
		expect(term.text()).toMatch(/❯ v +salvage: commit it on the branch and keep the branch/);
		term.write('v');
		await term.waitFor(/broken +branch only/);
		expect((await app.repo.git('log', '-1', '--format=%s', 'agentgrid/broken')).trim()).toBe('WIP: salvaged from session broken');
	});
});
