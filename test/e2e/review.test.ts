/**
 * The review screen in the real app: a session of the scripted fake agent with a committed, a modified and an
 * untracked file (and a change on the base that is not the session's), reviewed with `d`; a note written on the
 * screen reaches the agent as a bracketed paste and is submitted.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {OuterTerminal} from '../helpers/outer-terminal.js';
import {createAppFixture, spawnSession, statusLine as statusLineOf, toGrid, type AppFixture} from './app-fixture.js';

let app: AppFixture;
let term: OuterTerminal;

const statusLine = () => statusLineOf(term);

beforeAll(async () => {
	app = await createAppFixture();
	term = app.start({cols: 160, rows: 40});
});

afterAll(async () => {
	term?.kill();
	await app?.repo.cleanup();
});

describe('review in a real terminal', () => {
	it('shows exactly the session changes, committed and untracked included', async () => {
		await term.waitFor('No sessions yet');
		await spawnSession(term, 'review me');
		await term.waitFor('Done: review me');
		term.write('edit committed.txt first line ; commit Add a committed file\r');
		await term.waitFor('Committed: Add a committed file');
		term.write('edit src/app.txt app changed ; edit notes/new.txt brand new\r');
		await term.waitFor('Edited notes/new.txt');
		// The base moves on after the fork: not the session's change.
		await app.repo.commit('Base only', {'base-only.txt': 'main\n'});
		await toGrid(term);

		term.write('d');
		const screen = await term.waitFor(text => text.includes('Review review-me') && text.includes('line 1/'));
		expect(screen).toContain('3 files +3 -1 against main');
		expect(screen).toMatch(/A committed\.txt +\+1 -0 committed/);
		expect(screen).toMatch(/A notes\/new\.txt +\+1 -0 untracked/);
		expect(screen).toMatch(/M src\/app\.txt +\+1 -1 unstaged/);
		expect(screen).not.toContain('base-only.txt');
		expect(screen).not.toContain('README.md');
		expect(screen).toMatch(/1 \+first line/);
		expect(statusLine()).toContain('REVIEW');

		term.write(']');
		await term.waitFor(/1 \+brand new/);
		term.write(']');
		const modified = await term.waitFor(/1 \+app changed/);
		expect(modified).toMatch(/1 +-app/);
		expect(modified).toContain('@@ -1 +1 @@');
	});

	it('sends a note to the agent as a bracketed paste, submits it and focuses its pane', async () => {
		term.write('j');
		term.write('f');
		await term.waitFor('Feedback for the agent in review-me');
		await term.waitFor('In src/app.txt line 1: ');
		term.write('keep the old name');
		await term.waitFor('line 1: keep the old name');
		term.write('\r');
		await term.waitFor('Received paste (bracketed): "In src/app.txt line 1: keep the old name"');
		await term.waitFor(() => statusLine().includes('PANE'));
		await term.waitFor('Done: In src/app.txt line 1: keep the old name');
		expect(term.text()).not.toContain('Feedback for the agent');
	});
});
