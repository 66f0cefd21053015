import {SessionSlotStore, sessionSlotsFile} from '../core/config/session-slots.js';
import {openRepository} from '../core/git/repository.js';
import {WorktreeService, type SessionInfo} from '../core/git/worktree-service.js';
import {parseArgs, UsageError} from './parse-args.js';
import type {Command} from './types.js';
import {openUserSettings, worktreeOptionsFromSettings} from './workspace.js';

const usage = `Usage:
  agentgrid ls [--json]

Lists this repository's sessions: branch, commits ahead of / behind its base, uncommitted changes, number of changed
files, ports, and worktree (or "missing" when its directory is gone).
`;

export const lsCommand: Command = {
	name: 'ls',
	summary: 'list the sessions of this repository with their status',
	usage,
	async run(args, context) {
		const parsed = parseArgs(args, {flags: ['json']}, usage);
		if (parsed.positionals.length > 0) {
			throw new UsageError('ls takes no arguments.', usage);
		}
		const [repo, settings] = await Promise.all([openRepository(context.cwd), openUserSettings(context)]);
		const service = new WorktreeService(repo, worktreeOptionsFromSettings(settings.all()));
		const [sessions, slots] = await Promise.all([service.listSessions(), new SessionSlotStore(sessionSlotsFile(repo.commonDir)).list()]);
		const portsBySlug = new Map(slots.map(slot => [slot.slug, slot.ports]));
		if (parsed.flags.has('json')) {
			context.stdout(`${JSON.stringify(sessions.map(session => ({...session, ports: portsBySlug.get(session.slug) ?? []})), null, 2)}\n`);
			return 0;
		}
		if (sessions.length === 0) {
			context.stdout('No sessions. Create one with: agentgrid new <slug> --prompt "..."\n');
			return 0;
		}
		context.stdout(table(sessions.map(session => row(session, portsBySlug.get(session.slug) ?? []))));
		return 0;
	},
};

const header = ['SESSION', 'BRANCH', 'BASE', 'AHEAD', 'BEHIND', 'STATE', 'FILES', 'PORTS', 'WORKTREE'];

function row(session: SessionInfo, ports: number[]): string[] {
	const state = !session.exists ? 'missing' : session.dirty ? 'dirty' : session.merged ? 'merged' : 'clean';
	return [
		session.slug,
		session.branch,
		session.baseExists ? session.base : `${session.base} (gone)`,
		`+${session.ahead}`,
		`-${session.behind}`,
		state,
		String(session.changedFiles),
		ports.length > 0 ? ports.join(',') : '-',
		session.exists ? session.worktree : `${session.worktree} (missing)`,
	];
}

function table(rows: string[][]): string {
	const all = [header, ...rows];
	const widths = header.map((_, column) => Math.max(...all.map(cells => cells[column].length)));
	return all.map(cells => cells.map((cell, column) => column === cells.length - 1 ? cell : cell.padEnd(widths[column])).join('  ')).join('\n') + '\n';
}
