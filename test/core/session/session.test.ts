import {execFile} from 'node:child_process';
import {mkdtemp, readFile, rm} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {promisify} from 'node:util';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {isAgentgridError} from '../../../source/core/errors.js';
import {replayLog} from '../../../source/core/history/replay.js';
import {builtInPresets} from '../../../source/core/session/presets.js';
import {Session, type SessionOptions} from '../../../source/core/session/session.js';
import type {StatusChange} from '../../../source/core/session/status.js';
import {baseEnv, waitFor} from './pty-helpers.js';

const run = promisify(execFile);
const fakeAgent = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../demo/fake-agent.mjs');
const claudeRules = builtInPresets({}).find(preset => preset.name === 'claude')!.status;
const gitIdentity = {
	GIT_AUTHOR_NAME: 'Test', GIT_AUTHOR_EMAIL: 'test@example.com', GIT_COMMITTER_NAME: 'Test', GIT_COMMITTER_EMAIL: 'test@example.com',
};

let workDir: string;
const sessions: Session[] = [];

beforeAll(async () => {
	workDir = await mkdtemp(path.join(os.tmpdir(), 'agentgrid-session-'));
	await run('git', ['init', '-q', workDir]);
});

afterAll(async () => {
	await rm(workDir, {recursive: true, force: true});
});

afterEach(async () => {
	await Promise.all(sessions.splice(0).map(async session => session.dispose()));
});

async function start(options: Partial<SessionOptions> & Pick<SessionOptions, 'file' | 'args'>): Promise<Session> {
	const session = await Session.start({cwd: workDir, env: {...baseEnv(), ...gitIdentity}, cols: 80, rows: 24, ...options});
	sessions.push(session);
	return session;
}

function startAgent(args: string[] = [], options: Partial<SessionOptions> = {}): Promise<Session> {
	return start({file: process.execPath, args: [fakeAgent, '--work-ms', '600', ...args], status: claudeRules, ...options});
}

function screen(session: Session): string {
	return session.terminal.screenText().join('\n');
}

function untilScreen(session: Session, text: string | RegExp, timeoutMs = 15_000): Promise<void> {
	return waitFor(() => (typeof text === 'string' ? screen(session).includes(text) : text.test(screen(session))), timeoutMs)
		.catch(() => {
			throw new Error(`screen never showed ${String(text)}:\n${screen(session)}`);
		});
}

function recordStatuses(session: Session): StatusChange[] {
	const changes: StatusChange[] = [];
	session.onStatus(change => changes.push(change));
	return changes;
}

describe('Session', () => {
	it('runs an agent that edits and commits, reporting busy, then idle with a bell and a notification', async () => {
		const session = await startAgent();
		const changes = recordStatuses(session);
		let bells = 0;
		const notifications: string[] = [];
		session.onBell(() => bells++);
		session.onNotification(text => notifications.push(text));
		await untilScreen(session, 'Welcome to Fake Agent');
		await waitFor(() => session.status.kind === 'idle');
		session.write('edit notes/hello.txt hello there ; commit add hello\r');
		await waitFor(() => changes.some(change => change.status.kind === 'busy'));
		await untilScreen(session, 'Committed: add hello');
		await waitFor(() => session.status.kind === 'idle' && bells > 0);
		expect(notifications).toContain('Fake Agent: done');
		expect(await readFile(path.join(workDir, 'notes/hello.txt'), 'utf8')).toBe('hello there\n');
		const log = await run('git', ['log', '--format=%s'], {cwd: workDir});
		expect(log.stdout.trim()).toBe('add hello');
		const times = changes.map(change => change.status.since);
		expect(times).toEqual([...times].sort((a, b) => a - b));
		expect(changes.every(change => change.previous.kind !== change.status.kind)).toBe(true);
	});

	it('reports waiting while the agent asks a question, and idle after the answer', async () => {
		const session = await startAgent();
		await waitFor(() => session.status.kind === 'idle');
		session.write('ask\r');
		await waitFor(() => session.status.kind === 'waiting');
		expect(screen(session)).toMatch(/❯ 1\. Yes/);
		session.write('1');
		await untilScreen(session, 'Answered: Yes');
		await waitFor(() => session.status.kind === 'idle');
	});

	it('decays stale busy text to idle', async () => {
		const session = await startAgent([], {status: {...claudeRules, staleAfterMs: 400}});
		await waitFor(() => session.status.kind === 'idle');
		session.write('stall 20000\r');
		await waitFor(() => session.status.kind === 'busy');
		await waitFor(() => session.status.reason === 'busy text went stale');
		expect(session.status.kind).toBe('idle');
		expect(screen(session)).toContain('esc to interrupt');
	});

	it('keeps an agent given a task starting while its start-up hooks run, so its ready prompt is not taken for done', async () => {
		// As Claude Code does: the input box is drawn, then the SessionStart hooks run, and only then the task starts.
		const settings = JSON.stringify({hooks: {SessionStart: [{hooks: [{type: 'command', command: 'sleep 1.5'}]}]}});
		const session = await startAgent(['--settings', settings, 'warm up'], {givenTask: true});
		const changes = recordStatuses(session);
		await untilScreen(session, 'Welcome to Fake Agent');
		await waitFor(() => session.explain().screen.kind === 'idle');
		expect(session.status.kind).toBe('starting');
		await untilScreen(session, 'Done: warm up');
		await waitFor(() => session.status.kind === 'idle');
		expect(changes.map(change => change.status.kind)).toEqual(['busy', 'idle']);
	});

	it('types a task into an agent that takes it typed once ready, though its status waits for the task to start', async () => {
		const session = await startAgent([], {typedPrompt: 'warm up', givenTask: true});
		const changes = recordStatuses(session);
		await untilScreen(session, 'Done: warm up');
		await waitFor(() => session.status.kind === 'idle');
		expect(changes.map(change => change.status.kind)).toEqual(['busy', 'idle']);
	});

	it('pastes bracketed when the agent enabled bracketed paste, and types the initial prompt once idle', async () => {
		const session = await startAgent([], {typedPrompt: 'echo typed prompt arrived'});
		await untilScreen(session, /^typed prompt arrived$/m);
		expect(session.terminal.modes.bracketedPaste).toBe(true);
		expect(screen(session)).toContain('Received paste (bracketed): "echo typed prompt arrived"');
		session.paste('two\nlines');
		await untilScreen(session, 'Received paste (bracketed): "two\\nlines"');
	});

	it('presses keys the way the program asked for them: application cursor keys, kitty\'s unambiguous Escape', async () => {
		const program = `process.stdin.setRawMode(true);
let seen = Buffer.alloc(0);
process.stdin.on('data', data => {
	seen = Buffer.concat([seen, data]);
	if (seen.includes(13)) { process.stdout.write('got:' + seen.toString('hex') + '\\r\\n'); process.exit(0); }
});
process.stdout.write('\\x1b[?1h\\x1b[>1uready\\r\\n');`;
		// As when the attached terminal speaks the kitty protocol: only then does a pane take its flags.
		const session = await start({file: process.execPath, args: ['-e', program], kittyKeyboard: true});
		await untilScreen(session, 'ready');
		await waitFor(() => session.terminal.modes.applicationCursorKeys && session.terminal.modes.kittyKeyboardFlags === 1);
		session.pressKey({name: 'up'});
		session.pressKey({name: 'escape'});
		session.pressKey({name: 'enter'});
		await untilScreen(session, `got:${Buffer.from('\x1bOA\x1b[27u\r').toString('hex')}`);
	});

	it('tracks an agent on the alternate screen with synchronized output', async () => {
		const session = await startAgent(['--alt-screen', '--sync']);
		await waitFor(() => session.status.kind === 'idle');
		expect(session.terminal.modes.alternateScreen).toBe(true);
		session.write('work 300\r');
		await untilScreen(session, 'Worked.');
		expect(session.terminal.modes.synchronizedOutput).toBe(false);
		session.write('exit 4\r');
		await new Promise(resolve => session.onExit(resolve));
		expect(session.exit).toEqual({exitCode: 4, signal: undefined});
		expect(session.status).toMatchObject({kind: 'exited', exitCode: 4});
	});

	it('gives programs a truthful terminal identity', async () => {
		const session = await start({
			file: '/bin/sh',
			args: ['-c', 'echo "id:$TERM|$COLORTERM|${TERM_PROGRAM-none}|${TMUX-none}|${KEEP-none}"'],
			env: {...baseEnv(), TERM: 'screen', TERM_PROGRAM: 'iTerm.app', TMUX: '/tmp/tmux-1/default,1,0', KEEP: 'yes'},
		});
		await new Promise(resolve => session.onExit(resolve));
		expect(screen(session)).toContain('id:xterm-256color|truecolor|none|none|yes');
	});

	it('answers terminal queries through the pty', async () => {
		const script = `
			process.stdin.setRawMode(true);
			let got = '';
			process.stdin.on('data', d => {
				got += d;
				if (/\\x1b\\[\\d+;\\d+R/.test(got) && /\\x1b\\[\\?[\\d;]+c/.test(got)) {
					process.stdout.write('\\r\\nanswers:' + JSON.stringify(got) + '\\r\\n');
					process.exit(0);
				}
			});
			process.stdout.write('abc\\x1b[6n\\x1b[c');`;
		const session = await start({file: process.execPath, args: ['-e', script]});
		await new Promise(resolve => session.onExit(resolve));
		expect(screen(session)).toMatch(/answers:.*\\u001b\[1;4R/);
	});

	it('takes a flood without losing a line, and keeps the last bytes before exit', async () => {
		const lines = 60_000;
		const script = `
			const rows = [];
			for (let i = 1; i <= ${lines}; i++) rows.push('\\x1b[3' + (i % 7) + 'mline ' + i + ' ' + 'x'.repeat(40) + '\\x1b[0m');
			process.stdout.write(rows.join('\\r\\n') + '\\r\\nFINAL LINE');
			process.exit(0);`;
		const session = await start({
			file: process.execPath,
			args: ['-e', script],
		});
		await new Promise(resolve => session.onExit(resolve));
		const rows = session.terminal.screenText().filter(row => row !== '');
		expect(rows.at(-1)).toBe('FINAL LINE');
		expect(rows.at(-2)).toBe(`line ${lines} ${'x'.repeat(40)}`);
	});

	it('resizes the pty and the terminal together', async () => {
		const session = await start({file: '/bin/sh', args: ['-i'], env: {...baseEnv(), PS1: 'READY> '}});
		await untilScreen(session, 'READY>');
		session.resize(100, 30);
		expect([session.terminal.cols, session.terminal.rows]).toEqual([100, 30]);
		session.write('stty size\r');
		// Under load the prompt can land on the same line as the output.
		await untilScreen(session, /(^|\s)30 100$/m);
		expect(screen(session)).not.toMatch(/^24 80$/m);
	});

	it('close() ends the whole process group and reports the exit', async () => {
		const session = await start({file: '/bin/sh', args: ['-c', 'sleep 300 & echo "child:$!"; wait']});
		await untilScreen(session, /child:\d+/);
		const child = Number(/child:(\d+)/.exec(screen(session))![1]);
		await session.close();
		expect(session.status.kind).toBe('exited');
		expect(session.exit?.signal).toBe('SIGHUP');
		await waitFor(() => {
			try {
				process.kill(child, 0);
				return false;
			} catch {
				return true;
			}
		});
		// The last screen stays readable after close.
		expect(screen(session)).toContain(`child:${child}`);
	});

	it('refuses to start a program that is not on PATH, or in a missing directory', async () => {
		const missing = await start({file: 'agentgrid-no-such-agent', args: []}).catch((error: unknown) => error);
		expect(isAgentgridError(missing) && missing.code).toBe('command-not-found');
		const noDir = await start({file: '/bin/sh', args: [], cwd: path.join(workDir, 'nope')}).catch((error: unknown) => error);
		expect(isAgentgridError(noDir) && noDir.code).toBe('session-cwd-missing');
	});
});

describe('output recorder', () => {
	it('receives every byte the program printed and each size, and a replay of them draws the same screen', async () => {
		const sizes: Array<[number, number]> = [];
		let output = '';
		const session = await start({
			file: '/bin/sh',
			args: ['-c', 'printf "\\033[1;31mred\\033[0m line\\n"; sleep 0.3; printf "after\\001\\033[2Kresize %s\\n" "$(stty size)"'],
			recorder: {output: text => (output += text), resize: (cols, rows) => sizes.push([cols, rows])},
		});
		await untilScreen(session, 'red line');
		session.resize(60, 10);
		await new Promise<void>(resolve => session.onExit(() => resolve()));
		expect(sizes).toEqual([[80, 24], [60, 10]]);
		expect(output).toContain('\u001B[1;31mred\u001B[0m line');
		expect(output).toContain('resize 10 60');
		const replayed = await replayLog([{kind: 'size', cols: 80, rows: 24}, {kind: 'output', text: output.split('after')[0]}, {kind: 'size', cols: 60, rows: 10}, {kind: 'output', text: `after${output.split('after')[1]}`}], {scrollback: 100});
		try {
			expect(replayed.screenText()).toEqual(session.terminal.screenText());
		} finally {
			replayed.dispose();
		}
	});
});
