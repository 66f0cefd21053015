import {GitTooOld} from './errors.js';
import {firstLine, git} from './run-git.js';

export const minimumGitVersion = [2, 38] as const;

/** Parses "git version 2.39.5 (Apple Git-154)" into [2, 39, 5]. */
export function parseGitVersion(output: string): number[] {
	const match = /(\d+)\.(\d+)(?:\.(\d+))?/.exec(output);
	if (!match) {
		return [];
	}
	return [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)];
}

export function isSupportedGitVersion(version: readonly number[]): boolean {
	const [major = 0, minor = 0] = version;
	return major > minimumGitVersion[0] || (major === minimumGitVersion[0] && minor >= minimumGitVersion[1]);
}

/** Throws GitTooOld (or GitNotFound) unless the installed git can do everything agentgrid needs. */
export async function assertGitVersion(cwd: string): Promise<number[]> {
	const output = await git(cwd, ['--version']);
	const version = parseGitVersion(output);
	if (!isSupportedGitVersion(version)) {
		throw new GitTooOld(firstLine(output).replace(/^git version /, ''), minimumGitVersion.join('.'));
	}
	return version;
}
