/**
 * Scoped, isolated sessions as a user meets them: a session from the spawn form with its scope, its dev server up
 * on its own port in the pane title, shown in place of the agent, the isolation card, the overlap warning of a
 * second form, and no process left once the session and then the server are stopped.
 */
import {readFile} from 'node:fs/promises';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {acceptsConnections} from '../../source/core/services/port-open.js';
import type {OuterTerminal} from '../helpers/outer-terminal.js';
import {processTable} from '../helpers/proc.js';
import {createAppFixture, statusLine, toGrid, type AppFixture} from './app-fixture.js';

const server = 'node -e "const p=Number(process.argv[1]);require(\'http\').createServer((q,r)=>r.end(\'ok\')).listen(p,\'127.0.0.1\',()=>console.log(\'serving on\',p))"';

let app: AppFixture;
let term: OuterTerminal | undefined;

beforeEach(async () => {
	app = await createAppFixture();
});

afterEach(async () => {
	term?.kill();
	await app?.repo.cleanup();
});

/** Processes started for a session of this test's repository (every process of its services and agent inherits its variables). */
async function processesOf(slug: string): Promise<Array<{pid: number; cmdline: string}>> {
	const found = [];
	for (const entry of await processTable()) {
		const environ = (await readFile(`/proc/${entry.pid}/environ`, 'utf8').catch(() => '')).split('\0');
		if (environ.includes(`AGENTGRID_SESSION=${slug}`) && environ.some(item => item.startsWith(`AGENTGRID_WORKTREE=${app.repo.root}.worktrees/`))) found.push({pid: entry.pid, cmdline: entry.cmdline});
	}
	return found;
}

async function portOf(app: AppFixture, slug: string): Promise<number> {
	const slots = JSON.parse(await readFile(`${app.repo.root}/.git/agentgrid/sessions.json`, 'utf8')) as {sessions: Array<{slug: string; ports: number[]}>};
	return slots.sessions.find(slot => slot.slug === slug)!.ports[0]!;
}

/** Opens the form, types the task and the Owns field, and starts the session (left in pane mode). */
async function spawnWithScope(term: OuterTerminal, task: string, owns: string, expectWarning?: string): Promise<void> {
	await term.waitFor(() => statusLine(term).includes('GRID'));
	term.write('n');
	await term.waitFor('New session');
	term.write(task);
	await term.waitFor(task);
	for (let i = 0; i < 4; i++) term.write('\t');
	await term.waitFor(screen => screen.split('\n').some(line => line.includes('› Owns')));
	term.write(owns);
	await term.waitFor(owns);
	if (expectWarning) await term.waitFor(expectWarning);
	term.write('\r');
	await term.waitFor(screen => !screen.includes('New session') && statusLine(term).includes('PANE'));
}

describe('services and the isolation card', () => {
	it('runs a session\'s dev server on its port, shows it up in the title and in place of the agent, describes the session on its card, and leaves no process behind', async () => {
		await app.repo.commit('settings', {'.agentgrid.json': JSON.stringify({
			services: {web: `${server} {{port1}}`},
			env: {API_TOKEN: 'hunter2', WEB_PORT: '{{port1}}'},
			teardownCommands: ['echo bye'],
		})});
		expect((await app.cli(['trust'])).code).toBe(0);
		term = app.start({cols: 140, rows: 40});
		await term.waitFor('No sessions yet');
		await spawnWithScope(term, 'auth work', 'src/auth/ test/auth/');
		const port = await portOf(app, 'auth-work');
		await term.waitFor(`web :${port} ●`, 20_000);
		expect(await acceptsConnections(port)).toBe(true);
		expect((await app.repo.git('config', '--get-all', 'branch.agentgrid/auth-work.agentgridOwns')).trim().split('\n')).toEqual(['src/auth/', 'test/auth/']);

		await toGrid(term);
		term.write('v');
		await term.waitFor(`serving on ${port}`);
		await term.waitFor('auth-work ▸ web');
		// Pane mode types into what the pane shows: Ctrl+C stops the dev server, not the agent.
		term.write('\r');
		await term.waitFor(() => statusLine(term!).includes('PANE'));
		term.write('\u0003');
		await term.waitFor(`web :${port} ✗130`);
		expect(await acceptsConnections(port)).toBe(false);
		await term.waitFor(() => statusLine(term!).includes('GRID'));
		expect(term.text()).toMatch(/auth-work ▸ web {2}○ idle/);
		term.write('S');
		await term.waitFor(`web :${port} ●`, 20_000);
		expect(await acceptsConnections(port)).toBe(true);
		await term.waitFor('auth-work ▸ web');
		term.write('v');
		await term.waitFor(screen => !screen.includes('▸ web') && screen.includes('Done: auth work'));

		term.write('i');
		const card = await term.waitFor('What isolates auth-work');
		expect(card).toContain('Branch    agentgrid/auth-work   (base main)');
		expect(card).toMatch(new RegExp(`web {2}:${port} +● up {2}node -e`));
		expect(card).toContain('Owns      src/auth/  test/auth/');
		expect(card).toContain('Teardown  1 command run on removal');
		expect(card).toContain('API_TOKEN=••••••');
		expect(card).toContain(`WEB_PORT=${port}`);
		expect(card).not.toContain('hunter2');
		// The open card follows the service: its server killed from outside shows as exited there.
		const web = (await processesOf('auth-work')).find(process => process.cmdline.startsWith('node -e'))!;
		process.kill(web.pid, 'SIGTERM');
		await term.waitFor(screen => screen.includes('What isolates auth-work') && new RegExp(`web {2}:${port} +✗ exited 143`).test(screen));
		term.write('x');
		await term.waitFor(screen => !screen.includes('What isolates'));
		term.write('S');
		await term.waitFor(`web :${port} ●`, 20_000);

		// A second session owning part of what the first owns: the form warns and still starts it.
		await spawnWithScope(term, 'login form', 'src/auth/login.ts', '⚠ overlaps what auth-work owns (src/auth/)');
		const second = await portOf(app, 'login-form');
		await term.waitFor(`web :${second} ●`, 20_000);

		const before = await processesOf('auth-work');
		expect(before.some(process => process.cmdline.includes('createServer'))).toBe(true);
		expect((await app.cli(['stop', 'auth-work'])).code).toBe(0);
		expect(await processesOf('auth-work'), JSON.stringify(await processesOf('auth-work'))).toEqual([]);
		expect(await acceptsConnections(port)).toBe(false);
		await term.waitFor(`web :${port} ■`);
		// Quitting names the services it would stop along with the agents.
		await toGrid(term);
		term.write('q');
		await term.waitFor(() => statusLine(term!).includes('s stop 1 agent + 1 service'));
		term.write('\u001B');
		await term.waitFor(() => !statusLine(term!).includes('Quit?'));

		term.kill();
		term = undefined;
		const refused = await app.cli(['kill-server']);
		expect(refused.code).toBe(1);
		expect(refused.stderr).toContain('1 agent and 1 service are running in this server.');
		expect((await app.cli(['kill-server', '--force'])).code).toBe(0);
		for (let i = 0; i < 100 && (await processesOf('login-form')).length > 0; i++) await new Promise(resolve => setTimeout(resolve, 100));
		expect(await processesOf('login-form')).toEqual([]);
		expect(await acceptsConnections(second)).toBe(false);
	});

	it('runs no service of a repository file that is not trusted', async () => {
		await app.repo.commit('settings', {'.agentgrid.json': JSON.stringify({services: {web: `${server} {{port1}}`}})});
		expect((await app.cli(['new', 'untrusted', '--start'])).code).toBe(0);
		const port = await portOf(app, 'untrusted');
		const listed = JSON.parse((await app.cli(['ls', '--json'])).stdout) as Array<{isolation: {services: unknown[]}}>;
		expect(listed[0]!.isolation.services).toEqual([{name: 'web', command: expect.stringContaining('createServer') as string, port, state: 'untrusted'}]);
		await new Promise(resolve => setTimeout(resolve, 1500));
		expect(await acceptsConnections(port)).toBe(false);
		expect((await processesOf('untrusted')).filter(process => process.cmdline.includes('createServer'))).toEqual([]);
	});
});
