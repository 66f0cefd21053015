import {loadRepositorySettings, type RepositorySettings} from '../core/config/repository-settings.js';
import {SessionSlotStore, sessionSlotsFile} from '../core/config/session-slots.js';
import {TrustStore, type TrustStatus} from '../core/config/trust.js';
import {configDirFromEnv, UserSettings} from '../core/config/user-settings.js';
import type {UserSettingsData} from '../core/config/user-settings-schema.js';
import {openRepository, type Repository} from '../core/git/repository.js';
import {WorktreeService, type WorktreeOptions} from '../core/git/worktree-service.js';
import type {CommandContext} from './types.js';

export async function openUserSettings(context: CommandContext): Promise<UserSettings> {
	return UserSettings.open({configDir: configDirFromEnv(context.env)});
}

export function trustStoreFor(settings: UserSettings): TrustStore {
	return TrustStore.inConfigDir(settings.directory);
}

export function worktreeOptionsFromSettings(settings: UserSettingsData): WorktreeOptions {
	return {
		branchPrefix: settings.branchPrefix,
		worktreeDir: settings.worktreeLocation,
		mergeMode: settings.mergeMode === 'merge' ? 'merge-commit' : 'fast-forward',
	};
}

/** Everything a command needs about the repository in the current directory. */
export interface Workspace {
	repo: Repository;
	user: UserSettingsData;
	userSettings: UserSettings;
	repository: RepositorySettings;
	trust: TrustStatus;
	trustStore: TrustStore;
	worktrees: WorktreeService;
	slots: SessionSlotStore;
}

export async function openWorkspace(context: CommandContext): Promise<Workspace> {
	const [userSettings, repo] = await Promise.all([openUserSettings(context), openRepository(context.cwd)]);
	const user = userSettings.all();
	const repository = await loadRepositorySettings(repo.root);
	const trustStore = trustStoreFor(userSettings);
	return {
		repo,
		user,
		userSettings,
		repository,
		trust: await trustStore.status(repo.root, repository),
		trustStore,
		worktrees: new WorktreeService(repo, worktreeOptionsFromSettings(user)),
		slots: new SessionSlotStore(sessionSlotsFile(repo.commonDir)),
	};
}
