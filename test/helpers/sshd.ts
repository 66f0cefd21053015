/**
 * A real OpenSSH server on 127.0.0.1 for end-to-end tests of the ssh client path. Keys, config and pid file live in
 * one temp dir; the client gets everything through -o options because ssh reads ~/.ssh from the passwd home, not $HOME.
 */
import {execFile, spawn, type ChildProcess} from 'node:child_process';
import {access, constants, mkdir, mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {descendantsOf} from './proc.js';
import {promisify} from 'node:util';

const execFileAsync = promisify(execFile);
// sshd re-executes itself for each connection and refuses to start from a relative path.
const sshdPath = '/usr/sbin/sshd';

export interface Sshd {
	host: '127.0.0.1';
	port: number;
	/** The temp dir holding keys and config; removed by stop(). Tests may put scripts here. */
	dir: string;
	/** The listening sshd; each connection's handler is a separate process (see stop()). */
	pid: number;
	/** `-o Key=Value` pairs, flattened for an argv: ['-o', 'Port=…', '-o', 'IdentityFile=…', …]. */
	sshOptions: string[];
	/** sshOptions followed by the host, ready for `ssh ...sshArgs() -- command`. */
	sshArgs(): string[];
	/** Kills the server and any sessions it still serves, then removes the temp dir. */
	stop(): Promise<void>;
}

/** Whether this machine can run startSshd (sshd at its absolute path, ssh and ssh-keygen on the PATH). */
export async function sshAvailable(): Promise<boolean> {
	const onPath = async (command: string) => execFileAsync('sh', ['-c', 'command -v "$1"', 'sh', command]).then(() => true, () => false);
	const sshd = await access(sshdPath, constants.X_OK).then(() => true, () => false);
	return sshd && (await onPath('ssh')) && (await onPath('ssh-keygen'));
}

export async function startSshd(): Promise<Sshd> {
	const dir = await mkdtemp(path.join(os.tmpdir(), 'agentgrid-sshd-'));
	try {
		// Privilege separation needs this directory; packages create it only when the system service starts.
		await mkdir('/run/sshd', {recursive: true, mode: 0o755});
		const hostKey = path.join(dir, 'host_ed25519');
		const clientKey = path.join(dir, 'client_ed25519');
		await Promise.all([hostKey, clientKey].map(file => execFileAsync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'agentgrid-test', '-f', file])));
		await writeFile(path.join(dir, 'authorized_keys'), await readFile(`${clientKey}.pub`), {mode: 0o600});
		// The free port can be taken between probing and sshd's bind, so a failed bind gets a few more ports.
		for (let attempt = 1; ; attempt++) {
			const port = await freePort();
			const config = path.join(dir, 'sshd_config');
			// No AcceptEnv and no Subsystem: a session gets only what the login sets up, and sftp stays off. StrictModes
			// would reject keys under the world-writable /tmp.
			const settings = ['ListenAddress 127.0.0.1', `Port ${port}`, `HostKey ${hostKey}`, `PidFile ${path.join(dir, 'sshd.pid')}`,
				`AuthorizedKeysFile ${path.join(dir, 'authorized_keys')}`, 'StrictModes no', 'UsePAM no', 'PermitRootLogin prohibit-password',
				'PasswordAuthentication no', 'KbdInteractiveAuthentication no', 'PermitUserEnvironment no', 'LogLevel ERROR'];
			await writeFile(config, `${settings.join('\n')}\n`, {mode: 0o600});
			const server = spawn(sshdPath, ['-D', '-e', '-f', config], {stdio: ['ignore', 'ignore', 'pipe']});
			let stderr = '';
			let ended: string | undefined;
			server.stderr!.setEncoding('utf8').on('data', (text: string) => (stderr += text));
			server.once('exit', (code, signal) => (ended = `sshd exited (${signal ?? `code ${code}`})`));
			server.once('error', error => (ended = `sshd failed to run: ${error.message}`));
			const failure = await waitForBanner(port, () => ended);
			if (failure === undefined) {
				return bind(server, dir, port, clientKey);
			}
			await killAndWait(server);
			if (!/Address already in use/.test(stderr) || attempt === 3) {
				throw new Error(`sshd did not start on 127.0.0.1:${port}: ${failure}\n${stderr.trim()}`);
			}
		}
	} catch (error) {
		await rm(dir, {recursive: true, force: true});
		throw error;
	}
}

function bind(server: ChildProcess, dir: string, port: number, clientKey: string): Sshd {
	const options = [`Port=${port}`, `IdentityFile=${clientKey}`, 'IdentitiesOnly=yes', 'UserKnownHostsFile=/dev/null', 'StrictHostKeyChecking=no', 'LogLevel=ERROR', 'BatchMode=yes', `User=${os.userInfo().username}`];
	const sshOptions = options.flatMap(option => ['-o', option]);
	// A test run that dies without stop() must not leave a server listening.
	const orphanGuard = () => signal(server.pid!, 'SIGKILL');
	process.once('exit', orphanGuard);
	let stopping: Promise<void> | undefined;
	return {
		host: '127.0.0.1',
		port,
		dir,
		pid: server.pid!,
		sshOptions,
		sshArgs: () => [...sshOptions, '127.0.0.1'],
		stop: () =>
			(stopping ??= (async () => {
				// Each connection's handler calls setsid() and outlives the listener, so a session still open when the
				// test ends (with the remote command under it) is found through the process tree before the listener goes.
				const sessions = server.pid === undefined ? [] : await descendantsOf(server.pid);
				process.off('exit', orphanGuard);
				await killAndWait(server);
				sessions.forEach(pid => signal(pid, 'SIGKILL'));
				await rm(dir, {recursive: true, force: true, maxRetries: 3});
			})()),
	};
}

async function freePort(): Promise<number> {
	const probe = net.createServer();
	await new Promise<void>((resolve, reject) => probe.once('error', reject).listen(0, '127.0.0.1', resolve));
	const {port} = probe.address() as net.AddressInfo;
	await new Promise(resolve => probe.close(resolve));
	return port;
}

/** Resolves with undefined once something on the port speaks SSH, or with a reason after 10 s. */
async function waitForBanner(port: number, ended: () => string | undefined): Promise<string | undefined> {
	let last = 'no connection';
	for (const deadline = Date.now() + 10_000; Date.now() < deadline && ended() === undefined; ) {
		last = await new Promise<string>(resolve => {
			const socket = net.connect(port, '127.0.0.1').setTimeout(1000, () => socket.destroy(new Error('no banner within 1 s')));
			socket.once('data', data => (socket.destroy(), resolve(data.toString('latin1'))));
			socket.once('error', error => resolve(error.message));
		});
		if (last.startsWith('SSH-')) {
			return undefined;
		}
		await new Promise(resolve => setTimeout(resolve, 50));
	}
	return ended() ?? `port never answered with an SSH banner (last: ${last})`;
}

/** Sends a signal unless the process is already gone. */
function signal(pid: number, name: NodeJS.Signals): void {
	try {
		process.kill(pid, name);
	} catch {}
}

async function killAndWait(child: ChildProcess): Promise<void> {
	if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
		const exited = new Promise(resolve => child.once('exit', resolve));
		signal(child.pid, 'SIGTERM');
		const timer = setTimeout(() => signal(child.pid!, 'SIGKILL'), 3000);
		await exited;
		clearTimeout(timer);
	}
}
