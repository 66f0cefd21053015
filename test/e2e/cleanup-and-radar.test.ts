/**
 * The overlap radar and the cleanup screen in the built app, driven with keys: two agents edit the same file, the
 * radar names the pair and the conflict before anything is merged; cleanup salvages a session's uncommitted work onto
 * its kept branch, and prune forgets a worktree whose directory was deleted by hand.
 */
import {rm} from 'node:fs/promises';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {OuterTerminal} from '../helpers/outer-terminal.js';
import {createAppFixture, spawnSession, statusLine as statusLineOf, toGrid, type AppFixture} from './app-fixture.js';

let app: AppFixture;
let term: OuterTerminal;

const statusLine = () => statusLineOf(term);
const count = (text: string, part: string) => text.split(part).length - 1;



async function worktreeOf(slug: string): Promise<string> {
	const listing = await app.repo.git('worktree', 'list', '--porcelain');
	const block = listing.split('\n\n').find(entry => entry.includes(`branch refs/heads/agentgrid/${slug}\n`) || entry.endsWith(`branch refs/heads/agentgrid/${slug}`));
	if (!block) throw new Error(`no worktree for ${slug} in\n${listing}`);
	return block.split('\n')[0]!.slice('worktree '.length);
}

beforeAll(async () => {
	app = await createAppFixture();
	term = app.start({cols: 160, rows: 40});
});

afterAll(async () => {
	term?.kill();
	await app?.repo.cleanup();
});

describe('overlap radar and cleanup', () => {
	it('flags two sessions editing the same file before either is merged', async () => {
		await term.waitFor('No sessions yet');
		const baseBefore = await app.repo.head('main');
		await spawnSession(term, 'alpha');
		await term.waitFor('Done: alpha');
		term.write('edit src/app.txt from alpha\r');
		await term.waitFor('Edited src/app.txt');
		await toGrid(term);
		await spawnSession(term, 'beta');
		await term.waitFor('Done: beta');
		term.write('edit src/app.txt changed by beta\r');
		await term.waitFor(screen => count(screen, 'Edited src/app.txt') === 2);
		await toGrid(term);

		term.write('o');
		const radar = await term.waitFor(/alpha ↔ beta +predicted conflict in 1 file: src\/app\.txt/);
		expect(radar).toContain('Overlap radar');
		expect(radar).toMatch(/⚡ src\/app\.txt +conflicts/);
		expect(radar).toContain('uncommitted work included');
		// Nothing was merged, and the radar itself changed nothing in the sessions.
		expect(await app.repo.head('main')).toBe(baseBefore);
		expect(await app.repo.read('src/app.txt')).toBe('app\n');
		expect(await app.repo.git('-C', await worktreeOf('alpha'), 'status', '--porcelain')).toBe(' M src/app.txt\n');

		term.write('q');
		await term.waitFor(screen => !screen.includes('Overlap radar') && statusLine().includes('GRID'));
		// Both pane titles carry the conflict marker.
		const titles = () => term.lines().filter(line => /[┌┏][─━] [12] (alpha|beta) /.test(line));
		await term.waitFor(() => titles().length === 2 && titles().every(title => title.includes('⚡')));
	});

	it('cleanup stops the running agent and salvages its uncommitted work onto the kept branch', async () => {
		const alphaWorktree = await worktreeOf('alpha');
		// Queued for merging, then removed: it leaves the queue with its pane.
		term.write('1 ');
		await term.waitFor(() => statusLine().includes('alpha queued for merging, first'));
		term.write('c');
		await term.waitFor(/❯ +alpha +running +- +dirty/);
		expect(term.text()).toMatch(/beta +running +- +dirty/);
		term.write('d');
		await term.waitFor('Stop the agent in alpha first?');
		term.write('y');
		await term.waitFor('alpha has work');
		expect(term.text()).toContain('uncommitted changes in 1 file (src/app.txt)');
		// The question is a list: its keys from the keymap, a pointer, and cancelling as its last item.
		expect(term.text()).toMatch(/❯ s +salvage: commit it on the branch and keep the branch/);
		expect(term.text()).toMatch(/ x +discard it \(asks again\)/);
		expect(term.text()).toMatch(/ Esc +cancel/);
		// Down and Enter choose the second answer, which asks again; n cancels, losing nothing.
		term.write('\u001B[B');
		await term.waitFor(/❯ x +discard it/);
		term.write('\r');
		await term.waitFor('Remove alpha and lose for good:');
		// The question about losing work starts on "cancel": Enter alone loses nothing.
		expect(term.text()).toMatch(/ {2}y +yes, discard all of this/);
		expect(term.text()).toMatch(/❯ Esc +cancel/);
		term.write('n');
		// Then the table is read again (the progress line says so) before it takes keys.
		await term.waitFor(() => statusLine().includes('cancelled') && !term.text().includes('lose for good') && !/…\s*│/.test(term.text()));
		expect(await app.repo.git('-C', alphaWorktree, 'status', '--porcelain')).toBe(' M src/app.txt\n');
		term.write('d');
		await term.waitFor('alpha has work');
		term.write('s');
		await term.waitFor(/alpha +branch only/);

		expect((await app.repo.git('log', '-1', '--format=%s', 'agentgrid/alpha')).trim()).toBe('WIP: salvaged from session alpha');
		expect(await app.repo.git('show', 'agentgrid/alpha:src/app.txt')).toBe('from alpha\n');
		expect(await app.repo.git('worktree', 'list')).not.toContain(alphaWorktree);
		term.write('q');
		await term.waitFor(() => statusLine().includes('GRID'));
		term.write('1 ');
		await term.waitFor(() => statusLine().includes('beta queued for merging, first'));
		expect(term.text()).toContain('⇢queued 1');
		term.write(' ');
		await term.waitFor(() => statusLine().includes('beta taken out of the merge queue'));
	});

	it('prune removes a worktree whose directory was deleted by hand, keeping its branch', async () => {
		const betaWorktree = await worktreeOf('beta');
		await rm(betaWorktree, {recursive: true, force: true});
		term.write('c');
		await term.waitFor(/beta +orphaned/);
		term.write('p');
		await term.waitFor(/pruned 1 orphaned worktree \(beta\); branches kept/);
		await term.waitFor(/beta +branch only/);
		expect(term.text()).not.toContain('pruning…');
		expect(await app.repo.git('worktree', 'list', '--porcelain')).not.toContain(betaWorktree);
		expect((await app.repo.git('branch', '--list', 'agentgrid/beta')).trim()).toBe('agentgrid/beta');
		term.write('q');
		await term.waitFor(() => statusLine().includes('GRID'));
	});
});
