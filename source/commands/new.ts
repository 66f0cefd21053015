import {UntrustedRepositoryError} from '../core/config/trust.js';
import {AgentgridError} from '../core/errors.js';
import {resolvePresets} from '../core/session/presets.js';
import {prepareSession, type PreparedSession} from '../core/setup/prepare-session.js';
import {formatSetupEvent as formatEvent} from '../core/setup/step-text.js';
import type {TaskBrief} from '../core/setup/task-brief.js';
import {rememberUnstarted} from '../core/workspace/agent-memory.js';
import {buildKeymap} from '../ui/keymap/keymap.js';
import {keyFor} from '../ui/keymap/present.js';
import {hasScope, normalizeScope, type SessionScope} from '../core/scope/session-scope.js';
import {parseArgs, sessionName, single, UsageError, type OptionSpec} from './parse-args.js';
import type {Command, CommandContext} from './types.js';
import {openWorkspace, type Workspace} from './workspace.js';
import {askServer} from './server-request.js';

const usage = `Usage:
  agentgrid new <slug> [--agent NAME] [--prompt TEXT] [--base REF] [--start]
                       [--owns PATH]... [--avoid PATH]... [--done-when TEXT]...
                       [--scope TEXT] [--touch FILE]... [--json]

Creates a session: a worktree on branch <prefix><slug> from the base, local files copied in, ports and environment
allocated, the task brief written (with --prompt), and the repository's setup commands run (once trusted).

  --agent NAME       agent preset for the session (default: the "defaultAgent" setting)
  --prompt TEXT      the task; written to the task brief file in the worktree
  --base REF         branch or commit to start from (default: "baseBranch" setting, else the repository's default)
  --owns PATH        a path the session owns (repeatable; end a directory with /): its edits belong there, and
                     the radar flags edits outside, and edits of other sessions inside
  --avoid PATH       a path the session must not touch (repeatable)
  --scope TEXT       what the task covers, for the brief
  --touch FILE       a file the task is expected to change (repeatable)
  --done-when TEXT   a condition that means the task is done (repeatable)
  --start            also start the agent in the repository's server (started if none runs); it appears in the
                     attached grid at once
  --json             print the prepared session as JSON on stdout (progress goes to stderr)
`;

const newOptions: OptionSpec = {
	values: ['agent', 'prompt', 'base', 'scope'],
	repeatable: ['touch', 'done-when', 'owns', 'avoid'],
	flags: ['json', 'start'],
};

export const newCommand: Command = {
	name: 'new',
	summary: 'create a session: worktree, local files, environment and setup',
	usage,
	options: newOptions,
	operands: ['text'],
	optionValues: {owns: 'file', avoid: 'file', touch: 'file'},
	async run(args, context) {
		const parsed = parseArgs(args, newOptions, usage);
		const slug = sessionName(parsed, usage);
		const json = parsed.flags.has('json');
		const scope = normalizeScope({owns: parsed.values.get('owns'), avoid: parsed.values.get('avoid')});
		if (parsed.flags.has('start')) {
			if (parsed.values.has('scope') || parsed.values.has('touch')) {
				throw new UsageError('--scope and --touch are for prepared sessions; with --start give the task with --prompt, --owns, --avoid and --done-when.', usage);
			}
			const progress = json ? context.stderr : context.stdout;
			const answer = await askServer(context, 'new', {slug, agent: single(parsed, 'agent'), prompt: single(parsed, 'prompt'), base: single(parsed, 'base'), owns: scope.owns, avoid: scope.avoid, doneWhen: parsed.values.get('done-when') ?? []}, {start: true, progress});
			const started = answer.answered ? (answer.result as {slug: string; branch: string; worktree: string; agent: string}) : undefined;
			if (started && json) context.stdout(`${JSON.stringify(started, null, 2)}\n`);
			else if (started) context.stdout(`\nSession "${started.slug}" runs ${started.agent} on branch ${started.branch} in ${started.worktree}.\nAttach with: agentgrid\n`);
			return 0;
		}
		const workspace = await openWorkspace(context);
		const agent = checkAgent(single(parsed, 'agent') ?? workspace.user.defaultAgent, workspace, context);
		const brief = briefFrom(parsed.values, scope);
		const preset = resolvePresets(context.env, workspace.user.presets, workspace.trust === 'trusted' ? workspace.repository.data.presets : undefined).get(agent);
		const live = await workspace.worktrees.listSessions();
		const progress = json ? context.stderr : context.stdout;
		const session = await prepareSession({
			slug,
			base: single(parsed, 'base') ?? (workspace.user.baseBranch || undefined),
			brief,
			scope,
			agentContextFile: preset?.contextFile,
			repositoryRoot: workspace.repo.root,
			worktrees: workspace.worktrees,
			repository: workspace.repository,
			trust: workspace.trust,
			taskFile: workspace.repository.data.taskFile ?? workspace.user.taskFile,
			slots: workspace.slots,
			liveSlugs: live.filter(existing => existing.exists).map(existing => existing.slug),
			baseEnv: context.env,
			onEvent: event => {
				progress(formatEvent(event));
			},
		});
		await rememberUnstarted(workspace.repo.root, session.branch, agent, single(parsed, 'prompt') ?? '');
		// A running grid shows the new session at once.
		await askServer(context, 'reload', {}, {start: false}).catch(() => undefined);
		if (json) {
			context.stdout(`${JSON.stringify({...session, agent}, null, 2)}\n`);
		} else {
			context.stdout(summary(session, agent, restartKey(workspace)));
		}
		return 0;
	},
};

function checkAgent(name: string, workspace: Workspace, context: CommandContext): string {
	const repositoryPresets = workspace.repository.data.presets;
	const usable = workspace.trust === 'trusted' || workspace.trust === 'not-needed';
	const presets = resolvePresets(context.env, workspace.user.presets, usable ? repositoryPresets : undefined);
	if (presets.has(name)) {
		return name;
	}
	if (repositoryPresets?.[name]) {
		throw new UntrustedRepositoryError(workspace.repository, workspace.trust);
	}
	throw new AgentgridError('unknown-agent', `There is no agent preset named "${name}".`, `Known presets: ${[...presets.keys()].join(', ')}.`);
}

function briefFrom(values: Map<string, string[]>, scope: SessionScope): TaskBrief | undefined {
	const prompt = values.get('prompt')?.[0];
	if (prompt === undefined || prompt.trim() === '') {
		if (values.has('scope') || values.has('touch') || values.has('done-when')) {
			throw new UsageError('--scope, --touch and --done-when describe a task: give the task with --prompt too.', usage);
		}
		// A scope alone still gets a brief: the agent has to know what it owns.
		return hasScope(scope) ? {prompt: '', owns: scope.owns, avoid: scope.avoid} : undefined;
	}
	return {prompt, scope: values.get('scope')?.[0], files: values.get('touch'), owns: scope.owns, avoid: scope.avoid, doneWhen: values.get('done-when')};
}

/** The key a message names follows the user's bindings; a broken binding is the grid's to report, not this command's. */
function restartKey(workspace: Workspace): string {
	try {
		return keyFor(buildKeymap({prefix: workspace.user.prefixKey, overrides: workspace.user.keybindings}), 'session.restart');
	} catch {
		return keyFor(buildKeymap(), 'session.restart');
	}
}

function summary(session: PreparedSession, agent: string, restart: string): string {
	const lines = [
		'',
		`Session "${session.slug}" is ready: branch ${session.branch} in ${session.worktree}.`,
		`Agent: ${agent}. Start it in agentgrid with ${restart} on its pane (its first start gives it the task), or with: agentgrid new ${session.slug} --start`,
	];
	if (session.untrustedSetup) {
		lines.push('Setup commands were not run: the repository file is not trusted (see above).');
	}
	return `${lines.join('\n')}\n`;
}
