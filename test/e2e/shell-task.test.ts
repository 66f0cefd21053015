/**
 * A shell session's task is prose for the person at the shell: it is shown in the pane title and written to the task
 * file, and never typed into the shell as a command (the promise: "a task runs nothing").
 */
import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {OuterTerminal} from '../helpers/outer-terminal.js';
import {createAppFixture, spawnSession, toGrid, type AppFixture} from './app-fixture.js';

let app: AppFixture;
let term: OuterTerminal | undefined;

beforeAll(async () => {
	app = await createAppFixture();
});

afterAll(async () => {
	term?.kill();
	await app?.repo.cleanup();
});

describe('a shell session with a task', () => {
	it('shows the task in its title and task file, runs none of it, and still shows it after a restart of the server', async () => {
		term = app.start({cols: 160, rows: 30});
		await term.waitFor('No sessions yet');
		// Would create the file if the shell ran it.
		await spawnSession(term, 'Say hello; touch ran-the-task', 'Shell');
		term.write('echo "shell-$((6*7))"\r');
		await term.waitFor('shell-42');
		const title = () => term!.lines().find(line => line.includes(' say-hello')) ?? '';
		await term.waitFor(() => title().includes('"Say hello; touch ran-the-task"'));
		expect(term.text()).not.toContain('command not found');
		const worktree = path.join(path.dirname(app.repo.root), `${path.basename(app.repo.root)}.worktrees`);
		const [session] = JSON.parse((await app.cli(['ls', '--json'])).stdout) as Array<{slug: string; worktree: string}>;
		expect(session!.worktree.startsWith(worktree)).toBe(true);
		expect(await readFile(path.join(session!.worktree, 'AGENTGRID_TASK.md'), 'utf8')).toContain('Say hello; touch ran-the-task');
		await expect(readFile(path.join(session!.worktree, 'ran-the-task'))).rejects.toThrow();

		await toGrid(term);
		expect((await app.cli(['kill-server', '--force'])).code).toBe(0);
		term.kill();
		term = app.start({cols: 160, rows: 30});
		await term.waitFor(() => title().includes('stopped') && title().includes('"Say hello; touch ran-the-task"'));
	});
});
