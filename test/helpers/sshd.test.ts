/**
 * The real sshd helper: a client connects with only the returned options, remote commands keep their quoting, the
 * server is reachable on 127.0.0.1 alone, and stop() leaves nothing running.
 */
import {execFile, spawn} from 'node:child_process';
import {access, chmod, readdir, readFile, writeFile} from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {sshAvailable, startSshd, type Sshd} from './sshd.js';

const execFileAsync = promisify(execFile);
// The process checks read /proc, so the suite is Linux-only; the reason for a skip goes into the suite's name.
const skipReason = os.platform() !== 'linux' ? 'needs Linux' : (await sshAvailable()) ? undefined : 'needs /usr/sbin/sshd, ssh and ssh-keygen (.ci/run installs them)';
if (skipReason) {
	console.warn(`sshd helper tests skipped: ${skipReason}`);
}

/** Quotes one word for the remote shell, which joins ssh's command arguments with spaces and reparses them. */
const quote = (word: string): string => `'${word.replaceAll("'", '\'\\\'\'')}'`;

async function ssh(server: Sshd, ...command: string[]): Promise<string> {
	const {stdout} = await execFileAsync('ssh', [...server.sshArgs(), '--', ...command], {timeout: 20_000});
	return stdout;
}

/** Live (not zombie) according to /proc, or to signal 0 where there is no /proc. */
async function alive(pid: number): Promise<boolean> {
	const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
	if (stat !== undefined) {
		return !/^[ZX]/.test(stat.slice(stat.lastIndexOf(')') + 2));
	}
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

function connects(host: string, port: number): Promise<boolean> {
	return new Promise(resolve => {
		const socket = net.connect({host, port, timeout: 2000});
		socket.once('connect', () => (socket.destroy(), resolve(true)));
		socket.once('error', () => resolve(false));
		socket.once('timeout', () => (socket.destroy(), resolve(false)));
	});
}

describe.skipIf(skipReason !== undefined)(skipReason ? `startSshd (skipped: ${skipReason})` : 'startSshd', () => {
	let server: Sshd;

	beforeAll(async () => {
		const started = performance.now();
		server = await startSshd();
		console.info(`startSshd took ${Math.round(performance.now() - started)} ms (port ${server.port})`);
	});
	afterAll(async () => server?.stop());

	it('runs a remote command with the returned options and no prompt', async () => {
		expect(server.sshOptions).toContain(`User=${os.userInfo().username}`);
		expect(await ssh(server, 'printf', 'ok')).toBe('ok');
	});

	it('keeps quoted arguments intact and sees the environment a wrapper script sets', async () => {
		expect(await ssh(server, ['printf', '%s', 'a b'].map(quote).join(' '))).toBe('a b');
		const wrapper = path.join(server.dir, 'wrap.sh');
		await writeFile(wrapper, "#!/bin/sh\nAGENTGRID_PROBE='x y'; export AGENTGRID_PROBE\nexec \"$@\"\n");
		await chmod(wrapper, 0o755);
		const command = [wrapper, 'sh', '-c', 'printf "%s|%s" "$AGENTGRID_PROBE" "$1"', 'sh', "it's a b"];
		expect(await ssh(server, command.map(quote).join(' '))).toBe("x y|it's a b");
	});

	it('listens on 127.0.0.1 only', async () => {
		const portHex = server.port.toString(16).toUpperCase().padStart(4, '0');
		const listening: string[] = [];
		for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
			for (const line of (await readFile(table, 'utf8').catch(() => '')).split('\n').slice(1)) {
				const [, local, , state] = line.trim().split(/\s+/);
				if (state === '0A' && local?.endsWith(`:${portHex}`)) {
					listening.push(local);
				}
			}
		}
		expect(listening).toEqual([`0100007F:${portHex}`]);
		expect(await connects('127.0.0.1', server.port)).toBe(true);
		const others = Object.values(os.networkInterfaces()).flat().filter(entry => entry && entry.family === 'IPv4' && !entry.internal);
		// Linux routes all of 127/8 to loopback, so 127.0.0.2 is a second local address on any machine.
		for (const address of [...(os.platform() === 'linux' ? ['127.0.0.2'] : []), ...others.map(entry => entry!.address)]) {
			expect(await connects(address, server.port), address).toBe(false);
		}
	});

	it('stop() ends the server, open sessions and their commands, and removes the temp dir', async () => {
		const other = await startSshd();
		// An unusual duration marks the remote command so it can be found in /proc (no procps on a bare Debian).
		const duration = String(3000 + (process.pid % 1000));
		const client = spawn('ssh', [...other.sshArgs(), '--', `exec sleep ${duration}`], {stdio: 'ignore'});
		const clientExited = new Promise(resolve => client.once('exit', resolve));
		const running = async () => {
			const found: number[] = [];
			for (const pid of (await readdir('/proc')).filter(name => /^\d+$/.test(name))) {
				const argv = (await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).split('\0');
				if (argv[0]?.endsWith('sleep') && argv[1] === duration && (await alive(Number(pid)))) {
					found.push(Number(pid));
				}
			}
			return found;
		};
		let remote: number[] = [];
		try {
			for (let tries = 0; tries < 100 && remote.length === 0; tries++) {
				await new Promise(resolve => setTimeout(resolve, 100));
				remote = await running();
			}
			expect(remote).toHaveLength(1);

			await other.stop();
			expect(await alive(other.pid)).toBe(false);
			expect(await alive(remote[0]!)).toBe(false);
			await expect(access(other.dir)).rejects.toThrow();
			await clientExited;
			expect(await connects('127.0.0.1', other.port)).toBe(false);
		} finally {
			// A failed assertion must not leave the client or the remote command running for the rest of the suite.
			client.kill('SIGKILL');
			await other.stop();
			for (const pid of await running()) {
				process.kill(pid, 'SIGKILL');
			}
		}
	}, 30_000);
});
