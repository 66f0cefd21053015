/**
 * Sessions outlive the terminal. The promises, each tried against the built app in a real terminal and its real
 * server socket:
 * - detaching (prefix d, SIGHUP, a killed client) never stops an agent, and nothing it printed meanwhile is lost;
 * - a reattach, at any size, shows exactly the session's terminal;
 * - one client at a time: a second one takes over and the first is told why;
 * - scripts drive live sessions through the CLI (new --start, send, capture, wait, ls);
 * - a killed server takes its agents with it, and the next one shows the sessions stopped and resumable.
 */
import {chmod, readFile, readlink, writeFile} from 'node:fs/promises';
import path from 'node:path';
import net from 'node:net';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {tile} from '../../source/core/layout/index.js';
import {listSockets} from '../../source/server/socket-path.js';
import type {ReclaimStats} from '../../source/core/idle-reclaim.js';
import type {OuterTerminal} from '../helpers/outer-terminal.js';
import {runWithReaderGone} from '../helpers/reader-gone.js';
import {childrenOf, descendantsOf, descriptorsOn} from '../helpers/proc.js';
import {alive, createAppFixture, prefixKey, requestServer, runAgentgrid, serverPids, statusLine, type AppFixture} from './app-fixture.js';

let app: AppFixture;
const terms: OuterTerminal[] = [];

beforeEach(async () => {
	app = await createAppFixture();
});

afterEach(async () => {
	for (const term of terms.splice(0)) term.kill();
	await app?.repo.cleanup();
});

function start(cols = 120, rows = 36): OuterTerminal {
	const term = app.start({cols, rows});
	terms.push(term);
	return term;
}

async function startShell(name: string): Promise<void> {
	const made = await app.cli(['new', name, '--agent', 'shell', '--start']);
	expect(made.stderr).toBe('');
	expect(made.code).toBe(0);
}

async function enterPane(term: OuterTerminal, index = 1): Promise<void> {
	await term.waitFor(() => statusLine(term).includes('GRID'));
	term.write(`${index}\r`);
	await term.waitFor(() => statusLine(term).includes('PANE'));
}

/** An attached client typing into a new shell session's pane. */
async function inShellPane(name: string): Promise<OuterTerminal> {
	const term = start(120, 36);
	await term.waitFor('No sessions yet');
	await startShell(name);
	await term.waitFor(`1 ${name}`);
	await enterPane(term);
	return term;
}

async function ask(command: string, args: Record<string, unknown>): Promise<unknown> {
	return requestServer(app.env.AGENTGRID_SOCKET_DIR, command, args);
}

async function capture(name: string, ...extra: string[]): Promise<string> {
	const result = await app.cli(['capture', name, ...extra]);
	expect(result.stderr).toBe('');
	return result.stdout;
}

async function status(name: string): Promise<string | undefined> {
	const rows = JSON.parse((await app.cli(['ls', '--json'])).stdout) as Array<{slug: string; status: string}>;
	return rows.find(row => row.slug === name)?.status;
}

describe('detach and attach', () => {
	it('detaches with the prefix then d: the client exits 0, the agent lives on, and a reattach at another size shows its terminal exactly', async () => {
		const first = start(120, 36);
		await first.waitFor('No sessions yet');
		await startShell('sh1');
		// A session started from a script appears in the attached grid at once.
		await first.waitFor('1 sh1');
		await enterPane(first);
		first.write('echo "pid=$$"\r');
		const pid = Number(/pid=(\d+)/.exec(await first.waitFor(/pid=\d+/))![1]);
		first.write(`${prefixKey}d`);
		expect(await first.exited).toBe(0);
		expect(first.term.buffer.active.type).toBe('normal');
		expect(first.text()).toContain('[detached]');
		expect(await alive(pid)).toBe(true);

		const second = start(100, 30);
		await second.waitFor('pid=');
		const inner = tile({x: 0, y: 0, width: 100, height: 29}, 1)[0].inner;
		await expect.poll(async () => {
			const lines = (await capture('sh1')).split('\n');
			const shown = second.lines().slice(inner.y, inner.y + inner.height).map(line => [...line].slice(inner.x, inner.x + inner.width).join('').trimEnd());
			return shown.join('\n').trimEnd() === lines.join('\n').trimEnd() && shown.join('\n').includes('pid=');
		}, {timeout: 10_000}).toBe(true);
	});

	it('lays the grid out for the terminal that started the server, so its first attach resizes no agent', async () => {
		// What the client does when no server runs: start one with its own size, then attach.
		void runAgentgrid(app.repo.root, app.env, ['server', '--size', '100x30'], 120_000);
		await expect.poll(async () => (await listSockets(app.env.AGENTGRID_SOCKET_DIR).catch(() => [])).length, {timeout: 20_000}).toBe(1);
		await startShell('sizer');
		const inner = tile({x: 0, y: 0, width: 100, height: 29}, 1)[0].inner;
		const sizes = async () => (await capture('sizer')).split('\n').filter(line => /^\d+ \d+$/.test(line.trim()));
		expect((await app.cli(['send', 'sizer', 'stty size', '--enter'])).code).toBe(0);
		await expect.poll(sizes, {timeout: 10_000}).toEqual([`${inner.height} ${inner.width}`]);
		const term = start(100, 30);
		await term.waitFor('1 sizer');
		await enterPane(term);
		term.write('stty size\r');
		await expect.poll(sizes, {timeout: 10_000}).toEqual([`${inner.height} ${inner.width}`, `${inner.height} ${inner.width}`]);

		const wrong = await app.cli(['server', '--size', 'big']);
		expect(wrong.code).not.toBe(0);
		expect(wrong.stderr).toContain('--size takes COLSxROWS (e.g. 200x50), not "big".');
	});

	it('runs its server with malloc\'s trim threshold held, which no pane inherits, and passes a user\'s own value on', async () => {
		// /proc/<pid>/environ is the environment a process started with: the server's shows what the client gave it.
		const environOf = async (pid: number) => new Map((await readFile(`/proc/${pid}/environ`, 'utf8')).split('\0').filter(Boolean)
			.map(item => [item.slice(0, item.indexOf('=')), item.slice(item.indexOf('=') + 1)] as const));
		// The pane's program replaces its launcher, which starts with an empty environment: wait for the program.
		const paneEnvironment = async (server: number, slug: string) => {
			let found: Map<string, string> | undefined;
			await expect.poll(async () => {
				for (const pid of await descendantsOf(server)) {
					const env = await environOf(pid).catch(() => undefined);
					if (env?.get('AGENTGRID_SESSION') === slug) found = env;
				}
				return found !== undefined;
			}, {timeout: 10_000}).toBe(true);
			return found!;
		};
		const serverOnly = ['AGENTGRID_READY_FD', 'AGENTGRID_SERVER_ONLY_ENV'];
		const ownValue = process.env.MALLOC_TRIM_THRESHOLD_;
		delete process.env.MALLOC_TRIM_THRESHOLD_;
		try {
			await startShell('held');
			const [server] = await serverPids(app.env.AGENTGRID_SOCKET_DIR);
			expect((await environOf(server!)).get('MALLOC_TRIM_THRESHOLD_')).toBe('131072');
			const pane = await paneEnvironment(server!, 'held');
			expect([...pane.keys()].filter(name => name === 'MALLOC_TRIM_THRESHOLD_' || serverOnly.includes(name))).toEqual([]);

			expect((await app.cli(['kill-server', '--force'])).code).toBe(0);
			const made = await runAgentgrid(app.repo.root, {...app.env, MALLOC_TRIM_THRESHOLD_: '262144'}, ['new', 'theirs', '--agent', 'shell', '--start']);
			expect(made.stderr).toBe('');
			const [next] = await serverPids(app.env.AGENTGRID_SOCKET_DIR);
			expect(next).not.toBe(server);
			expect((await environOf(next!)).get('MALLOC_TRIM_THRESHOLD_')).toBe('262144');
			const theirs = await paneEnvironment(next!, 'theirs');
			expect(theirs.get('MALLOC_TRIM_THRESHOLD_')).toBe('262144');
			expect([...theirs.keys()].filter(name => serverOnly.includes(name))).toEqual([]);
		} finally {
			if (ownValue !== undefined) process.env.MALLOC_TRIM_THRESHOLD_ = ownValue;
		}
	}, 60_000);

	it('loses nothing when the client is killed with SIGKILL in the middle of a flood', async () => {
		const term = start();
		await startShell('flood');
		await term.waitFor('1 flood');
		await enterPane(term);
		term.write('seq 1 200000; echo "flood-$((40+2))-done"\r');
		await term.waitFor(/\d{4,}/);
		term.process.kill('SIGKILL');
		await term.exited;
		await expect.poll(() => capture('flood'), {timeout: 30_000, interval: 250}).toContain('flood-42-done');
		const history = (await capture('flood', '--lines', '500')).split('\n');
		const numbers = history.filter(line => /^\d+$/.test(line)).map(Number);
		expect(numbers.at(-1)).toBe(200000);
		// Every line of the tail is there, in order.
		numbers.forEach((value, index) => index > 0 && expect(value).toBe(numbers[index - 1] + 1));
		expect(await status('flood')).not.toBe('stopped');
	});

	it('detaches when the client gets SIGHUP, as when its terminal closes', async () => {
		const term = start();
		await startShell('hup');
		await term.waitFor('1 hup');
		term.process.kill('SIGHUP');
		expect(await term.exited).toBe(0);
		expect(['starting', 'idle', 'busy']).toContain(await status('hup'));
		const [server] = await serverPids(app.env.AGENTGRID_SOCKET_DIR);
		expect(await alive(server)).toBe(true);
	});

	it('stays attached when the client gets SIGINT, as tmux\'s client does: Ctrl+C is the pane\'s key', async () => {
		const term = start();
		await startShell('int');
		await term.waitFor('1 int');
		await enterPane(term);
		term.process.kill('SIGINT');
		term.write('echo "still-$((6*7))"\r');
		await term.waitFor('still-42');
		expect(term.exitCode).toBeUndefined();
		expect(term.term.buffer.active.type).toBe('alternate');
	});

	it('lets a second client take over, and tells the first why', async () => {
		const first = start();
		await startShell('shared');
		await first.waitFor('1 shared');
		const second = start(100, 30);
		expect(await first.exited).toBe(0);
		expect(first.text()).toContain('[detached: attached from another terminal]');
		await enterPane(second);
		second.write('echo "taken-$((6*7))"\r');
		await second.waitFor('taken-42');
		expect(await capture('shared')).toContain('taken-42');
	});

	it('reads and writes a local client\'s terminal in the server itself, and lets go of it when the client goes', async () => {
		const first = start();
		await startShell('direct');
		await first.waitFor('1 direct');
		const [server] = await serverPids(app.env.AGENTGRID_SOCKET_DIR);
		const firstDevice = await readlink(`/proc/${first.process.pid}/fd/0`);
		expect(firstDevice).toMatch(/^\/dev\/pts\/\d+$/);
		// One descriptor to read it and one to write it; the server never holds a terminal otherwise.
		await expect.poll(() => descriptorsOn(server, firstDevice), {timeout: 5000}).toBe(2);
		await enterPane(first);
		first.write('echo "direct-$((6*7))"\r');
		await first.waitFor('direct-42');
		const second = start(100, 30);
		expect(await first.exited).toBe(0);
		await expect.poll(() => descriptorsOn(server, firstDevice), {timeout: 5000}).toBe(0);
		const secondDevice = await readlink(`/proc/${second.process.pid}/fd/0`);
		await expect.poll(() => descriptorsOn(server, secondDevice), {timeout: 5000}).toBe(2);
		// The grid comes back as it was left: in the pane.
		await second.waitFor(() => statusLine(second).includes('PANE'));
		second.write('echo "second-$((6*7))"\r');
		await second.waitFor('second-42');
		// A client killed outright: the server lets go of its terminal, which goes back to whatever the user runs next.
		second.process.kill('SIGKILL');
		await second.exited;
		await expect.poll(() => descriptorsOn(server, secondDevice), {timeout: 5000}).toBe(0);
		expect(await capture('direct')).toContain('second-42');
	});
});

describe('driving sessions from scripts', () => {
	it('round-trips new --start, send, wait and capture against a live agent, with exit codes that say what happened', async () => {
		const made = await app.cli(['new', 'worker', '--prompt', 'warm up', '--start']);
		expect(made.code).toBe(0);
		expect(made.stdout).toContain('Session "worker" runs fake');
		expect((await app.cli(['wait', 'worker', '--for', 'idle', '--timeout', '20'])).code).toBe(0);
		expect(await capture('worker')).toContain('Done: warm up');

		expect((await app.cli(['send', 'worker', 'work 1500', '--enter'])).code).toBe(0);
		expect((await app.cli(['wait', 'worker', '--for', 'busy', '--timeout', '10'])).code).toBe(0);
		expect((await app.cli(['wait', 'worker', '--for', 'idle', '--timeout', '20'])).code).toBe(0);

		const timedOut = await app.cli(['wait', 'worker', '--for', 'waiting', '--timeout', '0.5']);
		expect(timedOut.code).toBe(4);
		expect(timedOut.stderr).toContain('did not become waiting within 0.5 s (it is idle)');

		// A multi-line text arrives as one bracketed paste, not as lines run one by one.
		expect((await app.cli(['send', 'worker', 'line one\nline two'])).code).toBe(0);
		await expect.poll(() => capture('worker'), {timeout: 10_000}).toContain('Received paste (bracketed): "line one\\nline two"');

		const listed = JSON.parse((await app.cli(['ls', '--json'])).stdout) as Array<{slug: string; pane: number; agent: string; status: string}>;
		expect(listed).toMatchObject([{slug: 'worker', pane: 1, agent: 'fake', status: 'idle'}]);

		// Enter alone submits what was pasted; then the agent is told to leave.
		expect((await app.cli(['send', 'worker', '--enter'])).code).toBe(0);
		expect((await app.cli(['wait', 'worker', '--for', 'idle', '--timeout', '20'])).code).toBe(0);
		expect((await app.cli(['send', 'worker', 'exit 3', '--enter'])).code).toBe(0);
		expect((await app.cli(['wait', 'worker', '--for', 'exited', '--timeout', '10'])).code).toBe(0);
		const afterExit = await app.cli(['wait', 'worker', '--for', 'idle']);
		expect(afterExit.code).toBe(3);

		const unknown = await app.cli(['send', 'nobody', 'hi']);
		expect(unknown.code).toBe(1);
		expect(unknown.stderr).toContain('No session named nobody.');
	});

	it('remembers the agent of a session prepared without --start: its first start gives the task, later ones resume', async () => {
		// The default agent is another one, so only the remembered choice can start the fake agent.
		await writeFile(path.join(app.configDir, 'config.json'), JSON.stringify({...JSON.parse(await readFile(path.join(app.configDir, 'config.json'), 'utf8')), defaultAgent: 'shell'}));
		const prepared = await app.cli(['new', 'prepped', '--agent', 'fake', '--prompt', 'warm up']);
		expect(prepared.code).toBe(0);
		expect(prepared.stdout).toContain('Start it in agentgrid with r on its pane');
		expect((await app.cli(['new', 'prepped', '--start'])).code).toBe(0);
		// The agent shows its prompt before it takes the task: wait for the task's own output.
		await expect.poll(() => capture('prepped'), {timeout: 20_000}).toContain('Done: warm up');
		expect(await capture('prepped')).not.toContain('Resumed previous conversation');
		expect(JSON.parse((await app.cli(['ls', '--json'])).stdout)).toMatchObject([{slug: 'prepped', agent: 'fake'}]);

		expect((await app.cli(['send', 'prepped', 'exit 0', '--enter'])).code).toBe(0);
		expect((await app.cli(['wait', 'prepped', '--for', 'exited', '--timeout', '10'])).code).toBe(0);
		expect((await app.cli(['new', 'prepped', '--start'])).code).toBe(0);
		await expect.poll(() => capture('prepped'), {timeout: 10_000}).toContain('Resumed previous conversation.');
	});

	it('answers a client of another protocol version with how to restart the server', async () => {
		await startShell('any');
		const [socketPath] = await listSockets(app.env.AGENTGRID_SOCKET_DIR);
		const reply = await new Promise<string>((resolve, reject) => {
			const socket = net.connect(socketPath, () => socket.write(`${JSON.stringify({type: 'hello', version: 999, agentgrid: '9.9.9'})}\n`));
			let text = '';
			socket.on('data', chunk => (text += chunk.toString()));
			socket.on('close', () => resolve(text));
			socket.on('error', reject);
		});
		expect(JSON.parse(reply)).toMatchObject({type: 'error', error: {code: 'protocol-version', hint: expect.stringContaining('agentgrid kill-server')}});
	});

	it('kill-server refuses while agents run unless forced, then stops them', async () => {
		await startShell('doomed');
		const [server] = await serverPids(app.env.AGENTGRID_SOCKET_DIR);
		const refused = await app.cli(['kill-server']);
		expect(refused.code).toBe(1);
		expect(refused.stderr).toContain('1 agent is running in this server.');
		expect(await alive(server)).toBe(true);
		const forced = await app.cli(['kill-server', '--force']);
		expect(forced.code).toBe(0);
		expect(forced.stdout).toContain('Server stopped with 1 agent');
		await expect.poll(() => alive(server), {timeout: 10_000}).toBe(false);
		// The work stays: the worktree and branch are still there.
		expect(await app.repo.git('branch', '--list', 'agentgrid/doomed')).toContain('agentgrid/doomed');
		expect(await status('doomed')).toBe('stopped');
	});
});

describe('the workflow from scripts and the attached terminal', () => {
	it('creates and starts the session a command asked for even when the reader of its output has gone (new --start | head -1)', async () => {
		expect(await runWithReaderGone(['new', 'piped', '--agent', 'shell', '--start'], {cwd: app.repo.root, env: app.env})).toEqual({code: 141, stderr: ''});
		await expect.poll(() => status('piped'), {timeout: 20_000}).toMatch(/^(idle|working)$/);
	}, 60_000);

	it('merges from the CLI, printing each step, with an exit code that says what happened', async () => {
		expect((await app.cli(['new', 'feature'])).code).toBe(0);
		const worktree = path.join(path.dirname(app.repo.root), `${path.basename(app.repo.root)}.worktrees`, 'feature');
		await writeFile(path.join(worktree, 'feature.txt'), 'done\n');
		const unsaved = await app.cli(['merge', 'feature', '--no-test']);
		expect(unsaved.code).toBe(1);
		expect(unsaved.stdout).toContain('run again with --yes to commit them');
		const merged = await app.cli(['merge', 'feature', '--yes', '--no-test']);
		expect(merged.stdout).toMatch(/✓ Commit pending changes: [0-9a-f]{7}/);
		expect(merged.stdout).toContain('- Run the tests on the rebased commit: not run, as asked');
		expect(merged.stdout).toMatch(/feature: merged into main at [0-9a-f]{7}/);
		expect(merged.code).toBe(0);
		expect(await app.repo.git('show', 'main:feature.txt')).toBe('done\n');
	});

	it('removes from the CLI only with an explicit choice, and says what it did from the result', async () => {
		expect((await app.cli(['new', 'wip'])).code).toBe(0);
		const worktree = path.join(path.dirname(app.repo.root), `${path.basename(app.repo.root)}.worktrees`, 'wip');
		await writeFile(path.join(worktree, 'half.txt'), 'half done\n');
		const refused = await app.cli(['rm', 'wip']);
		expect(refused.code).toBe(1);
		expect(refused.stderr).toContain('uncommitted changes');
		expect(await readFile(path.join(worktree, 'half.txt'), 'utf8')).toBe('half done\n');
		const salvaged = await app.cli(['rm', 'wip', '--salvage']);
		expect(salvaged.code).toBe(0);
		expect(salvaged.stdout).toMatch(/^wip: removed its worktree, committed its changes as [0-9a-f]{7}, kept agentgrid\/wip\.\n$/);
		expect(await app.repo.git('show', 'agentgrid/wip:half.txt')).toBe('half done\n');
	});

	it('lists the sessions of every running server with ls --all', async () => {
		await startShell('listed');
		const all = JSON.parse((await app.cli(['ls', '--all', '--json'])).stdout) as Array<{repo: string; sessions: Array<{slug: string}>}>;
		expect(all).toMatchObject([{repo: app.repo.root, sessions: [{slug: 'listed'}]}]);
	});

	it('opens the review screen\'s editor on the attached client\'s own terminal', async () => {
		const marker = path.join(app.repo.dir, 'editor.log');
		const editor = path.join(app.repo.dir, 'editor.sh');
		await writeFile(editor, `#!/bin/sh\ntty > '${marker}'\necho "$@" >> '${marker}'\n`);
		await chmod(editor, 0o755);
		expect((await app.cli(['new', 'edited'])).code).toBe(0);
		const worktree = path.join(path.dirname(app.repo.root), `${path.basename(app.repo.root)}.worktrees`, 'edited');
		await writeFile(path.join(worktree, 'note.txt'), 'to edit\n');
		const term = app.start({cols: 120, rows: 36, env: {VISUAL: editor}});
		terms.push(term);
		await term.waitFor('1 edited');
		term.write('d');
		await term.waitFor(text => text.includes('Review edited') && text.includes('note.txt'));
		term.write('j');
		term.write('e');
		await expect.poll(() => readFile(marker, 'utf8').catch(() => ''), {timeout: 10_000}).toMatch(/^\/dev\/pts\/\d+\n.*note\.txt\n$/);
		// Back in the review screen, drawn again, once the editor is done.
		await term.waitFor(text => text.includes('Review edited'));
	});
});

describe('when the server dies', () => {
	it('takes its agents with it; the next agentgrid shows the sessions stopped, and r resumes one', async () => {
		const term = start();
		await term.waitFor('No sessions yet');
		expect((await app.cli(['new', 'survivor', '--prompt', 'first task', '--start'])).code).toBe(0);
		await term.waitFor('Done: first task');
		const [server] = await serverPids(app.env.AGENTGRID_SOCKET_DIR);
		const agents = (await childrenOf(server)).map(child => child.pid);
		expect(agents.length).toBeGreaterThan(0);
		process.kill(server, 'SIGKILL');
		expect(await term.exited).toBe(1);
		expect(term.text()).toContain('lost the connection to the server');

		const next = start();
		const screen = await next.waitFor('No agent running in agentgrid/survivor');
		expect(screen).toMatch(/stopped/);
		// Their ptys closed with the server, so the agents got SIGHUP and ended.
		await expect.poll(async () => (await Promise.all(agents.map(alive))).some(Boolean), {timeout: 10_000}).toBe(false);
		next.write('r');
		await next.waitFor('Resumed previous conversation.');
	});
});

describe('an idle server', () => {
	it('gives back what a burst of output grew once it goes quiet, by itself', async () => {
		const term = await inShellPane('sh1');
		const reclaims = async () => {
			const {memory} = (await ask('info', {})) as {memory: {reclaims?: ReclaimStats}};
			return memory.reclaims ?? {count: 0, before: 0, after: 0, ms: 0};
		};
		// Start-up may already have been collected: the burst must set off one more.
		const before = (await reclaims()).count;
		term.write('seq 1 200000; echo burst-$((40 + 2))\r');
		await term.waitFor('burst-42', 30_000);
		// Five quiet seconds after the burst, the server collects, and gives back most of its heap.
		await expect.poll(async () => (await reclaims()).count, {timeout: 30_000, interval: 500}).toBeGreaterThan(before);
		const latest = await reclaims();
		expect(latest.after).toBeLessThan(latest.before / 2);
	}, 90_000);
});

describe('the server\'s timeline', () => {
	it('records, when asked, a key arriving, the frames drawn for it and the output leaving, and stops when taken', async () => {
		const term = await inShellPane('timed');
		const timeline = async (action: 'start' | 'take') => (await ask('timeline', {action})) as {events?: Array<{at: number; ms: number; kind: string}>};
		await timeline('start');
		const typed = Date.now();
		term.write('echo "timed-$((6*7))"\r');
		await term.waitFor('timed-42');
		// Back to the grid: the status bar changes, which Ink draws as chrome.
		term.write(`${prefixKey}g`);
		await term.waitFor(() => statusLine(term).includes('GRID'));
		const {events = []} = await timeline('take');
		const kinds = new Set(events.map(event => event.kind));
		for (const kind of ['input', 'output', 'paint', 'chrome render', 'chrome parse']) expect(kinds, kind).toContain(kind);
		const paints = events.filter(event => event.kind === 'paint');
		expect(paints.every(event => event.ms > 0 && event.at >= typed - 50)).toBe(true);
		// Taken, it records no more.
		term.write('x');
		await new Promise(resolve => setTimeout(resolve, 300));
		expect((await timeline('take')).events).toEqual([]);
	});
});
