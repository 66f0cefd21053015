/**
 * What to start for a session's test run: the repository's test command (configured and trusted, or detected from
 * the worktree's own files) with the environment the session's agent gets, so tests find the same ports and paths.
 */
import {buildSessionEnv} from '../config/session-env.js';
import {SessionSlotStore, sessionSlotsFile} from '../config/session-slots.js';
import type {RepositorySettings} from '../config/repository-settings.js';
import {describeTestCommand, resolveRunnableTestCommand} from '../config/test-command.js';
import type {TrustStatus} from '../config/trust.js';
import {AgentgridError} from '../errors.js';

export interface TestLaunch {
	file: string;
	args: string[];
	/** Variables on top of the base environment. */
	env: Record<string, string>;
	/** The command as the user would type it. */
	label: string;
}

export interface TestLaunchInput {
	slug: string;
	branch: string;
	worktree: string;
	base: string;
	repoRoot: string;
	gitCommonDir: string;
	repository: RepositorySettings;
	trust: TrustStatus;
}

export class NoTestCommand extends AgentgridError {
	constructor(worktree: string) {
		super('no-test-command', `No test command is configured, and none could be detected in ${worktree}.`,
			'Set "testCommand" in .agentgrid.json (then run agentgrid trust), or add a "test" script, pytest config, go.mod, Cargo.toml or a Makefile "test" target.');
	}
}

export async function planTestLaunch(input: TestLaunchInput): Promise<TestLaunch> {
	// Detection looks at the worktree under test: the session may have added or changed the project's manifest.
	const command = await resolveRunnableTestCommand(input.worktree, input.repository, input.trust);
	if (!command) {
		throw new NoTestCommand(input.worktree);
	}
	const slot = (await new SessionSlotStore(sessionSlotsFile(input.gitCommonDir)).list()).find(entry => entry.slug === input.slug);
	const env = buildSessionEnv(
		{slug: input.slug, branch: input.branch, worktree: input.worktree, base: input.base, repo: input.repoRoot, index: slot?.index ?? 0, ports: slot?.ports ?? []},
		input.repository.data.env ?? {},
		input.repository.file,
		input.trust,
	);
	if (command.kind === 'argv') {
		const [file = '', ...args] = command.argv;
		return {file, args, env, label: describeTestCommand(command)};
	}
	// A configured test command is a shell line written by the repository's team (`npm ci && npm test`), and it
	// reaches this point only after the user trusted that exact .agentgrid.json (resolveRunnableTestCommand refuses
	// otherwise). Splitting it ourselves would change its meaning, so the shell runs it as one argv element; nothing
	// typed into agentgrid or produced by a session is ever part of it.
	return {file: '/bin/sh', args: ['-c', command.command], env, label: command.command};
}
