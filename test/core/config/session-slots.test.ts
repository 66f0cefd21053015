import {mkdtemp, rm} from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {isPortFree} from '../../../source/core/config/port-probe.js';
import {SessionSlotStore, sessionSlotsFile} from '../../../source/core/config/session-slots.js';

let dir: string;
const servers: net.Server[] = [];

beforeEach(async () => {
	dir = await mkdtemp(path.join(os.tmpdir(), 'agentgrid-slots-'));
});

afterEach(async () => {
	await Promise.all(servers.splice(0).map(async server => new Promise(resolve => server.close(resolve))));
	await rm(dir, {recursive: true, force: true});
});

/** A real server listening on a port the OS picks, so the test never races other processes for a fixed number. */
async function listeningServer(host: string): Promise<number> {
	const server = net.createServer();
	servers.push(server);
	await new Promise<void>(resolve => server.listen(0, host, resolve));
	return (server.address() as net.AddressInfo).port;
}

/** A range of `size` ports starting at one that was free a moment ago. */
async function freeRangeStart(): Promise<number> {
	for (;;) {
		const start = 20_000 + Math.floor(Math.random() * 30_000);
		const checks = await Promise.all([0, 1, 2, 3, 4].map(async offset => isPortFree(start + offset)));
		if (checks.every(Boolean)) {
			return start;
		}
	}
}

describe('isPortFree', () => {
	it('sees a port bound by a real server on loopback or on every address', async () => {
		expect(await isPortFree(await listeningServer('127.0.0.1'))).toBe(false);
		expect(await isPortFree(await listeningServer('0.0.0.0'))).toBe(false);
	});
});

describe('SessionSlotStore', () => {
	it('gives live sessions distinct indexes and ports, and the same ones when asked again', async () => {
		const first = await freeRangeStart();
		const store = new SessionSlotStore(sessionSlotsFile(dir));
		const ports = {first, last: first + 4, perSession: 2};
		const a = await store.claim('a', ports);
		const b = await store.claim('b', ports);
		expect(a).toEqual({slug: 'a', index: 1, ports: [first, first + 1]});
		expect(b).toEqual({slug: 'b', index: 2, ports: [first + 2, first + 3]});
		// Another process (a fresh store on the same file) sees the same allocation.
		expect(await new SessionSlotStore(sessionSlotsFile(dir)).claim('a', ports)).toEqual(a);
	});

	it('skips a port that another process is listening on', async () => {
		const busy = await listeningServer('127.0.0.1');
		const store = new SessionSlotStore(path.join(dir, 'sessions.json'));
		const slot = await store.claim('web', {first: busy, last: busy + 20, perSession: 1});
		expect(slot.ports).toHaveLength(1);
		expect(slot.ports[0]).not.toBe(busy);
		expect(slot.ports[0]).toBeGreaterThan(busy);
	});

	it('keeps a session\'s port even once its own server is listening on it', async () => {
		const store = new SessionSlotStore(path.join(dir, 'sessions.json'));
		const busy = await listeningServer('127.0.0.1');
		const slot = await store.claim('web', {first: busy + 1, last: busy + 30, perSession: 1});
		// Simulate the session's dev server now holding its port.
		const ownServer = net.createServer();
		servers.push(ownServer);
		const listened = await new Promise<boolean>(resolve => {
			ownServer.once('error', () => resolve(false));
			ownServer.listen(slot.ports[0], '127.0.0.1', () => resolve(true));
		});
		expect(listened).toBe(true);
		expect(await isPortFree(slot.ports[0])).toBe(false);
		expect(await store.claim('web', {first: busy + 1, last: busy + 30, perSession: 1})).toEqual(slot);
	});

	it('frees slots of sessions that are gone, and reuses the lowest index', async () => {
		const first = await freeRangeStart();
		const ports = {first, last: first + 4, perSession: 1};
		const store = new SessionSlotStore(path.join(dir, 'sessions.json'));
		await store.claim('a', ports);
		await store.claim('b', ports);
		const c = await store.claim('c', ports, ['b']);
		expect(c.index).toBe(1);
		expect(c.ports).toEqual([first]);
		expect((await store.list()).map(slot => slot.slug).sort()).toEqual(['b', 'c']);
		await store.release('b');
		expect((await store.list()).map(slot => slot.slug)).toEqual(['c']);
	});

	it('fails clearly when the range is exhausted', async () => {
		const store = new SessionSlotStore(path.join(dir, 'sessions.json'), {isPortFree: async () => true});
		const ports = {first: 6000, last: 6001, perSession: 1};
		await store.claim('a', ports);
		await store.claim('b', ports);
		await expect(store.claim('c', ports)).rejects.toThrow(/No free port left in 6000-6001/);
	});

	it('does not hand out the same port to sessions claimed concurrently', async () => {
		const store = new SessionSlotStore(path.join(dir, 'sessions.json'), {isPortFree: async () => true});
		const ports = {first: 7000, last: 7010, perSession: 1};
		const slots = await Promise.all(['a', 'b', 'c', 'd'].map(async slug => new SessionSlotStore(store.file, {isPortFree: async () => true}).claim(slug, ports)));
		expect(new Set(slots.map(slot => slot.ports[0])).size).toBe(4);
		expect(new Set(slots.map(slot => slot.index)).size).toBe(4);
	});

	it('allocates no ports when none are asked for', async () => {
		const store = new SessionSlotStore(path.join(dir, 'sessions.json'));
		expect(await store.claim('a', {first: 7000, last: 7010, perSession: 0})).toEqual({slug: 'a', index: 1, ports: []});
	});
});
