/**
 * The client side of the socket: connect to a repository's server, starting it first when none runs (as
 * `tmux new -d` does), and make requests. Loaded by the attach client and the CLI, so it stays free of the UI.
 */
import {mkdir, open, readFile, unlink} from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {AgentgridError} from '../core/errors.js';
import {locateRepository} from '../core/git/locate-repository.js';
import {packageRoot} from '../package-root.js';
import {version} from '../version.js';
import {Channel} from './channel.js';
import {serverLaunchEnvironment} from './launch-environment.js';
import {protocolVersion, type ClientMessage, type ErrorPayload, type ServerMessage} from './protocol.js';
import {ensureSocketDirectory, socketDirectory, socketPathFor} from './socket-path.js';

export type ClientChannel = Channel<ServerMessage, ClientMessage>;

export class RemoteError extends AgentgridError {
	constructor(payload: ErrorPayload) {
		super(payload.code, payload.message, payload.hint);
	}
}

/** True when a server answers on `socketPath`; a stale socket file left by a killed server is removed. */
export async function probeSocket(socketPath: string): Promise<boolean> {
	const socket = await connectSocket(socketPath).catch((error: NodeJS.ErrnoException) => error);
	if (socket instanceof net.Socket) {
		socket.destroy();
		return true;
	}
	if (socket.code === 'ECONNREFUSED') await unlink(socketPath).catch(() => {});
	return false;
}

export function connectSocket(socketPath: string): Promise<net.Socket> {
	return new Promise((resolve, reject) => {
		const socket = net.connect(socketPath);
		socket.once('connect', () => {
			socket.off('error', reject);
			resolve(socket);
		});
		socket.once('error', reject);
	});
}

export interface ServerAddress {
	socketPath: string;
	repoRoot: string;
	commonDir: string;
}

/**
 * Which server serves the repository at `cwd`. The repository's files say it on the common path (attaching is mostly
 * this); anything else asks git, and anything unusual (not a repository, a bare one) gets the full check and its
 * specific error. The server checks the rest (git version) when it starts.
 */
export async function serverAddress(cwd: string, env: NodeJS.ProcessEnv): Promise<ServerAddress> {
	const directory = ensureSocketDirectory(socketDirectory(env));
	// Awaited below; a wrong directory is the likelier mistake and is reported first.
	directory.catch(() => {});
	const repo = await locateRepository(cwd, env) ?? await askGit(cwd);
	return {socketPath: await socketPathFor(await directory, repo.commonDir), repoRoot: repo.root, commonDir: repo.commonDir};
}

/** The repository as git sees it; loaded only when needed, as git's library costs an attach more than the rest. */
async function askGit(cwd: string): Promise<{commonDir: string; root: string}> {
	const [{runGit}, {openRepository}] = await Promise.all([import('../core/git/run-git.js'), import('../core/git/repository.js')]);
	const probe = await runGit(['rev-parse', '--path-format=absolute', '--git-common-dir', '--show-toplevel', '--is-bare-repository', 'HEAD'], {cwd, okExitCodes: [0, 128]}).catch(() => undefined);
	// HEAD resolves only once there is a commit: a repository without one takes the full check's specific error.
	const [commonDir = '', root = '', bare] = probe?.exitCode === 0 ? probe.stdout.split('\n') : [];
	return commonDir !== '' && root !== '' && bare === 'false' ? {commonDir, root} : openRepository(cwd);
}

/**
 * Connects and says hello; rejects with the server's own words when it refuses (another protocol version). `signal`
 * gives up waiting for the answer (the connection is closed, as it is when no answer comes).
 */
export async function connect(socketPath: string, signal?: AbortSignal): Promise<{channel: ClientChannel; welcome: Extract<ServerMessage, {type: 'welcome'}>}> {
	const socket = await connectSocket(socketPath);
	const channel: ClientChannel = new Channel({input: socket, output: socket, destroy: () => socket.destroy()});
	const stopWatching = channel.closeOnAbort(signal);
	try {
		const welcome = await greet(channel).catch((error: unknown) => {
			// A server that never answers must not keep this process alive through its open connection.
			channel.close('no answer');
			if (error instanceof AgentgridError) throw error;
			// Accepted, then closed unanswered: the server was on its way out (its socket goes last).
			throw new AgentgridError('server-gone', `The agentgrid server closed the connection before answering (${error instanceof Error ? error.message : String(error)}).`);
		});
		return {channel, welcome};
	} finally {
		stopWatching();
	}
}

export async function greet(channel: ClientChannel): Promise<Extract<ServerMessage, {type: 'welcome'}>> {
	const answer = channel.next((message): message is Extract<ServerMessage, {type: 'welcome' | 'error'}> => message.type === 'welcome' || message.type === 'error', 10_000);
	channel.send({type: 'hello', version: protocolVersion, agentgrid: version});
	const {message} = await answer;
	if (message.type === 'error') throw new RemoteError(message.error);
	return message;
}

export function logFileFor(socketPath: string, env: NodeJS.ProcessEnv): string {
	const state = env.XDG_STATE_HOME || path.join(os.homedir(), '.local', 'state');
	return path.join(state, 'agentgrid', `${path.basename(socketPath, '.sock')}.log`);
}

export const agentgridBin = path.join(packageRoot, 'bin', 'agentgrid.js');

export interface StartOptions {
	/** The size of the terminal about to attach, so the server lays the grid out for it from the start. */
	size?: {cols: number; rows: number};
	/** Gives up connecting: no retry, no server started after it. */
	signal?: AbortSignal;
}

/** Starts the repository's server in its own session (setsid), detached from this terminal; resolves once it listens. */
export async function startServer(address: ServerAddress, env: NodeJS.ProcessEnv, options: StartOptions = {}): Promise<void> {
	const log = logFileFor(address.socketPath, env);
	await mkdir(path.dirname(log), {recursive: true, mode: 0o700});
	// Loaded here, not with the module: an attach to a running server never starts a process.
	const [{spawn}, logFile] = await Promise.all([import('node:child_process'), open(log, 'a', 0o600)]);
	const size = options.size ? ['--size', `${options.size.cols}x${options.size.rows}`] : [];
	// The server gives memory back itself once it goes quiet (core/idle-reclaim.ts), in place of V8's later memory reducer.
	const child = spawn(process.execPath, ['--no-memory-reducer', agentgridBin, 'server', ...size], {
		cwd: address.repoRoot,
		env: serverLaunchEnvironment(env, 3),
		detached: true,
		stdio: ['ignore', logFile.fd, logFile.fd, 'pipe'],
	});
	await logFile.close();
	const ready = child.stdio[3] as NodeJS.ReadableStream;
	const said = await new Promise<string>(resolve => {
		let text = '';
		ready.setEncoding('utf8');
		ready.on('data', (chunk: string) => {
			text += chunk;
			if (text.includes('\n')) resolve(text);
		});
		ready.on('end', () => resolve(text));
		child.once('exit', () => resolve(text));
		child.once('error', error => resolve(`error ${JSON.stringify({code: 'server-start', message: error.message})}\n`));
	});
	(ready as unknown as {destroy(): void}).destroy();
	child.unref();
	if (said.startsWith('ready')) return;
	if (said.startsWith('error ')) throw new RemoteError(JSON.parse(said.slice(6)) as ErrorPayload);
	const tail = (await readFile(log, 'utf8').catch(() => '')).split('\n').slice(-8).join('\n');
	throw new AgentgridError('server-start', 'The agentgrid server did not start.', `Its log (${log}) ends with:\n${tail}`);
}

/** Starts the repository's server unless one answers on its socket. */
export async function ensureServer(address: ServerAddress, env: NodeJS.ProcessEnv, options: StartOptions = {}): Promise<void> {
	if (await probeSocket(address.socketPath)) return;
	try {
		await startServer(address, env, options);
	} catch (error) {
		// Two clients may start a server at once; the loser finds the winner's.
		if (!(error instanceof AgentgridError && error.code === 'server-running')) throw error;
	}
}

/**
 * Connects to the repository's server, starting it first if none runs. A server that is stopping (quit, kill-server)
 * still holds its socket while its agents end: the client waits for it to go, then starts a new one.
 */
export async function connectOrStart(address: ServerAddress, env: NodeJS.ProcessEnv, options: StartOptions = {}): Promise<Awaited<ReturnType<typeof connect>>> {
	const deadline = Date.now() + 15_000;
	let started = false;
	for (;;) {
		// Connecting first, rather than probing first, saves an attach to a running server a round trip.
		try {
			return await connect(address.socketPath, options.signal);
		} catch (error) {
			if (options.signal?.aborted) throw error;
			if (leaving(error)) {
				if (Date.now() > deadline) throw error;
				while (await probeSocket(address.socketPath) && Date.now() <= deadline) await new Promise(resolve => setTimeout(resolve, 50));
				started = false;
			} else if (error instanceof AgentgridError) {
				throw error;
			} else if (started) {
				throw new AgentgridError('server-start', `The agentgrid server started but does not answer on ${address.socketPath} (${(error as Error).message}).`);
			} else {
				// Nothing answers (no socket, or a killed server's): ensureServer removes a stale one and starts the server.
				await ensureServer(address, env, options);
				started = true;
			}
		}
	}
}

/** The server said it is stopping, or went away between accepting the connection and answering it. */
function leaving(error: unknown): boolean {
	if (error instanceof AgentgridError) return error.code === 'server-stopping' || error.code === 'server-gone';
	const code = (error as NodeJS.ErrnoException).code;
	return code === 'ECONNRESET' || code === 'EPIPE';
}

let nextId = 1;

/** One request: progress lines go to `onEvent`; resolves with the result or rejects with the server's error. */
export async function request(channel: ClientChannel, command: string, args: Record<string, unknown>, onEvent: (text: string) => void = () => {}): Promise<unknown> {
	const id = nextId++;
	const off = channel.onMessage(({message}) => {
		if (message.type === 'event' && message.id === id) onEvent(message.text);
	});
	try {
		const answer = channel.next((message): message is Extract<ServerMessage, {type: 'response'}> => message.type === 'response' && message.id === id);
		channel.send({type: 'request', id, command, args});
		const {message} = await answer;
		if (!message.ok) throw new RemoteError(message.error);
		return message.result;
	} finally {
		off();
	}
}
