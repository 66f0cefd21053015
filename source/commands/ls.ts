import {SessionSlotStore, sessionSlotsFile} from '../core/config/session-slots.js';
import {openRepository} from '../core/git/repository.js';
import {type InProgress, WorktreeService, type SessionInfo} from '../core/git/worktree-service.js';
import {inProgressAdvice, inProgressWord} from '../core/git/worktree-admin.js';
import {connect, request} from '../server/connect.js';
import {listSockets, socketDirectory} from '../server/socket-path.js';
import {noPositionals, parseArgs, type OptionSpec} from './parse-args.js';
import {formatAge} from '../ui/components/format.js';
import {formatCost, formatTokens} from '../core/usage/prices.js';
import {totalUsage} from '../core/usage/usage-tracker.js';
import {askServer} from './server-request.js';
import type {Command, CommandContext} from './types.js';
import {openUserSettings, worktreeOptionsFromSettings} from './workspace.js';

const usage = `Usage:
  agentgrid ls [--json] [--all]

Lists this repository's sessions. With a server running: pane number, agent, live status (busy, waiting, idle,
exited, stopped) and how long, branch, changed files. With none: what git knows (branch, commits ahead of / behind
its base, uncommitted changes, ports, worktree) and every session shows as stopped.
  --all    the sessions of every running server (all repositories)
  --json   machine-readable output
`;

interface LiveRow {
	slug: string;
	pane: number;
	agent: string;
	status: string;
	statusSince: string;
	branch: string;
	base: string;
	changedFiles: number;
	dirty: boolean;
	ahead: number;
	worktree: string;
	inProgress?: InProgress;
	usage?: {tokens: {total: number}; costUsd: number; unpricedModels: string[]};
}

// --names: the session names alone, one a line, for shell completion; never starts a server.
const lsOptions: OptionSpec = {flags: ['json', 'all', 'names'], hidden: ['names']};

export const lsCommand: Command = {
	name: 'ls',
	summary: 'list the sessions of this repository with their status',
	usage,
	options: lsOptions,
	async run(args, context) {
		const parsed = parseArgs(args, lsOptions, usage);
		noPositionals(parsed, usage, 'ls');
		const json = parsed.flags.has('json');
		if (parsed.flags.has('all')) return listAll(context, json);
		const live = await askServer(context, 'ls', {}, {start: false});
		if (parsed.flags.has('names')) return listNames(context, live.answered ? (live.result as LiveRow[]) : undefined);
		if (live.answered) {
			const rows = live.result as LiveRow[];
			if (json) context.stdout(`${JSON.stringify(rows, null, 2)}\n`);
			else context.stdout(rows.length === 0 ? 'No sessions. Create one with: agentgrid new <slug> --prompt "..." --start\n' : table(liveHeader, [...rows.map(liveRow), ...totalsRow(rows)]) + advice(rows));
			return 0;
		}
		return listFromGit(context, json);
	},
};

async function listAll(context: CommandContext, json: boolean): Promise<number> {
	const servers: Array<{repo: string; sessions: LiveRow[]}> = [];
	for (const socketPath of await listSockets(socketDirectory(context.env))) {
		try {
			const {channel, welcome} = await connect(socketPath);
			try {
				servers.push({repo: welcome.repo, sessions: (await request(channel, 'ls', {})) as LiveRow[]});
			} finally {
				channel.end();
			}
		} catch {
			// A server that stopped while we listed, or a stale socket: nothing to show for it.
		}
	}
	if (json) {
		context.stdout(`${JSON.stringify(servers, null, 2)}\n`);
		return 0;
	}
	if (servers.length === 0) {
		context.stdout('No agentgrid server is running.\n');
		return 0;
	}
	context.stdout(servers.map(server => `${server.repo}\n${server.sessions.length === 0 ? '  no sessions\n' : table(liveHeader, server.sessions.map(liveRow), '  ')}`).join('\n'));
	return 0;
}

/** Session names, one a line: the running server's, else the worktrees git knows. */
async function listNames(context: CommandContext, live: LiveRow[] | undefined): Promise<number> {
	let slugs = live?.map(row => row.slug);
	if (!slugs) {
		const [repo, settings] = await Promise.all([openRepository(context.cwd), openUserSettings(context)]);
		slugs = (await new WorktreeService(repo, worktreeOptionsFromSettings(settings.all())).listSessions()).map(session => session.slug);
	}
	if (slugs.length > 0) context.stdout(`${slugs.join('\n')}\n`);
	return 0;
}

async function listFromGit(context: CommandContext, json: boolean): Promise<number> {
	const [repo, settings] = await Promise.all([openRepository(context.cwd), openUserSettings(context)]);
	const service = new WorktreeService(repo, worktreeOptionsFromSettings(settings.all()));
	const [sessions, slots] = await Promise.all([service.listSessions(), new SessionSlotStore(sessionSlotsFile(repo.commonDir)).list()]);
	const portsBySlug = new Map(slots.map(slot => [slot.slug, slot.ports]));
	if (json) {
		context.stdout(`${JSON.stringify(sessions.map(session => ({...session, status: 'stopped', ports: portsBySlug.get(session.slug) ?? []})), null, 2)}\n`);
		return 0;
	}
	if (sessions.length === 0) {
		context.stdout('No sessions. Create one with: agentgrid new <slug> --prompt "..."\n');
		return 0;
	}
	context.stdout(table(gitHeader, sessions.map(session => gitRow(session, portsBySlug.get(session.slug) ?? []))) + advice(sessions));
	return 0;
}

/** A stopped rebase or a moved worktree blocks every merge of that session, so the table says how to get out of it. */
function advice(rows: ReadonlyArray<{slug: string; inProgress?: InProgress; movedTo?: string; exists?: boolean}>): string {
	const notes = rows.flatMap(row => [
		...(row.inProgress ? [inProgressAdvice(row.slug, row.inProgress)] : []),
		...(row.movedTo ? [`${row.slug}: its worktree was moved to ${row.movedTo}; reconnect it with: git worktree repair "${row.movedTo}"`] : []),
		...(row.exists === false && !row.movedTo ? [`${row.slug}: its worktree directory is gone; if you moved it, reconnect it with: git worktree repair <new location>`] : []),
	]);
	return notes.length > 0 ? `\n${notes.join('\n')}\n` : '';
}

const liveHeader = ['PANE', 'SESSION', 'AGENT', 'STATUS', 'SINCE', 'BRANCH', 'BASE', 'AHEAD', 'STATE', 'TOKENS', 'COST', 'FILES'];

function usageCells(usage: {total: number; cost: number; unpriced: string[]} | undefined): string[] {
	return usage ? [formatTokens(usage.total), formatCost(usage)] : ['-', '-'];
}

function liveRow(row: LiveRow): string[] {
	const usage = row.usage ? {total: row.usage.tokens.total, cost: row.usage.costUsd, unpriced: row.usage.unpricedModels} : undefined;
	return [String(row.pane), row.slug, row.agent || '-', row.status, formatAge(Date.now() - Date.parse(row.statusSince)), row.branch, row.base, `+${row.ahead}`, row.inProgress ? inProgressWord(row.inProgress) : row.dirty ? 'dirty' : 'clean', ...usageCells(usage), String(row.changedFiles)];
}

/** The totals row under the live table, when any session has used tokens. */
function totalsRow(rows: readonly LiveRow[]): string[][] {
	const used = rows.flatMap(row => (row.usage ? [{total: row.usage.tokens.total, cost: row.usage.costUsd, unpriced: row.usage.unpricedModels}] : []));
	if (used.length === 0) return [];
	const sum = totalUsage(used);
	return [['', 'TOTAL', '', '', '', '', '', '', '', ...usageCells(sum), String(rows.reduce((files, row) => files + row.changedFiles, 0))]];
}


const gitHeader = ['SESSION', 'BRANCH', 'BASE', 'AHEAD', 'BEHIND', 'STATE', 'FILES', 'PORTS', 'WORKTREE'];

function gitRow(session: SessionInfo, ports: number[]): string[] {
	const state = session.movedTo ? 'moved' : !session.exists ? 'missing' : session.inProgress ? inProgressWord(session.inProgress) : session.dirty ? 'dirty' : session.merged ? 'merged' : 'clean';
	return [
		session.slug,
		session.branch,
		session.baseExists ? session.base : `${session.base} (gone)`,
		`+${session.ahead}`,
		`-${session.behind}`,
		state,
		String(session.changedFiles),
		ports.length > 0 ? ports.join(',') : '-',
		session.exists ? session.worktree : `${session.worktree} (${session.movedTo ? `moved to ${session.movedTo}` : 'missing'})`,
	];
}

function table(header: string[], rows: string[][], indent = ''): string {
	const all = [header, ...rows];
	const widths = header.map((_, column) => Math.max(...all.map(cells => cells[column].length)));
	return all.map(cells => indent + cells.map((cell, column) => column === cells.length - 1 ? cell : cell.padEnd(widths[column])).join('  ')).join('\n') + '\n';
}
