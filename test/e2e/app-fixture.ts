/**
 * A temporary repository plus user settings whose presets run the scripted fixtures, so end-to-end tests drive the
 * real built app exactly as a user would, without any real agent installed.
 */
import {mkdir, readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {createTempRepo, testIdentity, type TempRepo} from '../helpers/git-repo.js';
import {spawn} from 'node:child_process';
import {agentgridBin, OuterTerminal, projectRoot} from '../helpers/outer-terminal.js';
import {connect, request} from '../../source/server/connect.js';
import {listSockets} from '../../source/server/socket-path.js';
import {processesWithEnvironment, running} from '../helpers/proc.js';

export interface AppFixture {
	repo: TempRepo;
	configDir: string;
	env: Record<string, string>;
	start(options?: {cols?: number; rows?: number; args?: string[]; env?: Record<string, string>; kittyKeyboard?: boolean}): OuterTerminal;
	/** Runs an agentgrid command (no terminal) in the repository, as a script would. */
	cli(args: string[], options?: {timeoutMs?: number}): Promise<CliResult>;
	/** Stops the repository's server (SIGTERM, then SIGKILL), which a test's client may have left running. */
	stopServers(): Promise<void>;
}

/** One request to the server listening in a socket directory, through its socket as the CLI makes them. */
export async function requestServer(socketDir: string, command: string, args: Record<string, unknown>): Promise<unknown> {
	const [socketPath] = await listSockets(socketDir);
	if (socketPath === undefined) throw new Error(`no server socket in ${socketDir}`);
	const {channel} = await connect(socketPath);
	try {
		return await request(channel, command, args);
	} finally {
		channel.close('done');
	}
}

/** The pids of the servers listening in a socket directory. */
export async function serverPids(socketDir: string): Promise<number[]> {
	const pids: number[] = [];
	for (const socketPath of await listSockets(socketDir)) {
		try {
			const {channel, welcome} = await connect(socketPath);
			channel.close('done');
			pids.push(welcome.pid);
		} catch {
			// stale or stopping
		}
	}
	return pids;
}

/**
 * Stops every server of `socketDir`, also one that is stopping (it no longer says hello) and would otherwise be left
 * behind if its shutdown hung: those are found by their title and environment.
 */
export async function stopServers(socketDir: string): Promise<void> {
	const stopping = await processesWithEnvironment(`AGENTGRID_SOCKET_DIR=${socketDir}`);
	const titled = await Promise.all(stopping.map(async pid => ((await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).startsWith('agentgrid server') ? [pid] : [])));
	for (const pid of new Set([...await serverPids(socketDir), ...titled.flat()])) {
		signal(pid, 'SIGTERM');
		for (let i = 0; i < 100 && (await running(pid)); i++) await new Promise(resolve => setTimeout(resolve, 50));
		signal(pid, 'SIGKILL');
	}
}

/** A stopped server whose parent never reaps it stays a zombie: that is not alive. */
export {running as alive} from '../helpers/proc.js';

function signal(pid: number, name: NodeJS.Signals): void {
	try {
		process.kill(pid, name);
	} catch {
		// already gone
	}
}

export interface CliResult {
	code: number | null;
	stdout: string;
	stderr: string;
}

export function runAgentgrid(cwd: string, env: Record<string, string>, args: string[], timeoutMs = 30_000): Promise<CliResult> {
	return new Promise(resolve => {
		const child = spawn(process.execPath, [agentgridBin, ...args], {cwd, env: {...process.env, ...env}, stdio: ['ignore', 'pipe', 'pipe']});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
		child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
		const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
		child.on('close', code => {
			clearTimeout(timer);
			resolve({code, stdout, stderr});
		});
	});
}

export async function createAppFixture(settings: Record<string, unknown> = {}): Promise<AppFixture> {
	const repo = await createTempRepo({files: {'README.md': '# demo\n', 'src/app.txt': 'app\n'}});
	const configDir = path.join(repo.dir, 'config');
	await mkdir(configDir, {recursive: true});
	const fixture = (name: string) => path.join(projectRoot, 'test/fixtures', name);
	await writeFile(
		path.join(configDir, 'config.json'),
		JSON.stringify({
			defaultAgent: 'fake',
			presets: {
				fake: {command: process.execPath, args: [path.join(projectRoot, 'demo/fake-agent.mjs'), '--work-ms', '300'], promptMode: 'argument', resumeArgs: ['--continue'], statusPatterns: {busy: ['esc to interrupt'], waiting: ['Do you want to proceed\\?'], idle: ['\\? for shortcuts']}},
				sample: {command: process.execPath, args: [fixture('sample-screen.mjs')], promptMode: 'none'},
			},
			...settings,
		}),
	);
	const env: Record<string, string> = {
		AGENTGRID_CONFIG_DIR: configDir,
		// Each test's server has a socket and a log of its own, and is stopped with the repository.
		AGENTGRID_SOCKET_DIR: path.join(repo.dir, 'sockets'),
		XDG_STATE_HOME: path.join(repo.dir, 'state'),
		SHELL: '/bin/sh',
		...testIdentity,
		PS1: '$ ',
	};
	const stop = () => stopServers(env.AGENTGRID_SOCKET_DIR);
	return {
		repo: {...repo, cleanup: async () => {
			await stop();
			await repo.cleanup();
		}},
		stopServers: stop,
		cli: (args, options) => runAgentgrid(repo.root, env, args, options?.timeoutMs),
		configDir,
		env,
		start: (options = {}) => new OuterTerminal({cwd: repo.root, env: {...env, ...options.env}, cols: options.cols ?? 160, rows: options.rows ?? 45, args: options.args, kittyKeyboard: options.kittyKeyboard}),
	};
}

export const prefixKey = '\u001C';

export const statusLine = (term: OuterTerminal): string => term.lines()[term.term.rows - 1];

/** Spawns a session through the spawn screen as a user would; leaves the new pane focused in pane mode. */
export async function spawnSession(term: OuterTerminal, task: string, agentLabel?: string): Promise<void> {
	await term.waitFor(() => statusLine(term).includes('GRID'));
	term.write('n');
	await term.waitFor('New session');
	term.write(task);
	await term.waitFor(task);
	if (agentLabel) {
		term.write('\t\t');
		const highlighted = () => term.lines().find(line => line.includes('❯ '))?.split('❯ ')[1]?.trim() ?? '';
		// The list shows its pointer before the tabs took effect too: the field's own marker says they did.
		await term.waitFor(screen => screen.split('\n').some(line => line.includes('› Agent')) && highlighted() !== '');
		// One step at a time: wait for the highlight to move before pressing again.
		for (let i = 0; i < 12 && !highlighted().startsWith(agentLabel); i++) {
			const before = highlighted();
			term.write('\u001B[B');
			await term.waitFor(() => highlighted() !== before);
		}
		await term.waitFor(`❯ ${agentLabel}`);
	}
	term.write('\r');
	await term.waitFor(screen => !screen.includes('New session') && statusLine(term).includes('PANE'));
}

/** From pane mode back to grid mode. */
export async function toGrid(term: OuterTerminal): Promise<void> {
	term.write(`${prefixKey}g`);
	await term.waitFor(() => statusLine(term).includes('GRID'));
}
