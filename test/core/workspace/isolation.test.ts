import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {loadRepositorySettings} from '../../../source/core/config/repository-settings.js';
import {normalizeScope} from '../../../source/core/scope/session-scope.js';
import {prepareSession} from '../../../source/core/setup/prepare-session.js';
import {maskEnvValue} from '../../../source/core/workspace/isolation.js';
import {type ControlContext, handlers} from '../../../source/server/control.js';
import {workspaceFixture} from './workspace-fixture.js';

describe('isolation in ls --json', () => {
	it('carries worktree, branch, base, ports, the environment with secrets masked, links, teardown, services and scope', async () => {
		const fixture = await workspaceFixture({
			env: {PORT: '{{port}}', DATABASE_URL: 'postgres://app:hunter2@localhost/app_{{slug}}', API_TOKEN: 'abc123', DB_NAME: 'app_{{slug}}'},
			linkFiles: ['node_modules'],
			teardownCommands: ['dropdb --if-exists app_{{slug}}'],
			services: {web: 'serve --port {{port}}', worker: {command: 'make watch DIR={{worktree}}', autostart: false}},
		});
		const session = await prepareSession({
			slug: 'iso',
			scope: normalizeScope({owns: ['src/a/'], avoid: ['docs/']}),
			repositoryRoot: fixture.repo.root,
			worktrees: fixture.worktrees,
			repository: await loadRepositorySettings(fixture.repo.root),
			trust: 'trusted',
			taskFile: 'AGENTGRID_TASK.md',
			slots: fixture.slots,
			baseEnv: {PATH: process.env.PATH},
			onEvent: () => undefined,
		});
		const context = {workspace: fixture.workspace, worktrees: fixture.worktrees} as unknown as ControlContext;
		const rows = await handlers.ls!({}, context, () => undefined) as Array<{slug: string; isolation: Record<string, unknown>}>;
		const port = session.ports[0]!;
		expect(rows).toHaveLength(1);
		expect(rows[0]!.isolation).toEqual({
			worktree: session.worktree,
			branch: 'agentgrid/iso',
			base: 'main',
			index: 1,
			ports: [port],
			env: {
				PORT: String(port),
				DATABASE_URL: 'postgres://app:••••••@localhost/app_iso',
				API_TOKEN: '••••••',
				DB_NAME: 'app_iso',
				AGENTGRID_SESSION: 'iso',
				AGENTGRID_BRANCH: 'agentgrid/iso',
				AGENTGRID_WORKTREE: session.worktree,
				AGENTGRID_BASE: 'main',
				AGENTGRID_INDEX: '1',
				AGENTGRID_PORTS: String(port),
			},
			linkFiles: ['node_modules'],
			teardownCommands: 1,
			// Not started in this server: described as they would run, with the session's values.
			services: [
				{name: 'web', command: `serve --port ${port}`, port, state: 'stopped'},
				{name: 'worker', command: `make watch DIR=${session.worktree}`, state: 'stopped'},
			],
			owns: ['src/a/'],
			avoid: ['docs/'],
		});
		expect(path.isAbsolute(session.worktree)).toBe(true);
	});

	it('masks secret-looking names and URL passwords only', () => {
		expect(maskEnvValue('GITHUB_TOKEN', 'x')).toBe('••••••');
		expect(maskEnvValue('DB_PASSWORD', 'x')).toBe('••••••');
		expect(maskEnvValue('REDIS_URL', 'redis://:pw@host:6379/1')).toBe('redis://:••••••@host:6379/1');
		expect(maskEnvValue('HOST', 'localhost:5432')).toBe('localhost:5432');
		expect(maskEnvValue('PORT', '4100')).toBe('4100');
	});
});
