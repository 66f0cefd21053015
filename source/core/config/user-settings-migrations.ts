/**
 * Settings format migrations, as pure functions on the file's data so the same code runs inside conf (which writes
 * the result) and in the pre-check that validates a file before conf may touch it.
 */
export type SettingsMigration = (data: Record<string, unknown>) => void;

/**
 * Format 0 (files without a recorded format version) named three settings differently:
 * `prefix` (now `prefixKey`), `worktreeDir` (now `worktreeLocation`) and `notifications: boolean`
 * (now `notificationStyle`: true meant the bell).
 */
const renameFormat0Keys: SettingsMigration = data => {
	renameKey(data, 'prefix', 'prefixKey');
	renameKey(data, 'worktreeDir', 'worktreeLocation');
	if ('notifications' in data) {
		const enabled = data.notifications;
		delete data.notifications;
		if (!('notificationStyle' in data) && typeof enabled === 'boolean') {
			data.notificationStyle = enabled ? 'bell' : 'none';
		}
	}
};

export const settingsMigrations: Record<string, SettingsMigration> = {
	'1.0.0': renameFormat0Keys,
};

function renameKey(data: Record<string, unknown>, from: string, to: string): void {
	if (from in data) {
		if (!(to in data)) {
			data[to] = data[from];
		}
		delete data[from];
	}
}

/** The migrations a file recorded at `fromVersion` (undefined: never recorded) still needs, oldest first. */
export function pendingMigrations(fromVersion: string | undefined, toVersion: string): SettingsMigration[] {
	return Object.entries(settingsMigrations)
		.filter(([version]) => (fromVersion === undefined || compareVersions(version, fromVersion) > 0) && compareVersions(version, toVersion) <= 0)
		.sort(([a], [b]) => compareVersions(a, b))
		.map(([, migration]) => migration);
}

export function compareVersions(a: string, b: string): number {
	const parse = (version: string) => version.split('-')[0].split('.').map(part => Number(part) || 0);
	const left = parse(a);
	const right = parse(b);
	for (let index = 0; index < 3; index++) {
		const difference = (left[index] ?? 0) - (right[index] ?? 0);
		if (difference !== 0) {
			return difference;
		}
	}
	return 0;
}
