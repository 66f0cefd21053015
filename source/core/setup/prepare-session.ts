import path from 'node:path';
import type {RepositorySettings} from '../config/repository-settings.js';
import {withheldEnvNames} from '../config/env-trust.js';
import {buildSessionEnv} from '../config/session-env.js';
import type {SessionSlotStore} from '../config/session-slots.js';
import {describeUntrusted, type TrustStatus} from '../config/trust.js';
import {expandCommandTemplate} from '../config/templates.js';
import {copyIntoWorktree, findFilesToCopy} from './copy-files.js';
import {linkIntoWorktree} from './link-files.js';
import {runTrustedShellCommand} from './run-shell-command.js';
import {runSetupSteps, SetupStepFailedError, type SetupEvent, type SetupStep} from './setup-job.js';
import {addBriefToAgentContext, writeTaskBrief, type TaskBrief} from './task-brief.js';
import {hasScope, rememberScope, type SessionScope} from '../scope/session-scope.js';

/** What the worktree service reports for a new session (a subset of its result, so tests can pass a plain one). */
export interface CreatedWorktree {
	slug: string;
	branch: string;
	worktree: string;
	base: string;
	baseCommit: string;
	mainCheckoutChanges: string[];
	/** Non-fatal problems the worktree service met (e.g. a submodule it could not initialise). */
	warnings?: string[];
}

export interface WorktreeCreator {
	createSession(request: {slug: string; base?: string}): Promise<CreatedWorktree>;
}

export interface PrepareSessionOptions {
	slug: string;
	base?: string;
	/** Written into the worktree when given and `taskFile` is not empty. */
	brief?: TaskBrief;
	/** The session's owned and avoided paths, remembered with its branch for the radar. */
	scope?: SessionScope;
	/** The agent's own project-instructions file (Claude Code: CLAUDE.local.md) that should import the brief. */
	agentContextFile?: string;
	repositoryRoot: string;
	worktrees: WorktreeCreator;
	repository: RepositorySettings;
	trust: TrustStatus;
	taskFile: string;
	slots: SessionSlotStore;
	/** Sessions that still exist; slots held by any other session are freed. */
	liveSlugs?: readonly string[];
	/** The environment setup commands inherit (the session's variables are added to it). */
	baseEnv: NodeJS.ProcessEnv;
	onEvent: (event: SetupEvent) => void;
	/** Cancels the setup (the user pressed Esc): the running command's process group is stopped. */
	signal?: AbortSignal;
	/** A setup command running longer than this is stopped; 0 or undefined: no limit. */
	setupTimeoutMs?: number;
}

export interface PreparedSession extends CreatedWorktree {
	index: number;
	ports: number[];
	/** The session's own variables (AGENTGRID_* and the repository templates), to add to every process it runs. */
	env: Record<string, string>;
	copiedFiles: string[];
	/** Paths linked to the main checkout's copy (linkFiles). */
	linkedFiles: string[];
	taskFilePath?: string;
	/** Set when setup commands exist but were not run because the repository file is not trusted. */
	untrustedSetup?: string;
}

/**
 * Creates a session: worktree, copied files, ports and environment, task brief, then the repository's setup
 * commands, each reported as a step. A failure after the worktree exists leaves it in place for inspection.
 */
export async function prepareSession(options: PrepareSessionOptions): Promise<PreparedSession> {
	const {repository, onEvent} = options;
	let session: PreparedSession | undefined;
	const need = (): PreparedSession => session!;
	const steps: SetupStep[] = [
		{
			id: 'worktree',
			title: 'Create worktree',
			async run(step) {
				const created = await options.worktrees.createSession({slug: options.slug, base: options.base});
				session = {...created, index: 0, ports: [], env: {}, copiedFiles: [], linkedFiles: []};
				step.output(`${created.worktree} on branch ${created.branch} from ${created.base} (${created.baseCommit.slice(0, 12)})\n`);
				if (created.mainCheckoutChanges.length > 0) {
					step.output(`Note: ${created.mainCheckoutChanges.length} uncommitted change(s) in the main checkout are not in the new worktree:\n`);
					step.output(created.mainCheckoutChanges.slice(0, 10).map(file => `  ${file}\n`).join(''));
				}
				for (const warning of created.warnings ?? []) {
					step.output(`Warning: ${warning}\n`);
				}
			},
		},
		...linkStep(options, need),
		{
			id: 'copy-files',
			title: 'Copy local files',
			async run(step) {
				const linked = need().linkedFiles;
				const under = (file: string) => linked.some(link => file === link || file.startsWith(`${link}/`));
				// A file under a linked directory is the main checkout's own: copying it would write onto itself.
				const files = (await findFilesToCopy(options.repositoryRoot, repository.data.copyFiles ?? [])).filter(file => !under(file));
				if (files.length === 0) {
					step.skip('no copyFiles patterns or .worktreeinclude entries match');
					return;
				}
				await copyIntoWorktree(options.repositoryRoot, need().worktree, files);
				need().copiedFiles = files;
				step.output(files.map(file => `${file}\n`).join(''));
			},
		},
		{
			id: 'environment',
			title: 'Allocate ports and environment',
			async run(step) {
				const current = need();
				const slot = await options.slots.claim(current.slug, repository.ports, options.liveSlugs);
				current.index = slot.index;
				current.ports = slot.ports;
				const templates = repository.data.env ?? {};
				current.env = buildSessionEnv({...current, repo: options.repositoryRoot, ports: slot.ports}, templates, repository.file, options.trust);
				step.output(Object.entries(current.env).map(([name, value]) => `${name}=${value}\n`).join(''));
				const withheld = withheldEnvNames(templates, options.trust);
				if (withheld.length > 0) {
					step.output(`Not set until ${repository.file} is trusted (agentgrid trust): ${withheld.join(', ')}\n`);
				}
			},
		},
	];
	if (hasScope(options.scope)) {
		const scope = options.scope;
		steps.push({
			id: 'scope',
			title: 'Record scope',
			async run(step) {
				await rememberScope(options.repositoryRoot, need().branch, scope);
				if (scope.owns.length > 0) step.output(`owns: ${scope.owns.join(', ')}\n`);
				if (scope.avoid.length > 0) step.output(`avoids: ${scope.avoid.join(', ')}\n`);
			},
		});
	}
	if (options.brief && options.taskFile !== '') {
		steps.push({
			id: 'task-brief',
			title: 'Write task brief',
			async run(step) {
				const current = need();
				current.taskFilePath = await writeTaskBrief(current.worktree, options.taskFile, options.brief!, current);
				step.output(`${current.taskFilePath}\n`);
				if (options.agentContextFile) step.output(`${await addBriefToAgentContext(current.worktree, options.agentContextFile, options.taskFile)}\n`);
			},
		});
	}
	steps.push(...setupCommandSteps(options, need));
	await runSetupSteps(steps, onEvent, {
		failureHint: () => session ? keptWorktreeHint(session.worktree) : undefined,
	});
	return need();
}

function linkStep(options: PrepareSessionOptions, need: () => PreparedSession): SetupStep[] {
	const paths = options.repository.data.linkFiles ?? [];
	if (paths.length === 0) return [];
	return [{
		id: 'link-files',
		title: 'Link shared files',
		async run(step) {
			const result = await linkIntoWorktree(options.repositoryRoot, need().worktree, paths);
			need().linkedFiles = result.linked;
			step.output(result.linked.map(item => `${item} -> ${path.join(options.repositoryRoot, item)}\n`).join(''));
			step.output(result.skipped.map(item => `${item.path}: not linked, ${item.reason}\n`).join(''));
			if (result.linked.length === 0) step.skip('nothing to link');
		},
	}];
}

function setupCommandSteps(options: PrepareSessionOptions, need: () => PreparedSession): SetupStep[] {
	const commands = options.repository.data.setupCommands ?? [];
	if (commands.length === 0) {
		return [];
	}
	if (options.trust !== 'trusted') {
		return [{
			id: 'setup',
			title: 'Run setup commands',
			async run(step) {
				const reason = describeUntrusted(options.repository, options.trust);
				need().untrustedSetup = reason;
				step.skip(reason);
			},
		}];
	}
	return commands.map((template, index) => ({
		id: `setup-${index + 1}`,
		title: template,
		async run(step) {
			const current = need();
			const command = expandCommandTemplate(template, {...current, repo: options.repositoryRoot}, `"setupCommands.${index}" in ${options.repository.file}`);
			const timeout = options.setupTimeoutMs ? AbortSignal.timeout(options.setupTimeoutMs) : undefined;
			const signals = [options.signal, timeout].filter((signal): signal is AbortSignal => signal !== undefined);
			// Only reached for a trusted repository file: see runTrustedShellCommand for why a shell is used.
			const result = await runTrustedShellCommand(command, {
				cwd: current.worktree,
				env: {...options.baseEnv, ...current.env},
				onOutput: text => {
					step.output(text);
				},
				signal: signals.length > 0 ? AbortSignal.any(signals) : undefined,
			});
			if (result.exitCode !== 0) {
				const stopped = options.signal?.aborted ? 'cancelled' : timeout?.aborted ? `stopped after ${options.setupTimeoutMs! / 1000} s (setupTimeout)` : undefined;
				throw new SetupStepFailedError({
					step: `setup-${index + 1}`,
					title: template,
					message: stopped ?? (result.signal ? `killed by ${result.signal}` : `exit code ${result.exitCode}`),
					exitCode: result.exitCode,
					lastLines: result.lastLines,
					hint: keptWorktreeHint(current.worktree),
				});
			}
		},
	}));
}

function keptWorktreeHint(worktree: string): string {
	return `The worktree is kept for inspection at ${worktree}. Fix the problem there (the remaining setup commands did not run), or remove the session.`;
}
