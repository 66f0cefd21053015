import {AgentgridError} from '../errors.js';

/**
 * `{{name}}` templates in the repository file's env values. Unknown placeholders are an error rather than being
 * left in place: `DATABASE_URL=postgres://localhost/app_{{slugg}}` silently pointing two sessions at one database
 * is exactly the collision the templates exist to prevent.
 */
export interface TemplateValues {
	slug: string;
	branch: string;
	/** 1-based position of the session among the repository's live sessions, stable for its lifetime. */
	index: number;
	/** The session's ports; `{{port}}` is the first, `{{port1}}`, `{{port2}}`... name each. */
	ports: number[];
	worktree: string;
	repo: string;
}

const placeholderPattern = /\{\{\s*([^{}]*?)\s*\}\}/gu;

export const fixedPlaceholders = ['slug', 'branch', 'index', 'port', 'worktree', 'repo'] as const;

export class TemplateError extends AgentgridError {
	constructor(message: string, hint?: string) {
		super('template-invalid', message, hint);
	}
}

/** Placeholder names used by a template, in order of appearance. */
export function placeholdersIn(template: string): string[] {
	return [...template.matchAll(placeholderPattern)].map(match => match[1]);
}

/**
 * Checks a template without values. `portCount` bounds `{{portN}}`; `where` names the setting in messages
 * (e.g. `env.DATABASE_URL in /repo/.agentgrid.json`).
 */
export function checkTemplate(template: string, portCount: number, where: string): void {
	for (const name of placeholdersIn(template)) {
		const problem = placeholderProblem(name, portCount);
		if (problem) {
			throw new TemplateError(`${where}: ${problem}`, `Available placeholders: ${describePlaceholders(portCount)}.`);
		}
	}
}

/** true when the template is nothing but placeholders ("{{port}}", "{{worktree}}"): no text of the file's own. */
export function isPlaceholdersOnly(template: string): boolean {
	return template.length > 0 && template.replaceAll(placeholderPattern, '') === '';
}

export function expandTemplate(template: string, values: TemplateValues, where: string): string {
	checkTemplate(template, values.ports.length, where);
	return template.replaceAll(placeholderPattern, (_match, name: string) => String(valueOf(name, values)));
}

/**
 * Expands a shell command line from the repository file. Values are inserted shell-quoted when they hold anything but
 * plain characters, so a worktree path with a space stays one word (`cd {{worktree}}`); slugs, branches, ports and
 * indexes never need quoting.
 */
export function expandCommandTemplate(template: string, values: TemplateValues, where: string): string {
	checkTemplate(template, values.ports.length, where);
	return template.replaceAll(placeholderPattern, (_match, name: string) => shellWord(String(valueOf(name, values))));
}

function shellWord(value: string): string {
	return /^[\w@%+=:,./-]+$/u.test(value) ? value : `'${value.replaceAll("'", "'\\''")}'`;
}

function placeholderProblem(name: string, portCount: number): string | undefined {
	if ((fixedPlaceholders as readonly string[]).includes(name)) {
		return name === 'port' && portCount === 0
			? '{{port}} is used but no ports are allocated per session (set "ports.perSession" to 1 or more)'
			: undefined;
	}
	const numbered = /^port(\d+)$/u.exec(name);
	if (numbered) {
		const number = Number(numbered[1]);
		return number >= 1 && number <= portCount
			? undefined
			: `{{${name}}} is used but each session gets ${portCount} port(s) (set "ports.perSession" to at least ${number})`;
	}
	return `unknown placeholder {{${name}}}`;
}

function valueOf(name: string, values: TemplateValues): string | number {
	switch (name) {
		case 'slug': return values.slug;
		case 'branch': return values.branch;
		case 'index': return values.index;
		case 'worktree': return values.worktree;
		case 'repo': return values.repo;
		case 'port': return values.ports[0];
		default: return values.ports[Number(name.slice('port'.length)) - 1];
	}
}

function describePlaceholders(portCount: number): string {
	const names: string[] = fixedPlaceholders.filter(name => name !== 'port' || portCount > 0).map(name => `{{${name}}}`);
	if (portCount > 1) {
		names.push(`{{port1}}..{{port${portCount}}}`);
	}
	return names.join(', ');
}
