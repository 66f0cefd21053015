import type {RepositorySettings} from '../config/repository-settings.js';
import {buildSessionEnv} from '../config/session-env.js';
import type {SessionSlotStore} from '../config/session-slots.js';
import {expandCommandTemplate} from '../config/templates.js';
import {describeUntrusted, type TrustStatus} from '../config/trust.js';
import {runTrustedShellCommand} from './run-shell-command.js';
import {runSetupSteps, SetupStepFailedError, type SetupEvent, type SetupStep} from './setup-job.js';

export interface TeardownContext {
	repositoryRoot: string;
	repository: RepositorySettings;
	trust: TrustStatus;
	slots: SessionSlotStore;
	/** The environment the commands inherit (the session's own variables are added to it). */
	baseEnv: NodeJS.ProcessEnv;
	/** A command running longer than this is stopped (the setupTimeout setting); 0 or undefined: no limit. */
	timeoutMs?: number;
}

export interface TeardownTarget {
	slug: string;
	branch: string;
	worktree: string;
	base: string;
	/** false when the worktree directory is gone: the commands then run in the main checkout. */
	exists: boolean;
}

/**
 * Runs the repository's teardownCommands for a session about to be removed, in its worktree and with the same
 * environment (ports, index, templates) its agent and setup had, each reported as a step. The first failure throws
 * a SetupStepFailedError naming the command, its exit code and last lines; the caller then keeps the worktree.
 * Resolves to the number of commands run.
 */
export async function runTeardown(target: TeardownTarget, context: TeardownContext, onEvent: (event: SetupEvent) => void): Promise<number> {
	const commands = context.repository.data.teardownCommands ?? [];
	if (commands.length === 0) return 0;
	if (context.trust !== 'trusted') {
		await runSetupSteps([{
			id: 'teardown',
			title: 'Run teardown commands',
			async run(step) {
				step.skip(describeUntrusted(context.repository, context.trust));
			},
		}], onEvent);
		return 0;
	}
	// The slot the session held: its ports are what its databases and servers were named after.
	const slot = (await context.slots.list()).find(candidate => candidate.slug === target.slug)
		?? await context.slots.claim(target.slug, context.repository.ports);
	const identity = {...target, repo: context.repositoryRoot, index: slot.index, ports: slot.ports};
	const env = buildSessionEnv(identity, context.repository.data.env ?? {}, context.repository.file, context.trust);
	const cwd = target.exists ? target.worktree : context.repositoryRoot;
	const steps: SetupStep[] = commands.map((template, index) => ({
		id: `teardown-${index + 1}`,
		title: template,
		async run(step) {
			const command = expandCommandTemplate(template, identity, `"teardownCommands.${index}" in ${context.repository.file}`);
			const timeout = context.timeoutMs ? AbortSignal.timeout(context.timeoutMs) : undefined;
			// Only reached for a trusted repository file (see runTrustedShellCommand).
			const result = await runTrustedShellCommand(command, {cwd, env: {...context.baseEnv, ...env}, onOutput: text => step.output(text), signal: timeout});
			if (result.exitCode !== 0) {
				throw new SetupStepFailedError({
					step: `teardown-${index + 1}`,
					title: template,
					message: timeout?.aborted ? `stopped after ${context.timeoutMs! / 1000} s (setupTimeout)` : result.signal ? `killed by ${result.signal}` : `exit code ${result.exitCode}`,
					exitCode: result.exitCode,
					lastLines: result.lastLines,
					hint: `${target.slug} is kept (worktree and branch) and the later teardown commands did not run. Fix the problem and remove it again, or remove it without teardown: agentgrid rm ${target.slug} --no-teardown`,
				});
			}
		},
	}));
	await runSetupSteps(steps, onEvent);
	return commands.length;
}
