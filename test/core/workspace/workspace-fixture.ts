/**
 * A real AgentWorkspace on a temp repository with a given `.agentgrid.json` (committed, trusted unless told
 * otherwise), for tests of what the workspace does around sessions: creation, removal and teardown, services.
 */
import path from 'node:path';
import {afterEach} from 'vitest';
import {loadRepositorySettings} from '../../../source/core/config/repository-settings.js';
import type {RepositorySettingsData} from '../../../source/core/config/repository-settings-schema.js';
import {SessionSlotStore} from '../../../source/core/config/session-slots.js';
import type {TrustStatus} from '../../../source/core/config/trust.js';
import {openRepository} from '../../../source/core/git/repository.js';
import {WorktreeService} from '../../../source/core/git/worktree-service.js';
import {resolvePresets} from '../../../source/core/session/presets.js';
import {AgentWorkspace} from '../../../source/core/workspace/workspace.js';
import {createTempRepo, type TempRepo} from '../../helpers/git-repo.js';

const cleanups: Array<() => Promise<void>> = [];

afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

export interface WorkspaceFixture {
	repo: TempRepo;
	workspace: AgentWorkspace;
	worktrees: WorktreeService;
	slots: SessionSlotStore;
}

export async function workspaceFixture(settings: RepositorySettingsData, options: {trust?: TrustStatus; files?: Record<string, string>; env?: (repo: TempRepo) => NodeJS.ProcessEnv} = {}): Promise<WorkspaceFixture> {
	const repo = await createTempRepo({files: {'README.md': '# app\n', ...options.files, '.agentgrid.json': `${JSON.stringify(settings, null, '\t')}\n`}});
	cleanups.push(repo.cleanup);
	const repository = await openRepository(repo.root);
	const worktrees = new WorktreeService(repository);
	const slots = new SessionSlotStore(path.join(repository.commonDir, 'agentgrid', 'sessions.json'));
	const env = {PATH: process.env.PATH, HOME: process.env.HOME, ...options.env?.(repo)};
	const workspace = new AgentWorkspace({
		repo: repository,
		worktrees,
		repository: await loadRepositorySettings(repo.root),
		trust: options.trust ?? 'trusted',
		slots,
		presets: resolvePresets(env, {}, undefined),
		defaultAgent: 'shell',
		taskFile: 'AGENTGRID_TASK.md',
		scrollback: 100,
		env,
		version: 'test',
	});
	cleanups.push(async () => workspace.stopAll());
	await workspace.load();
	return {repo, workspace, worktrees, slots};
}
