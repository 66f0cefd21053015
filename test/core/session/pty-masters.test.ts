import {spawn} from 'node:child_process';
import {chmod, readFile} from 'node:fs/promises';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterEach, describe, expect, it} from 'vitest';
import {spawnPty, type PtyProcess} from '../../../source/core/session/pty.js';
import {runTrustedShellCommand} from '../../../source/core/setup/run-shell-command.js';
import {git} from '../../../source/core/git/run-git.js';
import {createTempRepo} from '../../helpers/git-repo.js';
import {descendantsOf, ptyMastersHeldBy, running} from '../../helpers/proc.js';
import {baseEnv, OutputRecorder, waitFor} from './pty-helpers.js';

const ptyOwner = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/pty-owner.ts');
const started: PtyProcess[] = [];
const cleanups: Array<() => void> = [];

afterEach(async () => {
	for (const cleanup of cleanups.splice(0)) cleanup();
	await Promise.all(started.splice(0).map(async pty => pty.kill({graceMs: 200})));
});

function spawnShell(command: string): PtyProcess {
	const pty = spawnPty({file: '/bin/sh', args: ['-c', command], cwd: '/', env: baseEnv(), cols: 80, rows: 24});
	started.push(pty);
	return pty;
}

function killGroup(pid: number): void {
	try {
		process.kill(-pid, 'SIGKILL');
	} catch {
		// Already gone.
	}
}

describe.runIf(process.platform === 'linux')('pty masters', () => {
	it('are held by no pty program, setup command or descendant of either', async () => {
		spawnShell('sleep 100');
		spawnShell('sleep 101 & sleep 102 & wait');
		const abort = new AbortController();
		cleanups.push(() => abort.abort());
		const setup = runTrustedShellCommand('sleep 103 & wait', {cwd: '/', env: baseEnv(), signal: abort.signal});
		cleanups.push(() => void setup.catch(() => {}));
		// Two pty leaders, two shells' children and the setup shell with its child.
		await waitFor(async () => (await descendantsOf(process.pid)).length >= 6);
		// The check itself works: this process holds both masters.
		expect((await ptyMastersHeldBy(process.pid)).length).toBeGreaterThanOrEqual(2);
		const holders: string[] = [];
		for (const pid of await descendantsOf(process.pid)) {
			const masters = await ptyMastersHeldBy(pid);
			if (masters.length > 0) holders.push(`${pid} holds fds ${masters.join(',')}`);
		}
		expect(holders).toEqual([]);
	});

	it('are held by no git command, hook or daemon a hook leaves running', async () => {
		spawnShell('sleep 104');
		expect((await ptyMastersHeldBy(process.pid)).length).toBeGreaterThanOrEqual(1);
		const repo = await createTempRepo();
		cleanups.push(() => void repo.cleanup());
		// Like a credential cache daemon: started by something git runs, it outlives the command.
		const hook = path.join(repo.root, '.git', 'hooks', 'post-commit');
		await repo.write(hook, '#!/bin/sh\nls -l /proc/$$/fd > hook-fds\nsleep 105 </dev/null >/dev/null 2>&1 &\necho $! > daemon.pid\n');
		await chmod(hook, 0o755);
		await repo.write('file.txt', 'changed\n');
		await git(repo.root, ['add', 'file.txt']);
		await git(repo.root, ['commit', '--quiet', '-m', 'with a hook']);
		const daemon = Number(await readFile(path.join(repo.root, 'daemon.pid'), 'utf8'));
		cleanups.push(() => process.kill(daemon, 'SIGKILL'));
		expect(await running(daemon)).toBe(true);
		expect(await ptyMastersHeldBy(daemon)).toEqual([]);
		expect(await readFile(path.join(repo.root, 'hook-fds'), 'utf8')).not.toMatch(/ptmx/);
	});

	it('hang up when the process owning them is SIGKILLed, so its agents end with it', async () => {
		const owner = spawn(process.execPath, ['--import', 'tsx', ptyOwner], {stdio: ['ignore', 'pipe', 'inherit'], detached: true});
		cleanups.push(() => killGroup(owner.pid!));
		let output = '';
		owner.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
		await waitFor(() => output.includes('\n'));
		const {agents, setup} = JSON.parse(output) as {agents: number[]; setup: number};
		cleanups.push(() => killGroup(setup));
		for (const pid of agents) cleanups.push(() => killGroup(pid));
		expect(await running(agents[0]!)).toBe(true);
		expect(await running(agents[1]!)).toBe(true);
		owner.kill('SIGKILL');
		await waitFor(async () => !(await running(agents[0]!)) && !(await running(agents[1]!)), 5000)
			.catch(async () => {
				const alive = await Promise.all(agents.map(async pid => `${pid}:${await running(pid)}`));
				throw new Error(`agents still running after their owner was killed: ${alive.join(' ')}`);
			});
	});

	it('leave programs their exact environment and default signal handling', async () => {
		const env = {
			...baseEnv(),
			PS1: 'ready> ',
			SHELLOPTS: 'braceexpand',
			'dotted.name': 'kept',
			// Would stop a Node launcher that honoured it; the program must still receive it.
			NODE_OPTIONS: '--require /nonexistent/agentgrid-preload.js',
		};
		const printEnv = spawnPty({file: 'env', args: ['-0'], cwd: '/', env, cols: 200, rows: 24});
		started.push(printEnv);
		const printed = new OutputRecorder(printEnv);
		await printed.untilExit();
		const received = printed.text.split('\0').map(entry => entry.replace(/^\s+/, ''));
		for (const [name, value] of Object.entries(env)) {
			expect(received).toContain(`${name}=${value}`);
		}
		expect(received.filter(entry => entry.startsWith('AGENTGRID_LAUNCH_'))).toEqual([]);

		const status = spawnPty({file: 'grep', args: ['^SigIgn', '/proc/self/status'], cwd: '/', env: baseEnv(), cols: 80, rows: 24});
		started.push(status);
		const shown = new OutputRecorder(status);
		await shown.untilExit();
		expect(shown.text).toMatch(/SigIgn:\s+0+\s/);
	});

	it('leave a program its exact environment also when env(1) cannot carry it (a name that reads as an option)', async () => {
		const env = {...baseEnv(), '-dashed': 'kept', SHELLOPTS: 'braceexpand', NODE_OPTIONS: '--require /nonexistent/agentgrid-preload.js'};
		const printEnv = spawnPty({file: 'env', args: ['-0'], cwd: '/', env, cols: 200, rows: 24});
		started.push(printEnv);
		const printed = new OutputRecorder(printEnv);
		await printed.untilExit();
		const received = printed.text.split('\0').map(entry => entry.replace(/^\s+/, ''));
		for (const [name, value] of Object.entries(env)) {
			expect(received).toContain(`${name}=${value}`);
		}
	});

	it('report a program that cannot be started in one line', async () => {
		const pty = spawnPty({file: 'agentgrid-no-such-program', args: [], cwd: '/', env: baseEnv(), cols: 80, rows: 24});
		started.push(pty);
		const out = new OutputRecorder(pty);
		expect((await out.untilExit()).exitCode).not.toBe(0);
		expect(out.text.trim().split('\n')).toHaveLength(1);
		expect(out.text).toContain('agentgrid-no-such-program');
	});
});
