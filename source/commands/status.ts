/**
 * `agentgrid status <name> [--explain] [--json]`: a session's live status, and with --explain why it has it.
 */
import {AgentgridError} from '../core/errors.js';
import {openRepository} from '../core/git/repository.js';
import {WorktreeService} from '../core/git/worktree-service.js';
import {explainLines} from '../core/session/status-explain.js';
import type {StatusExplanation} from '../core/session/status.js';
import {parseArgs, sessionName, type OptionSpec} from './parse-args.js';
import {askServer} from './server-request.js';
import type {Command, CommandContext} from './types.js';
import {openUserSettings, worktreeOptionsFromSettings} from './workspace.js';

const usage = `Usage:
  agentgrid status <name> [--explain] [--json]

Prints the session's status (busy, waiting, idle, exited, stopped). --explain says why: the signal that decided it
(a hook event of the agent, a screen rule and the text it matched, a bell, quiet time), when, what the hooks and the
screen rules each say, and the statuses and signals before it. --json prints it all as JSON.

  --explain   say why it has that status
  --json      print it as JSON
`;

interface StatusAnswer {
	slug: string;
	status: string;
	statusSince: string;
	explanation?: StatusExplanation;
}

const statusOptions: OptionSpec = {flags: ['explain', 'json']};

export const statusCommand: Command = {
	name: 'status',
	summary: "print a session's status; --explain says why it has it",
	usage,
	options: statusOptions,
	operands: ['session'],
	async run(args, context) {
		const parsed = parseArgs(args, statusOptions, usage);
		const name = sessionName(parsed, usage);
		const answer = await askServer(context, 'status', {name}, {start: false});
		if (!answer.answered) {
			await mustExistInGit(context, name);
			context.stdout(parsed.flags.has('json') ? `${JSON.stringify({slug: name, status: 'stopped'})}\n` : `${name} is stopped (no server runs for this repository).\n`);
			return 0;
		}
		const result = answer.result as StatusAnswer;
		if (parsed.flags.has('json')) {
			context.stdout(`${JSON.stringify(result, null, 2)}\n`);
			return 0;
		}
		if (!parsed.flags.has('explain')) {
			context.stdout(`${result.slug} is ${result.status}\n`);
			return 0;
		}
		if (!result.explanation) {
			context.stdout(`${result.slug} is ${result.status}: its agent has not run since the server started, so no signal decided it.\n`);
			return 0;
		}
		context.stdout(`${explainLines(result.slug, result.explanation, Date.now()).join('\n')}\n`);
		return 0;
	},
};

/** Without a server the sessions are the worktrees git knows; a name that is not one of them is a mistake, not "stopped". */
async function mustExistInGit(context: CommandContext, name: string): Promise<void> {
	const [repo, settings] = await Promise.all([openRepository(context.cwd), openUserSettings(context)]);
	const sessions = await new WorktreeService(repo, worktreeOptionsFromSettings(settings.all())).listSessions();
	if (sessions.some(session => session.slug === name)) return;
	const known = sessions.map(session => session.slug);
	throw new AgentgridError('session-not-found', `No session named ${name}.`, known.length > 0 ? `Sessions: ${known.join(', ')}.` : 'There are no sessions yet.');
}
