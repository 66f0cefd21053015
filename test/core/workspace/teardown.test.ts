import {lstat, readFile, readlink, rm, stat} from 'node:fs/promises';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import type {RepositorySettingsData} from '../../../source/core/config/repository-settings-schema.js';
import {HasUnsavedWork} from '../../../source/core/git/errors.js';
import {prepareSession} from '../../../source/core/setup/prepare-session.js';
import {SetupStepFailedError, type SetupEvent} from '../../../source/core/setup/setup-job.js';
import {loadRepositorySettings} from '../../../source/core/config/repository-settings.js';
import {runGitIn} from '../../helpers/git-repo.js';
import {workspaceFixture, type WorkspaceFixture} from './workspace-fixture.js';

const exists = async (file: string) => lstat(file).then(() => true, () => false);
const branchExists = async (fixture: WorkspaceFixture, branch: string) => (await fixture.repo.git('branch', '--list', branch)).trim() !== '';

async function prepare(fixture: WorkspaceFixture, slug: string, events: SetupEvent[] = []) {
	const session = await prepareSession({
		slug,
		repositoryRoot: fixture.repo.root,
		worktrees: fixture.worktrees,
		repository: await loadRepositorySettings(fixture.repo.root),
		trust: 'trusted',
		taskFile: 'AGENTGRID_TASK.md',
		slots: fixture.slots,
		baseEnv: {PATH: process.env.PATH},
		onEvent: event => events.push(event),
	});
	await fixture.workspace.load();
	return session;
}

const teardownLog = (fixture: WorkspaceFixture) => path.join(fixture.repo.dir, 'teardown.log');

describe('teardown on removal', () => {
	const settings: RepositorySettingsData = {
		env: {PORT: '{{port}}', DATABASE: 'app_{{slug}}'},
		teardownCommands: [
			'printf "%s %s %s %s %s\\n" "$DATABASE" "$PORT" {{port}} "$AGENTGRID_SESSION" "$PWD" >> "$TEARDOWN_LOG"',
			'echo dropped app_{{slug}}',
		],
	};

	it('runs the commands in the worktree with the session\'s environment, each as a step, then removes everything', async () => {
		const fixture = await workspaceFixture(settings, {env: repo => ({TEARDOWN_LOG: path.join(repo.dir, 'teardown.log')})});
		const session = await prepare(fixture, 'db-work');
		const events: SetupEvent[] = [];
		const result = await fixture.workspace.remove('db-work', 'refuse', {}, event => events.push(event));
		const port = session.ports[0];
		expect(port).toBeGreaterThan(0);
		expect(await readFile(teardownLog(fixture), 'utf8')).toBe(`app_db-work ${port} ${port} db-work ${session.worktree}\n`);
		expect(events.filter(event => event.type === 'step-finished').map(event => event.title)).toEqual(settings.teardownCommands);
		expect(events.some(event => event.type === 'output' && event.text === 'dropped app_db-work\n')).toBe(true);
		expect(result).toMatchObject({worktreeRemoved: true, branchDeleted: true, teardownRan: 2});
		expect(await exists(session.worktree)).toBe(false);
		expect(await branchExists(fixture, session.branch)).toBe(false);
		expect((await fixture.slots.list()).map(slot => slot.slug)).toEqual([]);
	});

	it('keeps the worktree, branch and ports when a command fails, and says which one and why', async () => {
		const fixture = await workspaceFixture({teardownCommands: ['echo first >> "$LOG"', 'echo "database is in use" >&2; exit 3', 'echo third >> "$LOG"']}, {env: repo => ({LOG: path.join(repo.dir, 'teardown.log')})});
		const log = teardownLog(fixture);
		const session = await prepare(fixture, 'busy-db');
		const failure = await fixture.workspace.remove('busy-db', 'refuse').catch((error: unknown) => error);
		expect(failure).toBeInstanceOf(SetupStepFailedError);
		const error = failure as SetupStepFailedError;
		expect(error.code).toBe('teardown-failed');
		expect(error.message).toContain('Teardown step "echo "database is in use" >&2; exit 3" failed: exit code 3');
		expect(error.message).toContain('database is in use');
		expect(error.hint).toContain('agentgrid rm busy-db --no-teardown');
		expect(await readFile(log, 'utf8')).toBe('first\n');
		expect(await exists(session.worktree)).toBe(true);
		expect(await branchExists(fixture, session.branch)).toBe(true);
		expect((await fixture.slots.list()).map(slot => slot.slug)).toEqual(['busy-db']);

		// Skipping the teardown is an explicit choice, and then the removal goes through.
		const result = await fixture.workspace.remove('busy-db', 'refuse', {teardown: false});
		expect(result).toMatchObject({worktreeRemoved: true, teardownRan: 0});
		expect(await readFile(log, 'utf8')).toBe('first\n');
	});

	it('runs nothing while the session still has work that the choice does not cover', async () => {
		const fixture = await workspaceFixture({teardownCommands: ['touch "$AGENTGRID_WORKTREE/../torn-down"']});
		const session = await prepare(fixture, 'wip');
		await fixture.repo.write(path.join(session.worktree, 'notes.txt'), 'half done\n');
		await expect(fixture.workspace.remove('wip', 'refuse')).rejects.toBeInstanceOf(HasUnsavedWork);
		expect(await exists(path.join(path.dirname(session.worktree), 'torn-down'))).toBe(false);
		const salvaged = await fixture.workspace.remove('wip', 'salvage');
		expect(salvaged).toMatchObject({teardownRan: 1, branchDeleted: false});
		expect(salvaged.salvagedCommit).toMatch(/^[0-9a-f]{40}$/);
	});

	it('skips the commands of an untrusted file and says so, removing the session as before', async () => {
		const fixture = await workspaceFixture({teardownCommands: ['touch "$AGENTGRID_WORKTREE/../torn-down"']}, {trust: 'untrusted'});
		const session = await prepare(fixture, 'wary');
		const events: SetupEvent[] = [];
		const result = await fixture.workspace.remove('wary', 'refuse', {}, event => events.push(event));
		expect(result).toMatchObject({worktreeRemoved: true, teardownRan: 0});
		const skipped = events.find(event => event.type === 'step-skipped');
		expect(skipped && skipped.type === 'step-skipped' && skipped.reason).toContain('is not trusted yet');
		expect(await exists(path.join(path.dirname(session.worktree), 'torn-down'))).toBe(false);
	});

	it('runs in the main checkout for a session whose worktree directory is gone', async () => {
		const fixture = await workspaceFixture({teardownCommands: ['pwd > "$AGENTGRID_WORKTREE.where"']});
		const session = await prepare(fixture, 'orphan');
		await rm(session.worktree, {recursive: true, force: true});
		await fixture.workspace.remove('orphan', 'discard');
		expect((await readFile(`${session.worktree}.where`, 'utf8')).trim()).toBe(fixture.repo.root);
		expect(await runGitIn(fixture.repo.root, ['worktree', 'list'])).not.toContain('orphan');
	});
});

describe('linked files', () => {
	it('links untracked paths of the main checkout as symlinks that git does not see, and removal leaves the originals', async () => {
		const fixture = await workspaceFixture({linkFiles: ['node_modules', '.cache/models', 'missing-dir'], copyFiles: ['node_modules/**']}, {files: {'.gitignore': 'node_modules/\n'}});
		await fixture.repo.write('node_modules/left-pad/index.js', 'module.exports = 1;\n');
		await fixture.repo.write('.cache/models/weights.bin', 'big\n');
		const events: SetupEvent[] = [];
		const session = await prepare(fixture, 'linked', events);
		expect(session.linkedFiles).toEqual(['node_modules', '.cache/models']);
		expect(session.copiedFiles).toEqual([]);
		for (const item of ['node_modules', '.cache/models']) {
			const link = path.join(session.worktree, item);
			expect((await lstat(link)).isSymbolicLink()).toBe(true);
			expect(await readlink(link)).toBe(path.join(fixture.repo.root, item));
		}
		expect(await readFile(path.join(session.worktree, 'node_modules/left-pad/index.js'), 'utf8')).toBe('module.exports = 1;\n');
		const output = events.filter(event => event.type === 'output' && event.step === 'link-files').map(event => (event as {text: string}).text).join('');
		expect(output).toContain('missing-dir: not linked, not in the main checkout');
		expect(await runGitIn(session.worktree, ['status', '--porcelain', '--untracked-files=all'])).toBe('');

		await fixture.workspace.remove('linked', 'refuse');
		expect(await exists(session.worktree)).toBe(false);
		expect(await readFile(path.join(fixture.repo.root, 'node_modules/left-pad/index.js'), 'utf8')).toBe('module.exports = 1;\n');
		expect((await stat(path.join(fixture.repo.root, '.cache/models/weights.bin'))).size).toBe(4);
	});

	it('refuses a path git tracks, naming it, before linking anything', async () => {
		const fixture = await workspaceFixture({linkFiles: ['shared', 'src']}, {files: {'src/app.ts': 'export {};\n'}});
		await fixture.repo.write('shared/data.txt', 'x\n');
		const failure = await prepare(fixture, 'tracked').catch((error: unknown) => error);
		expect(failure).toBeInstanceOf(SetupStepFailedError);
		expect((failure as Error).message).toContain('linkFiles names a path git tracks: src');
		const worktree = fixture.worktrees.worktreePathFor('tracked');
		expect(await exists(path.join(worktree, 'shared'))).toBe(false);
		expect((await lstat(path.join(worktree, 'src'))).isDirectory()).toBe(true);
	});
});
