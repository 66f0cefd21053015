/**
 * The session server: one per repository, detached from every terminal. It owns the workspace (agents in their ptys
 * and headless terminals) and the grid app, listens on the repository's socket, lets one client at a time attach
 * and answers the CLI's requests. It ends only when told to: `q` then "stop all", `agentgrid kill-server`, SIGTERM.
 */
import net from 'node:net';
import {isDemo} from '../demo/demo-marker.js';
import {chmod, unlink} from 'node:fs/promises';
import process from 'node:process';
import {AgentgridError, isAgentgridError} from '../core/errors.js';
import {detectInstalled, resolvePresets} from '../core/session/presets.js';
import {AgentWorkspace} from '../core/workspace/workspace.js';
import type {ListedSession} from '../core/workspace/types.js';
import {TestResultStore, testResultsFile} from '../core/workflow/test-results.js';
import {TestRunner} from '../core/workflow/test-runner.js';
import {defaultPrices} from '../core/usage/prices.js';
import {UsageTracker} from '../core/usage/usage-tracker.js';
import {sweepScratchDirs} from '../core/git/scratch-dir.js';
import {openWorkspace, type Workspace} from '../commands/workspace.js';
import type {CommandContext} from '../commands/types.js';
import {version} from '../version.js';
import {startGridApp} from '../ui/grid-app.js';
import {Channel} from './channel.js';
import {ClientHost, type ServerChannel} from './client-host.js';
import {handlers, type ControlContext} from './control.js';
import {encodeMessage, protocolVersion, type ClientMessage, type ErrorPayload, type ServerMessage} from './protocol.js';
import {ensureSocketDirectory, socketDirectory, socketPathFor} from './socket-path.js';
import {agentgridBin, probeSocket} from './connect.js';
import {startIdleReclaim} from '../core/idle-reclaim.js';
import {buildKeymap} from '../ui/keymap/keymap.js';
import {keyFor} from '../ui/keymap/present.js';

export interface ServerHandle {
	socketPath: string;
	/** Resolves when the server has stopped every agent and closed its socket. */
	stopped: Promise<void>;
}

export function errorPayload(error: unknown): ErrorPayload {
	if (isAgentgridError(error)) return {code: error.code, message: error.message, hint: error.hint};
	return {code: 'internal', message: error instanceof Error ? error.message : String(error)};
}

export interface RunServerOptions {
	/** The repository already being opened, when the caller started that early. */
	opening?: Promise<Workspace>;
	/** Its sessions already being listed (counted or not), when the caller started that early too. */
	listing?: Promise<ListedSession[]>;
	/** The size of the terminal that will attach first (the one that started the server). */
	size?: {cols: number; rows: number};
}

export async function runServer(context: CommandContext, options: RunServerOptions = {}): Promise<ServerHandle> {
	const repo = await (options.opening ?? openWorkspace(context));
	const socketPath = await socketPathFor(await ensureSocketDirectory(socketDirectory(context.env)), repo.repo.commonDir);
	// Claim the socket first: of two servers started at once (a client and a script), the second learns it lost
	// before it starts anything. Connections wait until the grid is up.
	let served: (serve: (socket: net.Socket) => void) => void = () => {};
	const serving = new Promise<(socket: net.Socket) => void>(resolve => {
		served = resolve;
	});
	const listener = net.createServer(socket => void serving.then(serve => serve(socket)));
	await listenOn(listener, socketPath, repo.repo.root);
	try {
		return await startServing(listener, served, {context, repo, socketPath, size: options.size, listing: options.listing});
	} catch (error) {
		// A server that claimed the socket but cannot serve must not leave clients waiting on it.
		served(socket => socket.end(encodeMessage({type: 'error', error: errorPayload(error)})));
		listener.close();
		await unlink(socketPath).catch(() => {});
		throw error;
	}
}

async function startServing(listener: net.Server, served: (serve: (socket: net.Socket) => void) => void, {context, repo, socketPath, size, listing}: {context: CommandContext; repo: Workspace; socketPath: string; size: RunServerOptions['size']; listing: RunServerOptions['listing']}): Promise<ServerHandle> {
	const {user} = repo;
	const presets = resolvePresets(context.env, user.presets, repo.trust === 'trusted' ? repo.repository.data.presets : undefined);
	// Neither needs the other, and the first frame waits for both.
	const finding = detectInstalled(context.env, [...presets.values()]);
	const host = new ClientHost({fallbackColors: user.fallbackColors, underlineStyles: user.underlineStyles, colors: user.colors, size});
	const workspace = new AgentWorkspace({
		repo: repo.repo,
		worktrees: repo.worktrees,
		repository: repo.repository,
		trust: repo.trust,
		slots: repo.slots,
		presets,
		defaultAgent: user.defaultAgent,
		taskFile: user.taskFile,
		scrollback: user.scrollback,
		env: context.env,
		colors: host.colors(),
		version,
		setupTimeoutMs: user.setupTimeout * 1000,
		hooks: {argv: [process.execPath, agentgridBin, 'hook'], socket: socketPath},
		outputLogBytes: Math.floor(user.outputLogSize * 1024 * 1024),
		onLogError: (slug, error) => process.stderr.write(`${new Date().toISOString()} the output log of ${slug} failed: ${errorPayload(error).message}\n`),
	});
	host.onColors(colors => workspace.setColors(colors));
	const [found] = await Promise.all([finding, (async () => workspace.load(await listing))()]);
	const usage = new UsageTracker({env: context.env, prices: {...defaultPrices, ...user.prices}, onChange: (id, summary) => workspace.setUsage(id, summary)});
	const followUsage = () => {
		const ids = new Set(workspace.entries().map(entry => entry.id));
		for (const entry of workspace.entries()) usage.track(entry.id, entry.worktree);
		usage.retain(ids);
	};
	followUsage();
	workspace.subscribe(event => {
		if (event.type === 'entries') followUsage();
		else if (event.type === 'output') usage.activity(event.id);
	});
	usage.start();
	const reclaim = startIdleReclaim();
	host.onInput(() => reclaim?.noteInput());
	// Scratch directories of servers and commands that were killed before they could remove them.
	void sweepScratchDirs().catch(() => {});

	let resolveStopped: () => void = () => {};
	const stopped = new Promise<void>(resolve => {
		resolveStopped = resolve;
	});
	let stopping = false;
	const shutdown = (reason: string) => {
		if (stopping) return;
		stopping = true;
		void (async () => {
			// The client is told before the process ends, after the last frame reached a terminal this server holds.
			const detached = host.detach(reason, true);
			usage.stop();
			reclaim?.stop();
			await workspace.stopAll().catch(() => {});
			app.dispose();
			listener.close();
			await unlink(socketPath).catch(() => {});
			await detached;
			resolveStopped();
		})();
	};

	const tests = new TestRunner({
		repoRoot: repo.repo.root,
		gitCommonDir: repo.repo.commonDir,
		repository: repo.repository,
		trust: repo.trust,
		env: context.env,
		results: new TestResultStore(testResultsFile(repo.repo.commonDir)),
		scrollback: user.scrollback,
		// Read at each run: the attached terminal's colours, as the agents get them.
		get colors() {
			return host.colors();
		},
		version,
		onRecordError: error => process.stderr.write(`${new Date().toISOString()} a test result could not be saved: ${errorPayload(error).message}\n`),
	});
	const demo = await isDemo(repo.repo.commonDir);
	const app = startGridApp({host, repo, workspace, presets, installed: found, env: context.env, tests, demo, onQuit: () => shutdown('agentgrid stopped every agent and quit')});
	const control: ControlContext = {
		repoRoot: repo.repo.root,
		workspace,
		worktrees: repo.worktrees,
		slots: repo.slots,
		tests,
		taskFile: user.taskFile,
		defaultAgent: user.defaultAgent,
		defaultBase: user.baseBranch || repo.repo.defaultBase,
		paneSize: () => app.paneSize(),
		focus: id => app.focus(id),
		attached: () => host.attached,
		shutdown,
		pid: process.pid,
		version,
		reclaims: () => reclaim?.stats(),
		// The grid app has already refused bindings that do not build.
		restartKey: keyFor(buildKeymap({prefix: user.prefixKey, overrides: user.keybindings}), 'session.restart'),
	};

	served(socket => serveConnection(new Channel<ClientMessage, ServerMessage>({input: socket, output: socket, destroy: () => socket.destroy()}), {host, control, root: repo.repo.root, stopping: () => stopping}));
	// The grid went up without the counts an inventory lacks; they follow, each session's on its own.
	void workspace.countChanges();
	for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => shutdown(`the server received ${signal}`));
	// The server has no terminal; a hangup from whoever started it means nothing here.
	process.on('SIGHUP', () => {});
	// A stray failure must not take every agent down with the server: it is logged, and the server goes on.
	process.on('unhandledRejection', reason => process.stderr.write(`${new Date().toISOString()} unhandled rejection: ${reason instanceof Error ? reason.stack : String(reason)}\n`));
	return {socketPath, stopped};
}

async function listenOn(listener: net.Server, socketPath: string, root: string): Promise<void> {
	const attempt = () => new Promise<void>((resolve, reject) => {
		listener.once('error', reject);
		listener.listen(socketPath, () => {
			listener.off('error', reject);
			resolve();
		});
	});
	// Nobody else may connect, not even between listen() and chmod().
	const umask = process.umask(0o177);
	try {
		await attempt();
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
		if (await probeSocket(socketPath)) {
			throw new AgentgridError('server-running', `A server for ${root} is already running (${socketPath}).`, "Attach with 'agentgrid', or stop it with 'agentgrid kill-server'.");
		}
		// probeSocket removed the stale socket of a server that was killed.
		await attempt();
	} finally {
		process.umask(umask);
	}
	await chmod(socketPath, 0o600);
}

function serveConnection(channel: ServerChannel, server: {host: ClientHost; control: ControlContext; root: string; stopping: () => boolean}): void {
	let greeted = false;
	channel.onMessage(({message}) => {
		if (!greeted) {
			if (message.type !== 'hello') {
				channel.end({type: 'error', error: {code: 'protocol', message: 'The first message must be hello.'}});
				return;
			}
			if (message.version !== protocolVersion) {
				channel.end({type: 'error', error: {
					code: 'protocol-version',
					message: `The running server (agentgrid ${version}) speaks protocol ${protocolVersion}; this agentgrid (${message.agentgrid}) speaks ${message.version}.`,
					hint: "Restart the server with the new version: 'agentgrid kill-server', then 'agentgrid'.",
				}});
				return;
			}
			// The socket stays until the agents are stopped, so no second server starts beside them; a client that
			// comes meanwhile is told to wait for this one to go.
			if (server.stopping()) {
				channel.end({type: 'error', error: {code: 'server-stopping', message: 'The agentgrid server of this repository is stopping.'}});
				return;
			}
			greeted = true;
			channel.send({type: 'welcome', version: protocolVersion, agentgrid: version, pid: process.pid, repo: server.root, directTerminal: true});
			return;
		}
		if (message.type === 'attach') {
			server.host.attach(channel, message);
			return;
		}
		if (message.type === 'request') {
			const handler = Object.hasOwn(handlers, message.command) ? handlers[message.command] : undefined;
			if (!handler) {
				channel.send({type: 'response', id: message.id, ok: false, error: {code: 'unknown-command', message: `The server knows no command "${message.command}".`}});
				return;
			}
			const args = typeof message.args === 'object' && message.args !== null ? message.args : {};
			handler(args, server.control, text => channel.send({type: 'event', id: message.id, text})).then(
				result => channel.send({type: 'response', id: message.id, ok: true, result}),
				(error: unknown) => channel.send({type: 'response', id: message.id, ok: false, error: errorPayload(error)}),
			);
		}
	});
}
