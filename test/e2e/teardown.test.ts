/**
 * Teardown from the command line: `agentgrid rm` goes through the server, runs the repository's teardown commands
 * with the session's environment, prints each as a step, and keeps the session when one fails.
 */
import {lstat, readFile} from 'node:fs/promises';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {createAppFixture, type AppFixture} from './app-fixture.js';

let app: AppFixture;

beforeEach(async () => {
	app = await createAppFixture();
});

afterEach(async () => {
	await app?.repo.cleanup();
});

const exists = async (file: string) => lstat(file).then(() => true, () => false);

describe('agentgrid rm with teardown commands', () => {
	it('prints each teardown step with its output, runs it with the session\'s port, and keeps the session when one fails', async () => {
		const log = path.join(app.repo.dir, 'teardown.log');
		await app.repo.commit('settings', {'.agentgrid.json': JSON.stringify({
			env: {PORT: '{{port}}'},
			teardownCommands: [`echo "stop $PORT for {{slug}}" | tee -a '${log}'`, 'test ! -e "$AGENTGRID_WORKTREE/keep-me" || { echo "keep-me is there" >&2; exit 4; }'],
		})});
		expect((await app.cli(['trust'])).code).toBe(0);
		expect((await app.cli(['new', 'db'])).code).toBe(0);
		const worktree = path.join(path.dirname(app.repo.root), `${path.basename(app.repo.root)}.worktrees`, 'db');
		const slots = JSON.parse(await readFile(path.join(app.repo.root, '.git/agentgrid/sessions.json'), 'utf8')) as {sessions: Array<{ports: number[]}>};
		const port = slots.sessions[0]!.ports[0];

		await app.repo.write(path.join(worktree, 'keep-me'), 'x\n');
		await app.repo.git('-C', worktree, 'add', 'keep-me');
		await app.repo.git('-C', worktree, 'commit', '-q', '-m', 'keep');
		const failed = await app.cli(['rm', 'db', '--discard']);
		expect(failed.code).toBe(1);
		expect(failed.stdout).toContain('▸ echo "stop $PORT for {{slug}}"');
		expect(failed.stdout).toContain(`    stop ${port} for db\n`);
		expect(failed.stdout).toContain('✗ test ! -e');
		expect(failed.stderr).toContain('failed: exit code 4');
		expect(failed.stderr).toContain('keep-me is there');
		expect(await exists(worktree)).toBe(true);
		expect(await app.repo.git('branch', '--list', 'agentgrid/db')).toContain('agentgrid/db');

		const removed = await app.cli(['rm', 'db', '--discard', '--no-teardown']);
		expect(removed.code).toBe(0);
		expect(removed.stdout).toMatch(/^db: removed its worktree, deleted agentgrid\/db, discarded 1 unmerged commit\.\n$/);
		expect(await readFile(log, 'utf8')).toBe(`stop ${port} for db\n`);
		expect(await exists(worktree)).toBe(false);
	});
});
