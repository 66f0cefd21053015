import {mkdtemp, rm} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {spawnPty, type PtyProcess} from '../../../source/core/session/pty.js';
import {processesWithEnvironment} from '../../helpers/proc.js';
import {baseEnv, OutputRecorder, waitFor} from './pty-helpers.js';

const cleanups: Array<() => Promise<void> | void> = [];

afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Each daemon clears its environment but for one tag, so the test can find it and nothing else can. */
const daemons = {
	'new session': (tag: string) => `env -i ${tag} setsid sleep 1234 &`,
	nohup: (tag: string) => `env -i ${tag} nohup sleep 1234 &`,
	'new session, nohup': (tag: string) => `env -i ${tag} setsid nohup sleep 1234 &`,
	'new session, no terminal': (tag: string) => `env -i ${tag} setsid sleep 1234 </dev/null >/dev/null 2>&1 &`,
};

describe.runIf(process.platform === 'linux')('closing a pane', () => {
	it.each(Object.entries(daemons))('ends a daemon its shell started with a cleared environment (%s)', async (_name, command) => {
		const dir = await mkdtemp(path.join(os.tmpdir(), 'agentgrid-daemon-'));
		cleanups.push(() => rm(dir, {recursive: true, force: true}));
		const tag = `AGENTGRID_TEST_DAEMON=${process.pid}-${Math.random().toString(36).slice(2)}`;
		cleanups.push(async () => {
			for (const pid of await processesWithEnvironment(tag)) process.kill(pid, 'SIGKILL');
		});
		const pty: PtyProcess = spawnPty({file: '/bin/sh', args: ['-i'], cwd: dir, env: baseEnv(), cols: 120, rows: 24});
		cleanups.push(() => pty.kill({graceMs: 200}));
		const out = new OutputRecorder(pty);
		pty.write(`${command(tag)} echo STARTED-$((6*7))\r`);
		await out.untilText('STARTED-42');
		await waitFor(async () => (await processesWithEnvironment(tag)).length > 0);
		await pty.kill({graceMs: 500});
		await waitFor(async () => (await processesWithEnvironment(tag)).length === 0, 5000).catch(() => {
			throw new Error(`still running after the pane closed: ${command(tag)}`);
		});
		expect(pty.exited).toBe(true);
	});
});
