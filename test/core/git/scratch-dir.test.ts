/**
 * Scratch directories never pile up: each is removed when its work ends, also when the work fails, and one left by a
 * process killed in the middle (kill -9) is removed by a later sweep, while those of live processes, of other hosts,
 * young ones and anything else in the directory stay.
 */
import {execFile, spawn} from 'node:child_process';
import {mkdir, mkdtemp, readdir, rm, stat, utimes, writeFile} from 'node:fs/promises';
import {createRequire} from 'node:module';
import os from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {sweepScratchDirs, withScratchDir} from '../../../source/core/git/scratch-dir.js';

const parents: string[] = [];
afterEach(async () => {
	for (const parent of parents.splice(0)) await rm(parent, {recursive: true, force: true});
});

async function parentDir(): Promise<string> {
	const parent = await mkdtemp(path.join(os.tmpdir(), 'scratch-parent-'));
	parents.push(parent);
	return parent;
}

async function deadPid(): Promise<number> {
	const child = spawn('true');
	await new Promise(resolve => child.on('exit', resolve));
	return child.pid!;
}

describe('scratch directories', () => {
	it('are removed when their work ends, and when it fails', async () => {
		const parent = await parentDir();
		const seen = await withScratchDir(async directory => {
			await writeFile(path.join(directory, 'index'), 'x');
			expect(path.basename(directory)).toMatch(new RegExp(`^agentgrid-scratch-[0-9a-f]{8}-${process.pid}-`));
			return directory;
		}, parent);
		await expect(stat(seen)).rejects.toThrow();
		await expect(withScratchDir(async () => {
			throw new Error('git failed');
		}, parent)).rejects.toThrow('git failed');
		expect(await readdir(parent)).toEqual([]);
	});

	it('left by a gone process of this host are swept once old; live, young, foreign and other entries stay', async () => {
		const parent = await parentDir();
		const dead = await deadPid();
		const host = await withScratchDir(async directory => path.basename(directory).split('-')[2]!, parent);
		const old = new Date(Date.now() - 2 * 60 * 60 * 1000);
		const made = async (name: string, age?: Date) => {
			await mkdir(path.join(parent, name));
			if (age) await utimes(path.join(parent, name), age, age);
		};
		await made(`agentgrid-scratch-${host}-${dead}-gone`, old);
		await made(`agentgrid-scratch-${host}-${dead}-young`);
		await made(`agentgrid-scratch-${host}-${process.pid}-live`, old);
		await made(`agentgrid-scratch-0000beef-${dead}-otherhost`, old);
		await made('agentgrid-index-old', old);
		await made('agentgrid-index-fresh');
		await made('something-else', old);
		await writeFile(path.join(parent, `agentgrid-scratch-${host}-${dead}-file`), 'not a directory');
		expect(await sweepScratchDirs(parent)).toBe(2);
		expect((await readdir(parent)).sort()).toEqual([
			`agentgrid-scratch-${host}-${dead}-young`, `agentgrid-scratch-${host}-${process.pid}-live`, `agentgrid-scratch-0000beef-${dead}-otherhost`,
			'agentgrid-index-fresh', 'something-else', `agentgrid-scratch-${host}-${dead}-file`,
		].sort());
	});

	it('of a process killed with SIGKILL in the middle of its work are swept by the next one', async () => {
		const parent = await parentDir();
		const module = path.resolve('source/core/git/scratch-dir.ts');
		const tsx = createRequire(import.meta.url).resolve('tsx');
		const script = `const {withScratchDir} = await import(${JSON.stringify(module)}); await withScratchDir(async directory => { console.log(directory); await new Promise(() => setInterval(() => {}, 1000)); }, ${JSON.stringify(parent)});`;
		const child = execFile(process.execPath, ['--import', tsx, '--input-type=module', '-e', script]);
		const directory = await new Promise<string>(resolve => child.stdout!.on('data', (chunk: Buffer) => resolve(chunk.toString().trim())));
		expect((await stat(directory)).isDirectory()).toBe(true);
		child.kill('SIGKILL');
		await new Promise(resolve => child.on('exit', resolve));
		expect(await readdir(parent)).toEqual([path.basename(directory)]);
		// Not yet: a directory this young may be another sandbox's, whose pids this process cannot see.
		expect(await sweepScratchDirs(parent)).toBe(0);
		expect(await sweepScratchDirs(parent, Date.now() + 2 * 60 * 60 * 1000)).toBe(1);
		expect(await readdir(parent)).toEqual([]);
	});
});
