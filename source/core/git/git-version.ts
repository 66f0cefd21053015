import {GitNotFound, GitTooOld} from './errors.js';
import {gitTask} from './run-git.js';

export const minimumGitVersion = [2, 38] as const;

export function isSupportedGitVersion(version: readonly number[]): boolean {
	const [major = 0, minor = 0] = version;
	return major > minimumGitVersion[0] || (major === minimumGitVersion[0] && minor >= minimumGitVersion[1]);
}

/** Throws GitTooOld (or GitNotFound) unless the installed git can do everything agentgrid needs. */
export async function assertGitVersion(cwd: string): Promise<number[]> {
	const installed = await gitTask(cwd, ['--version'], 'version');
	if (!installed.installed) {
		throw new GitNotFound();
	}
	const version = [installed.major, installed.minor, Number(installed.patch)];
	if (!isSupportedGitVersion(version)) {
		throw new GitTooOld(installed.text, minimumGitVersion.join('.'));
	}
	return version;
}
