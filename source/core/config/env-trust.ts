/*
 * The repository file's `env` reaches every process of a session, the agent included, so a cloned repository could use
 * it to run code: BASH_ENV makes every bash source a script, PATH swaps in the repository's own `claude`,
 * GIT_CONFIG_PARAMETERS sets hooks. So `env` is covered by trust like the setup commands. Until the file is trusted
 * only values made purely of agentgrid's own placeholders apply (a port, the slug, the index, the worktree path), and
 * never to a variable that decides what runs.
 */
import {isPlaceholdersOnly} from './templates.js';
import type {TrustStatus} from './trust.js';

const exactNames = new Set(['PATH', 'BASH_ENV', 'ENV', 'ZDOTDIR', 'NODE_OPTIONS', 'NODE_PATH', 'IFS', 'PROMPT_COMMAND', 'SHELLOPTS', 'BASHOPTS', 'HOME']);
const prefixes = ['LD_', 'DYLD_', 'GIT_', 'PYTHON', 'PERL5', 'RUBY', 'BASH_FUNC_', 'XDG_'];
// Directories tools load programs or configuration from (GOPATH, JAVA_HOME, CARGO_HOME, GOROOT...): aimed at the
// worktree, even a value that is nothing but {{worktree}} would hand the repository's files to that tool.
const suffixes = ['PATH', '_HOME', 'ROOT'];

/** Variables that change which program runs or what it loads, rather than configuring the project. */
export function changesWhatRuns(name: string): boolean {
	const upper = name.toUpperCase();
	return exactNames.has(upper) || prefixes.some(prefix => upper.startsWith(prefix)) || suffixes.some(suffix => upper.endsWith(suffix));
}

/** An entry that only a trusted file may set. */
export function envNeedsTrust(name: string, template: string): boolean {
	return changesWhatRuns(name) || !isPlaceholdersOnly(template);
}

/** The repository's env entries that apply with this trust status. */
export function applicableEnvTemplates(templates: Record<string, string>, trust: TrustStatus): Record<string, string> {
	if (trust === 'trusted') {
		return {...templates};
	}
	return Object.fromEntries(Object.entries(templates).filter(([name, template]) => !envNeedsTrust(name, template)));
}

/** The names held back until the file is trusted, for telling the user. */
export function withheldEnvNames(templates: Record<string, string>, trust: TrustStatus): string[] {
	return trust === 'trusted' ? [] : Object.entries(templates).filter(([name, template]) => envNeedsTrust(name, template)).map(([name]) => name);
}
