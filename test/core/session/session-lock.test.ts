/**
 * Two agents in one worktree would overwrite each other's work. The lock's promise: while the process that holds a
 * session's lock lives, nobody else can start an agent there, and the refusal names it; once it is gone (or its pid
 * was reused by another program) the lock is stale and taken over. Real processes, real files.
 */
import {spawn, type ChildProcess} from 'node:child_process';
import {readFile, writeFile, mkdir, rm} from 'node:fs/promises';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {lockFile, SessionLock} from '../../../source/core/session/session-lock.js';
import {makeTempDir} from '../../helpers/git-repo.js';
import {startTime} from '../../helpers/proc.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
	for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function commonDir(): Promise<string> {
	const dir = await makeTempDir('agentgrid-lock-');
	cleanups.push(() => rm(dir, {recursive: true, force: true}));
	return dir;
}

async function sleeper(): Promise<ChildProcess> {
	const child = spawn('sleep', ['30']);
	cleanups.push(() => void child.kill('SIGKILL'));
	await new Promise(resolve => child.once('spawn', resolve));
	return child;
}

async function planted(dir: string, slug: string, holder: object): Promise<void> {
	await mkdir(path.dirname(lockFile(dir, slug)), {recursive: true});
	await writeFile(lockFile(dir, slug), JSON.stringify(holder));
}

describe('session lock', () => {
	it('is taken, handed to the agent process, and released', async () => {
		const dir = await commonDir();
		const lock = await SessionLock.acquire(dir, 'one');
		const agent = await sleeper();
		await lock.heldBy(agent.pid!);
		expect(JSON.parse(await readFile(lockFile(dir, 'one'), 'utf8'))).toMatchObject({pid: agent.pid, serverPid: process.pid});
		await lock.release();
		await expect(readFile(lockFile(dir, 'one'))).rejects.toMatchObject({code: 'ENOENT'});
	});

	it('refuses while another live process holds it, naming that process', async () => {
		const dir = await commonDir();
		const other = await sleeper();
		await planted(dir, 'busy', {pid: other.pid, startTime: await startTime(other.pid!), serverPid: 4_000_000, startedAt: '2026-12-01T10:00:00.000Z'});
		await expect(SessionLock.acquire(dir, 'busy')).rejects.toMatchObject({
			code: 'session-locked',
			message: `An agent already runs in busy: process ${other.pid}, started 2026-12-01T10:00:00.000Z by agentgrid server 4000000.`,
			hint: expect.stringContaining(`kill ${other.pid}`),
		});
		other.kill('SIGKILL');
		await new Promise(resolve => other.once('exit', resolve));
		// Its holder is gone: the lock is stale and taken over.
		const lock = await SessionLock.acquire(dir, 'busy');
		expect(JSON.parse(await readFile(lockFile(dir, 'busy'), 'utf8'))).toMatchObject({pid: process.pid});
		await lock.release();
	});

	it('takes over a lock whose holder is a zombie (an agent of a crashed server that nobody reaped yet)', async () => {
		const dir = await commonDir();
		// `sleep 30` replaces the shell and never reaps the short sleep it started: that one becomes a zombie.
		const parent = spawn('/bin/sh', ['-c', 'sleep 0.05 & echo $!; exec sleep 30'], {stdio: ['ignore', 'pipe', 'ignore']});
		cleanups.push(() => void parent.kill('SIGKILL'));
		const zombie = Number(await new Promise<string>(resolve => parent.stdout!.once('data', chunk => resolve(String(chunk).trim()))));
		const start = await startTime(zombie);
		await expect.poll(async () => (await readFile(`/proc/${zombie}/stat`, 'utf8')).split(') ')[1]?.[0], {timeout: 5000}).toBe('Z');
		await planted(dir, 'orphaned', {pid: zombie, startTime: start, serverPid: 1, startedAt: 'before the crash'});
		const lock = await SessionLock.acquire(dir, 'orphaned');
		await lock.release();
	});

	it('takes over a lock whose pid now belongs to another program (a recycled pid)', async () => {
		const dir = await commonDir();
		const unrelated = await sleeper();
		await planted(dir, 'recycled', {pid: unrelated.pid, startTime: '1', serverPid: 1, startedAt: 'long ago'});
		const lock = await SessionLock.acquire(dir, 'recycled');
		await lock.release();
	});

	/**
	 * Four servers in four processes race for `slug`, each starting the moment a shared file appears, so that their
	 * attempts overlap; each says whether it won, and the winner holds the lock a while.
	 */
	async function race(dir: string, slug: string): Promise<string[]> {
		const module = path.resolve('source/core/session/session-lock.ts');
		const go = path.join(dir, `go-${slug}`);
		const script = `const {SessionLock} = await import(${JSON.stringify(module)});
			const {access} = await import('node:fs/promises');
			console.log('ready');
			while (await access(process.argv[2]).then(() => false, () => true)) await new Promise(r => setTimeout(r, 1));
			try { await SessionLock.acquire(process.argv[1], process.argv[3]); console.log('won'); await new Promise(r => setTimeout(r, 1500)); }
			catch (error) { console.log(error.code); }`;
		const children = [0, 1, 2, 3].map(() => spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, dir, go, slug], {stdio: ['ignore', 'pipe', 'inherit']}));
		const outcomes = children.map(child => new Promise<string>(resolve => {
			let out = '';
			child.stdout.on('data', chunk => (out += chunk));
			child.on('close', () => resolve(out.replace('ready', '').trim()));
		}));
		await Promise.all(children.map(async child => new Promise(resolve => child.stdout.once('data', resolve))));
		await writeFile(go, '');
		return (await Promise.all(outcomes)).sort();
	}

	it('lets exactly one of several servers racing for it win, whether it is free or stale', async () => {
		const dir = await commonDir();
		for (let round = 0; round < 3; round++) {
			expect(await race(dir, `free-${round}`)).toEqual(['session-locked', 'session-locked', 'session-locked', 'won']);
			// A lock left by a server that died: every racer sees it stale, and still only one takes it over.
			await planted(dir, `stale-${round}`, {pid: 4_000_000, startTime: '1', serverPid: 4_000_000, startedAt: 'before the crash'});
			expect(await race(dir, `stale-${round}`)).toEqual(['session-locked', 'session-locked', 'session-locked', 'won']);
		}
	}, 60_000);
});
