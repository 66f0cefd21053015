/**
 * What the CLI can ask a running server (`agentgrid ls`, `new --start`, `send`, `capture`, `wait`, `status`, `merge`,
 * `rm`, `stop`, `kill-server`) and what agents report (`agentgrid hook`). Each handler gets the request's arguments and a way to report progress lines, and resolves
 * to a JSON result or throws an AgentgridError, whose code and message cross the socket intact.
 */
import {AgentgridError} from '../core/errors.js';
import type {WorktreeService} from '../core/git/worktree-service.js';
import type {SessionSlotStore} from '../core/config/session-slots.js';
import type {EntryStatus, WorkspaceEntry} from '../core/workspace/types.js';
import type {AgentWorkspace} from '../core/workspace/workspace.js';
import {describeOutcome, mergeSession, type MergeStep} from '../core/workflow/merge-pipeline.js';
import type {TestRunner} from '../core/workflow/test-runner.js';
import {createPen, serializeRow} from '../core/terminal/serializer.js';
import {createRowCells} from '../core/terminal/cells.js';
import {interpretHook} from '../core/session/hooks.js';
import {formatSetupEvent} from '../core/setup/step-text.js';
import type {UsageSummary} from '../core/usage/prices.js';
import {recordTimeline, takeTimeline} from '../core/timeline.js';
import type {ReclaimStats} from '../core/idle-reclaim.js';

export interface ControlContext {
	repoRoot: string;
	workspace: AgentWorkspace;
	worktrees: WorktreeService;
	slots: SessionSlotStore;
	tests: TestRunner;
	taskFile: string;
	defaultAgent: string;
	defaultBase: string;
	/** Size for a session started from the CLI: what its pane will get in the grid. */
	paneSize(): {cols: number; rows: number};
	/** A session started from the CLI comes to the front of the attached grid. */
	focus(id: string): void;
	attached(): boolean;
	shutdown(reason: string): void;
	pid: number;
	version: string;
	/** The key that restarts a stopped session, as the user bound it, for messages that name it. */
	restartKey: string;
	/** What the server's idle collections gave back; undefined when it runs without them (see core/idle-reclaim.ts). */
	reclaims?(): ReclaimStats | undefined;
}

export type Handler = (args: Record<string, unknown>, context: ControlContext, progress: (text: string) => void) => Promise<unknown>;

const waitable = new Set(['idle', 'waiting', 'exited', 'busy']);

function text(args: Record<string, unknown>, name: string, required = true): string {
	const value = args[name];
	if (value === undefined && !required) return '';
	if (typeof value !== 'string' || (required && value === '')) throw new AgentgridError('bad-request', `The request needs "${name}" as text.`);
	return value;
}

function texts(args: Record<string, unknown>, name: string): string[] {
	const value = args[name];
	if (value === undefined) return [];
	if (!Array.isArray(value) || !value.every(item => typeof item === 'string')) throw new AgentgridError('bad-request', `The request needs "${name}" as a list of texts.`);
	return value as string[];
}

function entryOf(context: ControlContext, name: string): WorkspaceEntry {
	const entry = context.workspace.entries().find(candidate => candidate.slug === name);
	if (!entry) {
		const known = context.workspace.entries().map(candidate => candidate.slug);
		throw new AgentgridError('session-not-found', `No session named ${name}.`, known.length > 0 ? `Sessions: ${known.join(', ')}.` : 'There are no sessions yet.');
	}
	return entry;
}

function running(entry: WorkspaceEntry): boolean {
	return entry.terminal !== undefined && entry.status !== 'exited' && entry.status !== 'stopped';
}

function needsRunning(entry: WorkspaceEntry, context: ControlContext): void {
	if (!running(entry)) {
		throw new AgentgridError('session-not-running', `The agent in ${entry.slug} is ${entry.status}.`, `Restart it from the grid (${context.restartKey}) or with: agentgrid new ${entry.slug} --start`);
	}
}

export const handlers: Record<string, Handler> = {
	async info(_args, context) {
		const {rss, heapTotal, heapUsed, external, arrayBuffers} = process.memoryUsage();
		const heldLines = context.workspace.entries().reduce((sum, entry) => sum + (entry.terminal?.heldLines ?? 0), 0);
		return {
			repo: context.repoRoot, pid: context.pid, version: context.version, attached: context.attached(), sessions: context.workspace.entries().length, running: context.workspace.runningCount(),
			// Where the server's memory goes: terminal buffers are array buffers, the rest of the heap is everything else.
			memory: {rss, heapTotal, heapUsed, external, arrayBuffers, heldLines, reclaims: context.reclaims?.()},
		};
	},

	/** `{action: 'start'}` records the server's timeline (GC pauses, input, output); `take` returns it and stops. */
	async timeline(args) {
		const action = text(args, 'action');
		if (action === 'start') {
			recordTimeline();
			return {recording: true};
		}
		if (action === 'take') return {events: takeTimeline()};
		throw new AgentgridError('bad-request', `The timeline request takes the action start or take, not ${JSON.stringify(action)}.`);
	},

	async ls(_args, context) {
		// One listing serves both: the workspace refreshes from it, and the rows take their git facts from it.
		const sessions = await context.worktrees.listSessions();
		await context.workspace.load(sessions);
		const listed = new Map(sessions.map(info => [info.slug, info]));
		const isolation = await context.workspace.isolation();
		return context.workspace.entries().map((entry, index) => {
			const info = listed.get(entry.slug);
			return {
				slug: entry.slug,
				pane: index + 1,
				agent: entry.agent,
				status: entry.status,
				statusSince: new Date(entry.statusSince).toISOString(),
				exitCode: entry.exitCode,
				branch: entry.branch,
				base: entry.base,
				worktree: entry.worktree,
				changedFiles: info?.changedFiles ?? entry.changedFiles ?? 0,
				dirty: info?.dirty ?? false,
				ahead: info?.ahead ?? 0,
				behind: info?.behind ?? 0,
				...(info?.inProgress ? {inProgress: info.inProgress} : {}),
				...(entry.usage ? {usage: usageJson(entry.usage)} : {}),
				...(isolation.has(entry.slug) ? {isolation: isolation.get(entry.slug)} : {}),
			};
		});
	},

	/** An agent's hook event (`agentgrid hook`): applied to the session's status when it comes from its current run. */
	async hook(args, context) {
		const payload = typeof args.payload === 'object' && args.payload !== null ? args.payload : undefined;
		const report = interpretHook(text(args, 'event'), payload);
		const at = typeof args.at === 'number' && Number.isFinite(args.at) ? args.at : undefined;
		return {applied: context.workspace.reportHook(text(args, 'session'), text(args, 'run'), report, at)};
	},

	/** A session's status and, with explain, why it has it. */
	async status(args, context) {
		const entry = entryOf(context, text(args, 'name'));
		const explanation = context.workspace.explain(entry.id);
		return {slug: entry.slug, status: entry.status, statusSince: new Date(entry.statusSince).toISOString(), ...(explanation ? {explanation} : {})};
	},

	async reload(_args, context) {
		await context.workspace.load();
		return {sessions: context.workspace.entries().length};
	},

	async new(args, context, progress) {
		const slug = text(args, 'slug');
		const agent = text(args, 'agent', false) || context.defaultAgent;
		const size = context.paneSize();
		const existing = context.workspace.entries().find(entry => entry.slug === slug);
		if (existing) {
			// `new --start` on a prepared session (made without --start) starts its agent.
			if (running(existing)) throw new AgentgridError('session-exists', `Session ${slug} already runs its agent.`);
			await context.workspace.restart(existing.id, size.cols, size.rows);
			context.focus(existing.id);
			progress(`started ${existing.slug}\n`);
			return {slug, branch: existing.branch, worktree: existing.worktree, agent: entryOf(context, slug).agent, started: true};
		}
		// Steps arrive as the whole list so far: each is printed once, when it starts, and a failure once.
		let started = 0;
		let failed = false;
		const entry = await context.workspace.spawn(
			{slug, agent, base: text(args, 'base', false) || context.defaultBase, prompt: text(args, 'prompt', false), owns: texts(args, 'owns'), avoid: texts(args, 'avoid'), doneWhen: texts(args, 'doneWhen'), cols: size.cols, rows: size.rows},
			steps => {
				for (const step of steps.slice(started)) progress(`▸ ${step.label}\n`);
				started = steps.length;
				const failure = steps.find(step => step.state === 'failed');
				if (failure && !failed) {
					failed = true;
					progress(`✗ ${failure.label}: ${failure.detail ?? 'failed'}\n`);
				}
			},
		);
		await context.workspace.load();
		context.focus(entry.id);
		return {slug: entry.slug, branch: entry.branch, worktree: entry.worktree, agent: entry.agent, started: true};
	},

	async send(args, context) {
		const entry = entryOf(context, text(args, 'name'));
		needsRunning(entry, context);
		const body = text(args, 'text', false);
		if (body !== '') context.workspace.paste(entry.id, body);
		// Enter as its own write: some programs take a paste and Enter in one read as part of the paste.
		if (args.enter === true) setTimeout(() => context.workspace.pressKey(entry.id, {name: 'enter'}), body === '' ? 0 : 60);
		return {sent: Buffer.byteLength(body), enter: args.enter === true};
	},

	/** `agentgrid log` reads the files itself; this only writes what the session's log still holds in memory. */
	async 'flush-log'(args, context) {
		return {flushed: await context.workspace.flushLog(text(args, 'name'))};
	},

	async capture(args, context) {
		const entry = entryOf(context, text(args, 'name'));
		const terminal = entry.terminal;
		if (!terminal) throw new AgentgridError('no-screen', `${entry.slug} has no screen: its agent has not run since the server started.`, `Start it with: agentgrid new ${entry.slug} --start`);
		const lines = typeof args.lines === 'number' && args.lines > 0 ? Math.floor(args.lines) : undefined;
		if (args.ansi === true) {
			const row = createRowCells(terminal.cols);
			const out: string[] = [];
			for (let y = 0; y < terminal.rows; y++) out.push(`${serializeRow(terminal.readRow(y, row), createPen())}\u001B[0m`);
			return {text: `${out.join('\n')}\n`};
		}
		const rows = lines === undefined ? terminal.screenText() : terminal.historyText(lines).map(line => line.trimEnd());
		return {text: `${rows.join('\n').replace(/\n+$/, '')}\n`};
	},

	async wait(args, context) {
		const name = text(args, 'name');
		const wanted = text(args, 'for');
		if (!waitable.has(wanted)) throw new AgentgridError('bad-request', `Cannot wait for "${wanted}".`, 'Wait for idle, waiting, busy or exited.');
		const timeoutMs = typeof args.timeoutMs === 'number' ? args.timeoutMs : undefined;
		const reached = (status: EntryStatus) => status === wanted || (wanted === 'exited' && status === 'stopped');
		const ended = (status: EntryStatus) => status === 'exited' || status === 'stopped';
		const start = entryOf(context, name);
		if (reached(start.status)) return {status: start.status};
		if (ended(start.status)) throw new AgentgridError('wait-exited', `The agent in ${name} is ${start.status}; it will not become ${wanted}.`);
		return new Promise((resolve, reject) => {
			const timer = timeoutMs === undefined ? undefined : setTimeout(() => finish(new AgentgridError('wait-timeout', `${name} did not become ${wanted} within ${timeoutMs / 1000} s (it is ${entryOf(context, name).status}).`)), timeoutMs);
			const off = context.workspace.subscribe(() => {
				const entry = context.workspace.entries().find(candidate => candidate.slug === name);
				if (!entry) finish(new AgentgridError('session-not-found', `Session ${name} was removed while waiting.`));
				else if (reached(entry.status)) finish(undefined, entry.status);
				else if (ended(entry.status)) finish(new AgentgridError('wait-exited', `The agent in ${name} exited (code ${entry.exitCode ?? '?'}) before it became ${wanted}.`));
			});
			const finish = (error?: AgentgridError, status?: EntryStatus) => {
				clearTimeout(timer);
				off();
				if (error) reject(error);
				else resolve({status});
			};
		});
	},

	async merge(args, context, progress) {
		const entry = entryOf(context, text(args, 'name'));
		const shown = new Map<string, string>();
		const outcome = await mergeSession(
			{slug: entry.slug, branch: entry.branch, worktree: entry.worktree, base: entry.base},
			{
				worktrees: context.worktrees,
				tests: context.tests,
				testSize: () => ({cols: 120, rows: 40}),
				taskFile: context.taskFile,
				skipTests: args.noTest === true,
				decisions: {
					commitMessage: async (_target, files, suggested) => {
						if (args.yes === true) return suggested;
						progress(`  ${files.length} uncommitted file${files.length === 1 ? '' : 's'}: ${files.slice(0, 5).join(', ')}${files.length > 5 ? ', …' : ''}\n  run again with --yes to commit them as "${suggested}"\n`);
						return null;
					},
					overrideTests: async () => false,
				},
				observer: {
					steps: (_target, steps) => {
						for (const step of steps) {
							const line = stepLine(step);
							if (line && shown.get(step.id) !== line) {
								shown.set(step.id, line);
								progress(line);
							}
						}
					},
				},
			},
		);
		await context.workspace.load();
		return {outcome: outcome.kind, summary: describeOutcome(outcome), ...(outcome.kind === 'conflict' ? {files: outcome.conflict.files} : {})};
	},

	async rm(args, context, progress) {
		const entry = entryOf(context, text(args, 'name'));
		const mode = text(args, 'mode');
		if (mode !== 'salvage' && mode !== 'discard' && mode !== 'refuse') throw new AgentgridError('bad-request', `Unknown removal mode ${mode}.`);
		try {
			return await context.workspace.remove(entry.slug, mode, {teardown: args.teardown !== false}, event => {
				const line = formatSetupEvent(event);
				if (line) progress(line);
			});
		} finally {
			await context.workspace.load();
		}
	},

	async stop(args, context) {
		const entry = entryOf(context, text(args, 'name'));
		const was = entry.status;
		await context.workspace.stop(entry.id);
		return {slug: entry.slug, was, status: entryOf(context, entry.slug).status};
	},

	async 'kill-server'(args, context) {
		const count = context.workspace.runningCount();
		const services = context.workspace.runningServiceCount();
		if ((count > 0 || services > 0) && args.force !== true) {
			const agents = `${count} agent${count === 1 ? '' : 's'}`;
			const what = services === 0 ? `${agents} ${count === 1 ? 'is' : 'are'}` : `${count > 0 ? `${agents} and ` : ''}${services} service${services === 1 ? '' : 's'} ${count + services === 1 ? 'is' : 'are'}`;
			throw new AgentgridError('agents-running', `${what} running in this server.`, 'Stopping the server stops them (their worktrees stay). Confirm, or pass --force.');
		}
		setImmediate(() => context.shutdown('the server was stopped (agentgrid kill-server)'));
		return {stopped: count};
	},
};

/** Tokens and estimated cost as `ls --json` gives them. */
function usageJson(usage: UsageSummary) {
	return {tokens: {...usage.tokens, total: usage.total}, costUsd: Math.round(usage.cost * 1e6) / 1e6, unpricedModels: usage.unpriced, responses: usage.responses, byModel: usage.byModel};
}

function stepLine(step: MergeStep): string | undefined {
	const mark = {pending: '', running: '▸', waiting: '?', done: '✓', skipped: '-', failed: '✗'}[step.state];
	if (!mark) return undefined;
	return `${mark} ${step.label}${step.detail ? `: ${step.detail}` : ''}\n`;
}
