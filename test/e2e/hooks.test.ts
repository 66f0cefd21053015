/**
 * Status from the agent's own hooks, through the built app: a fake agent that behaves like Claude Code (reads its
 * --settings layer and the user's settings, runs their hook commands with the documented JSON on stdin) drives the
 * status exactly with the screen rules switched off; a failing or hanging hook leaves the agent as it was and the
 * status to the screen rules; the user's own hook keeps running; nothing is written to the worktree or ~/.claude.
 */
import {mkdir, readdir, readFile, writeFile} from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest';
import type {StatusExplanation} from '../../source/core/session/status.js';
import {projectRoot} from '../helpers/outer-terminal.js';
import {createAppFixture, type AppFixture} from './app-fixture.js';

const fakeAgent = path.join(projectRoot, 'demo/fake-agent.mjs');
const screenRules = {busy: ['esc to interrupt'], waiting: ['Do you want to proceed\\?'], idle: ['\\? for shortcuts']};
vi.setConfig({testTimeout: 90_000});
let app: AppFixture;
let home: string;
let silent: net.Server;
const silentSockets: net.Socket[] = [];

interface StatusAnswer {
	status: string;
	explanation: StatusExplanation;
}

async function status(name: string): Promise<StatusAnswer> {
	const result = await app.cli(['status', name, '--json']);
	expect(result.stderr).toBe('');
	return JSON.parse(result.stdout) as StatusAnswer;
}

async function waitForStatus(name: string, wanted: string, check: (answer: StatusAnswer) => boolean = () => true): Promise<StatusAnswer> {
	for (;;) {
		const answer = await status(name);
		if (answer.status === wanted && check(answer)) return answer;
		await new Promise(resolve => setTimeout(resolve, 100));
	}
}

/** The statuses the session went through, oldest first, each with the signal that set it. */
function path_(answer: StatusAnswer): string[] {
	return [...answer.explanation.history].reverse().concat(answer.explanation.status).map(entry => `${entry.kind}:${entry.source}`);
}

async function filesUnder(directory: string): Promise<string[]> {
	return (await readdir(directory, {recursive: true}).catch(() => [] as string[])).map(String).sort();
}

beforeAll(async () => {
	app = await createAppFixture();
	home = path.join(app.repo.dir, 'home');
	await mkdir(path.join(home, '.claude'), {recursive: true});
	// The user's own hook: it must keep running next to agentgrid's.
	await writeFile(path.join(home, '.claude', 'settings.json'), JSON.stringify({
		hooks: {UserPromptSubmit: [{hooks: [{type: 'command', command: `cat >> ${JSON.stringify(path.join(home, 'user-hook.log'))}; echo`}]}]},
	}));
	const silentPath = path.join(app.repo.dir, 'silent.sock');
	silent = net.createServer(socket => silentSockets.push(socket));
	await new Promise<void>(resolve => silent.listen(silentPath, resolve));
	const hookVia = (socket: string) => JSON.stringify({hooks: Object.fromEntries(['UserPromptSubmit', 'PreToolUse', 'Notification', 'Stop'].map(event =>
		[event, [{hooks: [{type: 'command', command: `AGENTGRID_SOCKET=${socket} {{hook}} ${event}`, timeout: 10}]}]]))});
	await writeFile(path.join(app.configDir, 'config.json'), JSON.stringify({
		defaultAgent: 'claude',
		presets: {
			// Named like the built-in, so it is wired as Claude Code is; no screen rules at all.
			claude: {command: process.execPath, args: [fakeAgent, '--work-ms', '300'], promptMode: 'argument', statusPatterns: {busy: [], waiting: [], idle: []}},
			// Hooks that cannot reach a server, and hooks whose server never answers.
			failing: {command: process.execPath, args: [fakeAgent, '--work-ms', '300'], promptMode: 'argument', statusPatterns: screenRules, hookArgs: ['--settings', hookVia('/nonexistent/agentgrid.sock')]},
			hanging: {command: process.execPath, args: [fakeAgent, '--work-ms', '300'], promptMode: 'argument', statusPatterns: screenRules, hookArgs: ['--settings', hookVia(silentPath)]},
		},
	}));
	app.env.HOME = home;
	app.env.FAKE_AGENT_HOOK_LOG = path.join(app.repo.dir, 'hook.log');
});

afterAll(async () => {
	for (const socket of silentSockets) socket.destroy();
	silent?.close();
	await app?.repo.cleanup();
});

describe('status from Claude Code hooks', () => {
	it('goes busy → waiting → busy → idle exactly as the hooks say, with no screen rules', async () => {
		const created = await app.cli(['new', 'hooked', '--start', '--agent', 'claude']);
		expect(created.code, created.stderr).toBe(0);
		await waitForStatus('hooked', 'idle', answer => answer.explanation.status.source === 'hook');
		expect((await app.cli(['send', 'hooked', 'ask', '--enter'])).code).toBe(0);
		const waiting = await waitForStatus('hooked', 'waiting');
		expect(waiting.explanation.status).toMatchObject({source: 'hook', reason: 'hook Notification', detail: expect.stringContaining('permission_prompt') as string});
		expect((await app.cli(['send', 'hooked', '--enter'])).code).toBe(0);
		const done = await waitForStatus('hooked', 'idle', answer => answer.explanation.status.reason === 'hook Stop');
		// Enter picked the dialog's first answer.
		expect(path_(done)).toEqual(['starting:process', 'idle:hook', 'busy:hook', 'waiting:hook', 'busy:hook', 'idle:hook']);
		const capture = await app.cli(['capture', 'hooked']);
		expect(capture.stdout).toContain('Answered: Yes');
		// Hooks never add to the conversation (the user's hook printed a blank line, agentgrid's nothing).
		expect(capture.stdout).not.toContain('Hook context');
		const explained = await app.cli(['status', 'hooked', '--explain']);
		expect(explained.stdout).toMatch(/^hooked is idle since \d\d:\d\d:\d\d/);
		expect(explained.stdout).toContain('because: hook Stop (turn finished)  [signal: hook]');
		expect(explained.stdout).toContain('hooks say: idle, from Stop');
		expect(explained.stdout).toMatch(/waiting +hook Notification \(permission_prompt: Fake Agent needs your permission to use Bash\)/);
	});

	it('keeps the user\'s own hooks running and writes nothing into the worktree or ~/.claude', async () => {
		const log = await readFile(path.join(home, 'user-hook.log'), 'utf8');
		expect(log).toContain('"hook_event_name":"UserPromptSubmit"');
		expect(log).toContain('"prompt":"ask"');
		expect(await filesUnder(path.join(home, '.claude'))).toEqual(['settings.json']);
		const ls = JSON.parse((await app.cli(['ls', '--json'])).stdout) as Array<{slug: string; worktree: string}>;
		const worktree = ls.find(row => row.slug === 'hooked')!.worktree;
		const status = await import('node:child_process').then(({execFileSync}) => execFileSync('git', ['status', '--porcelain', '--ignored'], {cwd: worktree, encoding: 'utf8'}));
		expect(status).toBe('');
	});

	it.each(['failing', 'hanging'])('leaves the agent unaffected and the status to the screen rules when its hooks are %s', async agent => {
		const name = `${agent}-hooks`;
		expect((await app.cli(['new', name, '--start', '--agent', agent])).code).toBe(0);
		await waitForStatus(name, 'idle');
		expect((await app.cli(['send', name, 'ask', '--enter'])).code).toBe(0);
		const waiting = await waitForStatus(name, 'waiting');
		expect(waiting.explanation.status).toMatchObject({source: 'screen', reason: 'question on screen', detail: 'Do you want to proceed?'});
		expect(waiting.explanation.hook).toBeUndefined();
		expect((await app.cli(['send', name, '--enter'])).code).toBe(0);
		const idle = await waitForStatus(name, 'idle', answer => answer.explanation.history.some(entry => entry.kind === 'waiting'));
		expect(idle.explanation.status.source).not.toBe('hook');
		const capture = (await app.cli(['capture', name])).stdout;
		expect(capture).toContain('Answered: Yes');
		expect(capture).not.toMatch(/Hook context|Blocked by hook|agentgrid/);
		// Every hook ran and ended by itself (agentgrid hook gives up in 1.5 s; none was killed at its 10 s timeout).
		const hookLog = await readFile(app.env.FAKE_AGENT_HOOK_LOG!, 'utf8');
		expect(hookLog).toMatch(new RegExp('Hook Stop ran: AGENTGRID_SOCKET='));
		expect(hookLog).not.toContain('timed out');
		expect(hookLog).not.toContain('failed with code');
	});
});
