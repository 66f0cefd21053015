import {execFile} from 'node:child_process';
import {copyFile, mkdir, mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import {describe, expect, it} from 'vitest';
import {agentgridBin} from './helpers/outer-terminal.js';
import {version} from '../source/version.js';

const run = promisify(execFile);

/** A Node older than the one agentgrid needs, from PATH (the system's), if the machine has one. */
async function oldNode(): Promise<string | undefined> {
	for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
		const candidate = path.join(dir, 'node');
		try {
			const {stdout} = await run(candidate, ['-p', 'process.versions.node']);
			const [major, minor] = stdout.trim().split('.').map(Number);
			if (major < 22 || (major === 22 && minor < 15)) return candidate;
		} catch {
			// not there
		}
	}
	return undefined;
}

const old = await oldNode();

describe.skipIf(old === undefined)('bin/agentgrid.js on a Node that is too old', () => {
	it('runs the command with the checkout\'s own Node, keeping arguments and exit status', async () => {
		const {stdout} = await run(old!, [agentgridBin, '--version']);
		expect(stdout.trim()).toBe(version);
		const failed = await run(old!, [agentgridBin, 'no-such-command']).then(() => undefined, (error: {code: number; stderr: string}) => error);
		const direct = await run(process.execPath, [agentgridBin, 'no-such-command']).then(() => undefined, (error: {code: number; stderr: string}) => error);
		expect(direct?.code).toBeGreaterThan(0);
		expect(failed?.code).toBe(direct?.code);
		expect(failed?.stderr).toContain('no-such-command');
	});

	it('says which Node it needs when the checkout has none of its own', async () => {
		const dir = await mkdtemp(path.join(tmpdir(), 'agentgrid-shim-'));
		try {
			await mkdir(path.join(dir, 'bin'));
			await copyFile(agentgridBin, path.join(dir, 'bin', 'agentgrid.js'));
			await copyFile(path.join(path.dirname(agentgridBin), '..', 'package.json'), path.join(dir, 'package.json'));
			const failed = await run(old!, [path.join(dir, 'bin', 'agentgrid.js'), '--version']).then(() => undefined, (error: {code: number; stderr: string}) => error);
			expect(failed?.code).toBe(1);
			expect(failed?.stderr).toMatch(/Node 22\.15 or newer is required, but this is Node \d+/);
		} finally {
			await rm(dir, {recursive: true, force: true});
		}
	});
});
