import {mkdtemp, rm} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {spawnPty, type PtyProcess} from '../../../source/core/session/pty.js';
import {isAlive} from '../../../source/core/session/process-tree.js';
import {baseEnv, OutputRecorder, waitFor} from './pty-helpers.js';
import {processTable} from '../../helpers/proc.js';

const started: PtyProcess[] = [];

function spawn(file: string, args: string[], cols = 80, rows = 24): PtyProcess {
	const pty = spawnPty({file, args, cwd: os.tmpdir(), env: baseEnv(), cols, rows});
	started.push(pty);
	return pty;
}

afterEach(async () => {
	await Promise.all(started.splice(0).map(async pty => pty.kill({graceMs: 200})));
});

describe('spawnPty', () => {
	it('delivers a large final burst completely before reporting exit, even while held paused', async () => {
		const size = 200_000;
		const script = `process.stdout.write('x'.repeat(${size}) + 'END'); process.exit(7);`;
		const pty = spawn(process.execPath, ['-e', script]);
		let received = 0;
		let sawEnd = false;
		let exitSeenAfterEnd: boolean | undefined;
		pty.onData(data => {
			received += data.length;
			sawEnd ||= data.includes('END');
			// A slow consumer: hold the pty paused after every chunk.
			pty.pause();
			setTimeout(() => pty.resume(), 30);
		});
		const exit = await new Promise<{exitCode: number}>(resolve => pty.onExit(e => {
			exitSeenAfterEnd = sawEnd;
			resolve(e);
		}));
		expect(received).toBe(size + 3);
		expect(exitSeenAfterEnd).toBe(true);
		expect(exit.exitCode).toBe(7);
	});

	it('reports the exit code and the signal that ended the program', async () => {
		const coded = new OutputRecorder(spawn('/bin/sh', ['-c', 'exit 3']));
		expect(await coded.untilExit()).toEqual({exitCode: 3, signal: undefined});
		const killed = new OutputRecorder(spawn('/bin/sh', ['-c', 'kill -TERM $$']));
		expect((await killed.untilExit()).signal).toBe('SIGTERM');
	});

	it('interrupts the foreground job of a shell on Ctrl-C', async () => {
		for (const shell of ['/bin/sh', '/bin/bash']) {
			const pty = spawn(shell, shell.endsWith('bash') ? ['--norc', '--noprofile', '-i'] : ['-i']);
			const out = new OutputRecorder(pty);
			pty.write('PS1="READY> "\r');
			await out.untilText('READY> ');
			pty.write('sleep 30; echo SLEEP-$((6*7))-FINISHED\r');
			// Give the shell time to start sleep in the foreground before interrupting it.
			await out.untilText(/FINISHED\r?\n/);
			// Ctrl-C must reach sleep, so it has to be running in the foreground first (a loaded machine is slow to fork).
			await waitFor(async () => (await processTable()).some(entry => entry.name === 'sleep' && entry.ppid === pty.pid), 10_000);
			pty.write('\x03');
			pty.write('echo AFTER-$((40+2))\r');
			await out.untilText('AFTER-42', 10_000);
			expect(out.text).not.toContain('SLEEP-42-FINISHED');
		}
	});

	it('resizes the pty', async () => {
		const pty = spawn('/bin/sh', ['-i']);
		const out = new OutputRecorder(pty);
		pty.resize(123, 45);
		pty.write('stty size\r');
		await out.untilText('45 123');
	});

	it('kill() ends the whole tree, including background jobs in their own process groups', async () => {
		const pty = spawn('/bin/bash', ['--norc', '--noprofile', '-i']);
		const out = new OutputRecorder(pty);
		pty.write('sleep 300 & echo "JOB=$!"\r');
		pty.write('sh -c "sleep 301 & echo HELPER=\\$!; wait" &\r');
		await out.untilText(/JOB=(\d+)/);
		await out.untilText(/HELPER=(\d+)/);
		const job = Number(/JOB=(\d+)/.exec(out.text)![1]);
		const helper = Number(/HELPER=(\d+)/.exec(out.text)![1]);
		expect(await isAlive(job)).toBe(true);
		expect(await isAlive(helper)).toBe(true);
		await pty.kill();
		expect(pty.exited).toBe(true);
		await waitFor(async () => !(await isAlive(job)) && !(await isAlive(helper)));
	});

	it('kill() falls back to SIGKILL for programs that ignore hangups and termination', async () => {
		const pty = spawn('/bin/sh', ['-c', 'trap "" HUP TERM; echo TRAPPED; while :; do :; done']);
		const out = new OutputRecorder(pty);
		await out.untilText('TRAPPED');
		await pty.kill({graceMs: 200});
		expect(out.exit?.signal).toBe('SIGKILL');
		expect(await isAlive(pty.pid)).toBe(false);
	});

	it('reports exit when a program leaves a background child holding the terminal', async () => {
		const pty = spawn('/bin/sh', ['-c', 'sleep 30 & echo LEFT; exit 0']);
		const out = new OutputRecorder(pty);
		expect((await out.untilExit()).exitCode).toBe(0);
		expect(out.text).toContain('LEFT');
	});

	it('ignores writes and resizes after exit', async () => {
		const pty = spawn('/bin/sh', ['-c', 'exit 0']);
		await new OutputRecorder(pty).untilExit();
		expect(() => {
			pty.write('ignored\r');
			pty.resize(10, 10);
		}).not.toThrow();
	});

	it('starts in the requested directory', async () => {
		const dir = await mkdtemp(path.join(os.tmpdir(), 'agentgrid-pty-'));
		try {
			const pty = spawnPty({file: '/bin/sh', args: ['-c', 'pwd'], cwd: dir, env: baseEnv(), cols: 80, rows: 24});
			started.push(pty);
			const out = new OutputRecorder(pty);
			await out.untilExit();
			expect(out.text).toContain(dir);
		} finally {
			await rm(dir, {recursive: true, force: true});
		}
	});
});

describe('closing a pane', () => {
	it('also ends helpers that detached into a session of their own', async () => {
		const {spawnPty: spawn} = await import('../../../source/core/session/pty.js');
		// setsid -f forks and exits: the helper is orphaned into a session of its own, like a daemon.
		const pty = spawn({
			file: '/bin/sh',
			args: ['-c', 'setsid -f sh -c "sleep 300 & echo daemon:\\$!; wait"; sleep 300'],
			cwd: process.cwd(),
			env: {...process.env, TERM: 'xterm-256color'} as Record<string, string>,
			cols: 80,
			rows: 24,
		});
		let output = '';
		pty.onData(data => (output += data));
		const deadline = Date.now() + 10_000;
		while (!/daemon:\d+/.test(output)) {
			if (Date.now() > deadline) throw new Error(`no daemon pid in ${JSON.stringify(output)}`);
			await new Promise(resolve => setTimeout(resolve, 20));
		}
		const daemon = Number(/daemon:(\d+)/.exec(output)![1]);
		await pty.kill({graceMs: 500});
		const gone = async () => {
			try {
				process.kill(daemon, 0);
				return false;
			} catch {
				return true;
			}
		};
		const until = Date.now() + 5000;
		while (!(await gone())) {
			if (Date.now() > until) throw new Error(`detached helper ${daemon} survived the pane`);
			await new Promise(resolve => setTimeout(resolve, 25));
		}
	});
});
