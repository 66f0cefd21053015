/**
 * The promise: a pane title's change count and test marker follow the files in its worktree as they change, while
 * the agent is still at work or not running at all, not only when the agent next goes idle.
 */
import {unlink, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {loadRepositorySettings} from '../../source/core/config/repository-settings.js';
import {TrustStore} from '../../source/core/config/trust.js';
import type {OuterTerminal} from '../helpers/outer-terminal.js';
import {createAppFixture, statusLine, type AppFixture} from './app-fixture.js';

let app: AppFixture;
let term: OuterTerminal | undefined;

beforeEach(async () => {
	app = await createAppFixture();
	await app.repo.commit('Repository settings', {'.agentgrid.json': `${JSON.stringify({testCommand: 'echo "checked $AGENTGRID_SESSION"'})}\n`});
	await TrustStore.inConfigDir(app.configDir).trust(app.repo.root, await loadRepositorySettings(app.repo.root));
});

afterEach(async () => {
	term?.kill();
	await app?.repo.cleanup();
});

/** The top border row of the pane titled `name`: its title. */
function titleOf(name: string): string {
	return term!.lines().find(line => line.includes(` ${name} `)) ?? '';
}

describe('live change counts', () => {
	it('counts files written into a busy agent\'s worktree as they appear, and marks a test result stale after an edit', async () => {
		expect((await app.cli(['new', 'busy-one', '--start'])).code).toBe(0);
		expect((await app.cli(['wait', 'busy-one', '--for', 'idle', '--timeout', '20'])).code).toBe(0);
		const worktree = path.join(path.dirname(app.repo.root), `${path.basename(app.repo.root)}.worktrees`, 'busy-one');
		term = app.start({cols: 160, rows: 40});
		await term.waitFor(() => statusLine(term!).includes('GRID') && titleOf('busy-one').includes('idle'));

		term.write('t');
		await term.waitFor('passed in');
		term.write('q');
		await term.waitFor(() => titleOf('busy-one').includes('tests passed') && !titleOf('busy-one').includes('stale'));

		// The agent works for a long time and prints nothing meanwhile; the files it writes still show.
		expect((await app.cli(['send', 'busy-one', 'work 60000', '--enter'])).code).toBe(0);
		await term.waitFor(() => titleOf('busy-one').includes('busy'));
		await writeFile(path.join(worktree, 'src', 'first.txt'), 'one\n');
		await term.waitFor(() => titleOf('busy-one').includes('1±'), 10_000);
		await term.waitFor(() => titleOf('busy-one').includes('tests passed (stale)'), 10_000);
		expect(titleOf('busy-one')).toContain('busy');
		await writeFile(path.join(worktree, 'second.txt'), 'two\n');
		await term.waitFor(() => titleOf('busy-one').includes('2±'), 10_000);
		await unlink(path.join(worktree, 'second.txt'));
		await term.waitFor(() => titleOf('busy-one').includes('1±'), 10_000);
	});

	it('follows edits made by hand in a stopped session\'s worktree', async () => {
		expect((await app.cli(['new', 'parked'])).code).toBe(0);
		const worktree = path.join(path.dirname(app.repo.root), `${path.basename(app.repo.root)}.worktrees`, 'parked');
		term = app.start({cols: 120, rows: 30});
		await term.waitFor(() => titleOf('parked').includes('stopped'));
		expect(titleOf('parked')).not.toContain('±');
		await writeFile(path.join(worktree, 'README.md'), '# edited by hand\n');
		await term.waitFor(() => titleOf('parked').includes('1±'), 10_000);
		await term.waitFor('1 file changed against its base.');
	});
});
