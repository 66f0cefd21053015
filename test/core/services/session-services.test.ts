import {readFile} from 'node:fs/promises';
import {describe, expect, it} from 'vitest';
import {acceptsConnections} from '../../../source/core/services/port-open.js';
import type {ServiceSnapshot} from '../../../source/core/services/service-process.js';
import type {AgentWorkspace} from '../../../source/core/workspace/workspace.js';
import {descendantsOf, processTable} from '../../helpers/proc.js';
import {workspaceFixture} from '../workspace/workspace-fixture.js';

/** A tiny HTTP server on the port it is given, printing what it does, as a dev server would. */
const server = 'node -e "const p=Number(process.argv[1]);require(\'http\').createServer((q,r)=>r.end(\'ok\')).listen(p,\'127.0.0.1\',()=>console.log(\'listening on\',p))"';

async function until<T>(read: () => T | undefined, what: string, timeoutMs = 20_000): Promise<T> {
	const deadline = performance.now() + timeoutMs;
	for (;;) {
		const value = read();
		if (value !== undefined) return value;
		if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise(resolve => setTimeout(resolve, 50));
	}
}

const serviceOf = (workspace: AgentWorkspace, id: string, name: string): ServiceSnapshot | undefined =>
	workspace.entries().find(entry => entry.id === id)?.services?.find(service => service.name === name);

/** Processes whose environment names this session (every process a service starts inherits it). */
async function processesOf(slug: string, worktree: string): Promise<number[]> {
	const found: number[] = [];
	for (const {pid} of await processTable()) {
		const environ = (await readFile(`/proc/${pid}/environ`, 'utf8').catch(() => '')).split('\0');
		if (environ.includes(`AGENTGRID_SESSION=${slug}`) && environ.includes(`AGENTGRID_WORKTREE=${worktree}`)) found.push(pid);
	}
	return found;
}

const spawnOptions = (slug: string) => ({slug, agent: 'shell', base: 'main', prompt: '', cols: 80, rows: 24});

describe('session services', () => {
	it('start with the session on its own port, show as up once the port accepts connections, and leave no process when the session stops', async () => {
		const fixture = await workspaceFixture({services: {web: `${server} {{port1}}`, idle: {command: 'sleep 600', autostart: true}}});
		const entry = await fixture.workspace.spawn(spawnOptions('web-work'), () => {});
		const slot = (await fixture.slots.list()).find(candidate => candidate.slug === 'web-work')!;
		const web = await until(() => {
			const service = serviceOf(fixture.workspace, entry.id, 'web');
			return service?.state === 'up' ? service : undefined;
		}, 'web to be up');
		expect(web.port).toBe(slot.ports[0]);
		expect(web.command).toContain(String(slot.ports[0]));
		expect(await acceptsConnections(web.port!)).toBe(true);
		expect(serviceOf(fixture.workspace, entry.id, 'idle')?.state).toBe('running');
		// Its output is kept like an agent's: the screen shows what it printed.
		await until(() => (fixture.workspace.serviceTerminal(entry.id, 'web')?.screenText().includes(`listening on ${web.port}`) ? true : undefined), 'the server\'s output');
		const isolation = (await fixture.workspace.isolation()).get('web-work')!;
		expect(isolation.services).toEqual([
			{name: 'web', command: web.command, port: web.port, state: 'up'},
			{name: 'idle', command: 'sleep 600', state: 'running'},
		]);

		const pids = fixture.workspace.servicePids(entry.id);
		expect(pids).toHaveLength(2);
		const tree = [...pids, ...(await Promise.all(pids.map(pid => descendantsOf(pid)))).flat()];
		expect((await processesOf('web-work', entry.worktree)).length).toBeGreaterThanOrEqual(3);

		await fixture.workspace.stop(entry.id);
		const alive = new Set((await processTable()).map(process => process.pid));
		expect(tree.filter(pid => alive.has(pid))).toEqual([]);
		expect(await processesOf('web-work', entry.worktree)).toEqual([]);
		expect(await acceptsConnections(web.port!)).toBe(false);
		expect(serviceOf(fixture.workspace, entry.id, 'web')?.state).toBe('stopped');
	});

	it('restart on demand, report an exit with its code, and are ended by removal', async () => {
		const fixture = await workspaceFixture({services: {web: `${server} {{port1}}`, job: {command: 'echo once; exit 3', autostart: false}}});
		const entry = await fixture.workspace.spawn(spawnOptions('restart-me'), () => {});
		await until(() => (serviceOf(fixture.workspace, entry.id, 'web')?.state === 'up' ? true : undefined), 'web to be up');
		expect(serviceOf(fixture.workspace, entry.id, 'job')?.state).toBe('stopped');
		expect(await fixture.workspace.restartServices(entry.id, 'job')).toBe(1);
		const job = await until(() => {
			const service = serviceOf(fixture.workspace, entry.id, 'job');
			return service?.state === 'exited' ? service : undefined;
		}, 'job to exit');
		expect(job.exitCode).toBe(3);
		await expect(fixture.workspace.restartServices(entry.id, 'nope')).rejects.toThrow('No service named nope.');

		const firstPid = fixture.workspace.servicePids(entry.id)[0];
		await fixture.workspace.restartServices(entry.id, 'web');
		await until(() => (serviceOf(fixture.workspace, entry.id, 'web')?.state === 'up' ? true : undefined), 'web to be up again');
		expect(fixture.workspace.servicePids(entry.id)[0]).not.toBe(firstPid);

		await fixture.workspace.remove('restart-me', 'discard');
		expect(await processesOf('restart-me', entry.worktree)).toEqual([]);
	});

	it('do not run from a repository file that is not trusted', async () => {
		const fixture = await workspaceFixture({services: {web: `${server} {{port1}}`}}, {trust: 'untrusted'});
		const entry = await fixture.workspace.spawn(spawnOptions('untrusted'), () => {});
		const slot = (await fixture.slots.list()).find(candidate => candidate.slug === 'untrusted')!;
		expect(fixture.workspace.servicePids(entry.id)).toEqual([]);
		expect(fixture.workspace.entries().find(candidate => candidate.id === entry.id)?.services).toBeUndefined();
		// Long enough for the server to have listened, had it been started.
		await new Promise(resolve => setTimeout(resolve, 1500));
		expect(await acceptsConnections(slot.ports[0])).toBe(false);
		const table = new Map((await processTable()).map(process => [process.pid, process.cmdline]));
		expect((await processesOf('untrusted', entry.worktree)).filter(pid => table.get(pid)?.includes('createServer'))).toEqual([]);
		expect((await fixture.workspace.isolation()).get('untrusted')?.services).toEqual([{name: 'web', command: expect.stringContaining(String(slot.ports[0])) as string, port: slot.ports[0], state: 'untrusted'}]);
		await expect(fixture.workspace.restartServices(entry.id)).rejects.toThrow('is not trusted');
	});
});
