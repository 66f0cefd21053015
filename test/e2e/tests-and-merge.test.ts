/**
 * Test runs and merges in the real app: a trusted test command that fails while the worktree holds a file named
 * BROKEN; sessions driven by the scripted fake agent; results read back from git and the recorded history.
 */
import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {loadRepositorySettings} from '../../source/core/config/repository-settings.js';
import {TrustStore} from '../../source/core/config/trust.js';
import type {OuterTerminal} from '../helpers/outer-terminal.js';
import {createAppFixture, spawnSession, statusLine as statusLineOf, toGrid, type AppFixture} from './app-fixture.js';

const prefix = '\u001C';
let app: AppFixture;
let term: OuterTerminal;

const statusLine = () => statusLineOf(term);


/** Back to grid mode from pane mode. */

/** A session whose agent has written `file` and committed it. */
async function committedSession(task: string, file: string, text: string): Promise<void> {
	await spawnSession(term, task);
	await term.waitFor(`Done: ${task}`);
	term.write(`edit ${file} ${text} ; commit ${task}\r`);
	await term.waitFor(`Committed: ${task}`);
	await toGrid(term);
}

async function results(): Promise<Record<string, {passed: boolean; commit: string; dirty: boolean}>> {
	const file = path.join(app.repo.root, '.git', 'agentgrid', 'test-results.json');
	return (JSON.parse(await readFile(file, 'utf8')) as {results: Record<string, {passed: boolean; commit: string; dirty: boolean}>}).results;
}

/** The title of one pane: from its number and name to the top-right corner of its border. */
function titleOf(slug: string): string {
	for (const line of term.lines()) {
		const start = line.search(new RegExp(`\\d ${slug} `));
		if (start < 0) continue;
		const rest = line.slice(start);
		const end = rest.search(/[┐┓]/);
		return end < 0 ? rest : rest.slice(0, end);
	}
	return '';
}

beforeAll(async () => {
	app = await createAppFixture();
	await app.repo.commit('Repository settings', {'.agentgrid.json': `${JSON.stringify({testCommand: 'echo "tests of $AGENTGRID_SESSION"; test ! -e BROKEN'})}\n`});
	await TrustStore.inConfigDir(app.configDir).trust(app.repo.root, await loadRepositorySettings(app.repo.root));
	term = app.start({cols: 160, rows: 45});
});

afterAll(async () => {
	term?.kill();
	await app?.repo.cleanup();
});

describe('test runs and merges in a real terminal', () => {
	it('runs the tests live, records a pass and then a fail with the commit, and shows them in the pane title', async () => {
		await term.waitFor('No sessions yet');
		await spawnSession(term, 'checked');
		await term.waitFor('Done: checked');
		await toGrid(term);
		const head = (await app.repo.git('rev-parse', 'agentgrid/checked')).trim();

		term.write('t');
		await term.waitFor(`Tests · checked · agentgrid/checked on ${head.slice(0, 7)}`);
		let screen = await term.waitFor('passed in');
		expect(screen).toContain('tests of checked');
		expect(screen).toMatch(new RegExp(`passed in .* on ${head.slice(0, 7)} · recorded`));
		term.write('q');
		await term.waitFor(() => titleOf('checked').includes('tests passed'));

		term.write('\r');
		await term.waitFor(() => statusLine().includes('PANE'));
		term.write('edit BROKEN x\r');
		await term.waitFor('Edited BROKEN');
		await toGrid(term);
		term.write('t');
		screen = await term.waitFor('failed (exit 1)');
		expect(screen).toContain(`on ${head.slice(0, 7)} with uncommitted changes`);
		term.write('q');
		await term.waitFor(() => titleOf('checked').includes('tests failed'));
		expect((await results()).checked).toMatchObject({passed: false, commit: head, dirty: true});
	});

	it('merges two marked sessions touching different files in order, testing each on the updated base', async () => {
		await committedSession('first', 'one.txt', 'one');
		await committedSession('second', 'two.txt', 'two');
		term.write('2 ');
		await term.waitFor(() => statusLine().includes('first queued for merging'));
		term.write('3 ');
		await term.waitFor(() => statusLine().includes('second queued for merging, number 2'));
		// The queue's own mark, with the place in it: not a check mark, which would read as "tests passed".
		expect(titleOf('first')).toContain('⇢queued 1');
		expect(titleOf('second')).toContain('⇢queued 2');
		expect(titleOf('first')).not.toContain('✓');
		term.write('M');
		await term.waitFor('Merge queue: first → second');
		const screen = await term.waitFor('second: merged into main');
		expect(screen).toContain('first: merged into main');
		expect(screen).toContain('tests of second');

		const log = (await app.repo.git('log', '--format=%s', 'main')).trim().split('\n');
		expect(log.slice(0, 3)).toEqual(['second', 'first', 'Repository settings']);
		expect(await app.repo.read('one.txt')).toBe('one\n');
		expect(await app.repo.read('two.txt')).toBe('two\n');
		const recorded = await results();
		expect(recorded.first).toMatchObject({passed: true, commit: (await app.repo.head('main~1'))});
		expect(recorded.second).toMatchObject({passed: true, commit: (await app.repo.head('main'))});

		term.write('q');
		await term.waitFor(() => titleOf('second').includes('tests passed') && titleOf('first').includes('tests passed'));
		await term.waitFor(() => titleOf('second').includes('merged') && titleOf('first').includes('merged'));
		expect(titleOf('first')).not.toContain('queued');
		expect(titleOf('second')).not.toContain('queued');
	});

	it('stops a conflicting pair at the second with the conflict shown, the repository clean, and hands it to the agent', async () => {
		await committedSession('left', 'src/app.txt', 'left');
		await committedSession('right', 'src/app.txt', 'right');
		const rightHead = (await app.repo.git('rev-parse', 'agentgrid/right')).trim();
		term.write('4 ');
		await term.waitFor(() => statusLine().includes('left queued for merging'));
		term.write('5 ');
		await term.waitFor(() => statusLine().includes('right queued for merging'));
		term.write('M');
		const screen = await term.waitFor('Conflict: right cannot be rebased onto main');
		expect(screen).toContain('Conflicting files: src/app.txt');
		expect(screen).toMatch(/[0-9a-f]{7} left \(src\/app\.txt\)/);
		expect(await app.repo.read('src/app.txt')).toBe('left\n');
		const rightWorktree = path.join(app.repo.dir, 'repo.worktrees', 'right');
		expect((await app.repo.git('-C', rightWorktree, 'status', '--porcelain')).trim()).toBe('');
		expect((await app.repo.git('rev-parse', 'agentgrid/right')).trim()).toBe(rightHead);
		expect((await app.repo.git('status', '--porcelain')).trim()).toBe('');

		term.write('a');
		await term.waitFor(() => statusLine().includes('PANE'));
		term.write(`${prefix}z`);
		// Zoomed, the other panes are gone; the paste alone would not say so, it may show unzoomed already. A key sent
		// before the zoom shows would reach the server in one read with the next, a burst taken as pasted text.
		await term.waitFor(screen => screen.includes('Received paste (bracketed): "Your changes on agentgrid/right conflict with main: commits') && !screen.includes(' 4 left '));
		term.write(`${prefix}z`);
		// Unzoomed, the other panes are back; only then the next key, or both would arrive as one pasted burst.
		await term.waitFor(screen => screen.includes(' 4 left '));
		await toGrid(term);
	});

	it('refuses to merge while the base is checked out with uncommitted changes, leaving them intact', async () => {
		await committedSession('third', 'three.txt', 'three');
		await app.repo.write('README.md', 'my unsaved notes\n');
		const mainHead = await app.repo.head('main');
		term.write('6m');
		const screen = await term.waitFor('Commit or stash the changes in that checkout');
		expect(screen).toMatch(/third: The base branch "main" is checked out in \S+, which has uncommitted changes \(README\.md\)\. Nothing was changed\./);
		expect(await app.repo.read('README.md')).toBe('my unsaved notes\n');
		expect(await app.repo.head('main')).toBe(mainHead);
		expect(await app.repo.exists('three.txt')).toBe(false);
		term.write('q');
		await term.waitFor(() => !term.text().includes('Merge third'));
	});

	it('goes back to the grid with one q after failing tests, saying what happened; a stray key only names q', async () => {
		await app.repo.git('checkout', '--', 'README.md');
		await committedSession('broken', 'BROKEN', 'broken');
		const mainHead = await app.repo.head('main');
		term.write('7m');
		const screen = await term.waitFor('Not merged: tests failed');
		expect(screen).toContain('! merges anyway (asks again) · q stops here and goes back');
		term.write('z');
		await term.waitFor(() => statusLine().includes('q goes back to the grid'));
		term.write('q');
		await term.waitFor(() => !term.text().includes('Merge broken') && /broken: tests failed \(exit 1\) .*nothing was merged/.test(statusLine()));
		expect(await app.repo.head('main')).toBe(mainHead);
	});
});
