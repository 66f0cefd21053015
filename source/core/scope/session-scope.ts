/**
 * A session's scope: the paths it owns (where its edits belong) and the paths it must not touch. It is remembered in
 * the session branch's git config, like its base, so every process (the CLI that created it, the server's radar)
 * reads the same thing, plain git shows it, and it goes when git deletes the branch.
 */
import {AgentgridError} from '../errors.js';
import {gitWithLockRetry, runGit, splitNul} from '../git/run-git.js';

export interface SessionScope {
	/** Paths relative to the repository root; a trailing `/` names a directory. Empty: the session owns nothing in particular. */
	owns: string[];
	avoid: string[];
}

const ownsKey = 'agentgridOwns';
const avoidKey = 'agentgridAvoid';

export const emptyScope: SessionScope = {owns: [], avoid: []};

export function hasScope(scope: SessionScope | undefined): scope is SessionScope {
	return scope !== undefined && (scope.owns.length > 0 || scope.avoid.length > 0);
}

/**
 * Checks and normalises a path as typed (`./src/auth/`, `src//auth`): relative, inside the repository, `/`-separated.
 * A trailing slash is kept, as the sign of a directory.
 */
export function normalizeScopePath(input: string, option = '--owns'): string {
	const trimmed = input.trim();
	const directory = trimmed.endsWith('/');
	const parts = trimmed.split('/').filter(part => part !== '' && part !== '.');
	if (trimmed.startsWith('/') || trimmed.startsWith('~')) {
		throw new AgentgridError('scope-path-invalid', `${option} ${JSON.stringify(input)}: give a path relative to the repository root.`, 'For example --owns src/auth/ or --avoid package-lock.json.');
	}
	if (parts.length === 0) throw new AgentgridError('scope-path-invalid', `${option} needs a path inside the repository, found ${JSON.stringify(input)}.`);
	if (parts.includes('..')) throw new AgentgridError('scope-path-invalid', `${option} ${JSON.stringify(input)} leaves the repository.`);
	if (parts.some(part => /[\u0000-\u001F\u007F]/u.test(part))) throw new AgentgridError('scope-path-invalid', `${option} ${JSON.stringify(input)} holds control characters.`);
	return `${parts.join('/')}${directory ? '/' : ''}`;
}

export function normalizeScope(scope: Partial<SessionScope>): SessionScope {
	const unique = (items: readonly string[] | undefined, option: string) => [...new Set((items ?? []).map(item => normalizeScopePath(item, option)))];
	return {owns: unique(scope.owns, '--owns'), avoid: unique(scope.avoid, '--avoid')};
}

/** Whether `file` (a path git reports) lies in one of `paths`: the same path, or under it as a directory. */
export function inPaths(file: string, paths: readonly string[]): boolean {
	return paths.some(entry => {
		const bare = entry.replace(/\/$/u, '');
		return file === bare || file.startsWith(`${bare}/`);
	});
}

/** Whether two scope paths can name a common file (one equals or contains the other). */
export function pathsOverlap(a: string, b: string): boolean {
	const x = a.replace(/\/$/u, '');
	const y = b.replace(/\/$/u, '');
	return x === y || x.startsWith(`${y}/`) || y.startsWith(`${x}/`);
}

export async function rememberScope(root: string, branch: string, scope: SessionScope): Promise<void> {
	for (const [key, values] of [[ownsKey, scope.owns], [avoidKey, scope.avoid]] as const) {
		await gitWithLockRetry(root, ['config', '--unset-all', `branch.${branch}.${key}`]).catch(() => undefined);
		for (const value of values) await gitWithLockRetry(root, ['config', '--add', `branch.${branch}.${key}`, value]);
	}
}

/** The scope of every branch that has one, with one git call. */
export async function readScopes(root: string): Promise<Map<string, SessionScope>> {
	const result = await runGit(['config', '-z', '--get-regexp', `^branch\\..*\\.(${ownsKey}|${avoidKey})$`], {cwd: root, okExitCodes: [0, 1]});
	const scopes = new Map<string, SessionScope>();
	for (const item of splitNul(result.stdout)) {
		const newline = item.indexOf('\n');
		const key = item.slice(0, newline);
		const lastDot = key.lastIndexOf('.');
		const branch = key.slice('branch.'.length, lastDot);
		const scope = scopes.get(branch) ?? {owns: [], avoid: []};
		(key.slice(lastDot + 1).toLowerCase() === ownsKey.toLowerCase() ? scope.owns : scope.avoid).push(item.slice(newline + 1));
		scopes.set(branch, scope);
	}
	return scopes;
}
