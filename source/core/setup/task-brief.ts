import {appendFile, mkdir, readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {AgentgridError} from '../errors.js';
import {runGit} from '../git/run-git.js';

/** What the user typed when creating the session; the agent can re-read it from the worktree at any time. */
export interface TaskBrief {
	prompt: string;
	scope?: string;
	files?: string[];
	/** Paths the session owns: its edits belong there (the radar flags edits elsewhere). */
	owns?: string[];
	/** Paths the session must not touch. */
	avoid?: string[];
	doneWhen?: string[];
}

export function renderTaskBrief(brief: TaskBrief, session: {slug: string; branch: string; base: string}): string {
	const sections = [`# Task: ${session.slug}`, ''];
	if (brief.prompt.trim()) sections.push(brief.prompt.trim(), '');
	if (brief.scope?.trim()) {
		sections.push('## Scope', '', brief.scope.trim(), '');
	}
	if (brief.owns && brief.owns.length > 0) {
		sections.push('## You own', '', 'Make your changes in these paths only; edits elsewhere are flagged.', '', ...brief.owns.map(item => `- \`${item}\``), '');
	}
	if (brief.avoid && brief.avoid.length > 0) {
		sections.push('## Do not touch', '', ...brief.avoid.map(item => `- \`${item}\``), '');
	}
	if (brief.files && brief.files.length > 0) {
		sections.push('## Files to touch', '', ...brief.files.map(file => `- ${file}`), '');
	}
	if (brief.doneWhen && brief.doneWhen.length > 0) {
		sections.push('## Done when', '', ...brief.doneWhen.map(line => `- [ ] ${line}`), '');
	}
	sections.push(
		'---',
		`Branch \`${session.branch}\`, started from \`${session.base}\`. This file is not committed (it is listed in git's exclude file).`,
		'',
	);
	return sections.join('\n');
}

/** Writes the brief into the worktree and keeps it out of commits. Returns the file's path. */
export async function writeTaskBrief(worktree: string, fileName: string, brief: TaskBrief, session: {slug: string; branch: string; base: string}): Promise<string> {
	if (fileName === '' || fileName.includes('/') || fileName.includes('\\') || fileName === '.' || fileName === '..') {
		throw new AgentgridError('task-file-invalid', `"${fileName}" is not a valid task file name: it must be a plain file name.`);
	}
	await excludeFromCommits(worktree, fileName);
	const file = path.join(worktree, fileName);
	await writeFile(file, renderTaskBrief(brief, session));
	return file;
}

/**
 * Adds `/<fileName>` to the exclude file git uses for this worktree. Linked worktrees have no exclude file of their
 * own: git reads info/exclude from the common dir, so the entry applies to every worktree of the repository (and
 * the main checkout), which is harmless for a name only agentgrid writes. `--git-path` resolves that location.
 */
export async function excludeFromCommits(worktree: string, fileName: string): Promise<void> {
	const {stdout} = await runGit(['rev-parse', '--git-path', 'info/exclude'], {cwd: worktree});
	const excludeFile = path.resolve(worktree, stdout.trim());
	const entry = `/${fileName.replaceAll(/([*?[\\!#])/gu, '\\$1')}`;
	let current = '';
	try {
		current = await readFile(excludeFile, 'utf8');
	} catch {
		await mkdir(path.dirname(excludeFile), {recursive: true});
	}
	if (current.split('\n').some(line => line.trim() === entry)) {
		return;
	}
	const separator = current === '' || current.endsWith('\n') ? '' : '\n';
	await appendFile(excludeFile, `${separator}${entry}\n`);
}

/**
 * Puts the brief into the agent's own project instructions without touching tracked files: Claude Code reads
 * `CLAUDE.local.md` (personal, never committed) from its working directory and follows `@file` imports in it. The
 * import line is added to an existing untracked file, or the file is created and kept out of commits. A tracked file
 * of that name is left alone. Returns what was done, for the step's output.
 */
export async function addBriefToAgentContext(worktree: string, contextFile: string, briefFile: string): Promise<string> {
	const {stdout} = await runGit(['ls-files', '--', `:(literal)${contextFile}`], {cwd: worktree});
	if (stdout.trim() !== '') return `${contextFile} is tracked by git: left alone (the agent can read ${briefFile})`;
	const file = path.join(worktree, contextFile);
	const importLine = `@${briefFile}`;
	let current: string | undefined;
	try {
		current = await readFile(file, 'utf8');
	} catch {
		current = undefined;
	}
	if (current?.split('\n').some(line => line.trim() === importLine)) return `${contextFile} already imports ${briefFile}`;
	await excludeFromCommits(worktree, contextFile);
	if (current === undefined) {
		await writeFile(file, `# Session instructions (added by agentgrid, not committed)\n\n${importLine}\n`);
		return `${contextFile} created, importing ${briefFile}`;
	}
	await appendFile(file, `${current.endsWith('\n') || current === '' ? '' : '\n'}\n${importLine}\n`);
	return `${contextFile} now imports ${briefFile}`;
}
