import {mkdir, mkdtemp, realpath, rm, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {loadRepositorySettings} from '../core/config/repository-settings.js';
import {repositorySettingsFileName} from '../core/config/repository-settings-schema.js';
import {runGit} from '../core/git/run-git.js';
import {demoFiles, demoScriptFile, demoTasks} from '../demo/demo-project.js';
import {markDemo} from '../demo/demo-marker.js';
import {setTimeout as delay} from 'node:timers/promises';
import {probeSocket, serverAddress} from '../server/connect.js';
import {packageRoot} from '../package-root.js';
import {attachCommand, requireScreenTerminal} from './attach.js';
import {noPositionals, parseArgs, type OptionSpec} from './parse-args.js';
import {askServer} from './server-request.js';
import type {Command, CommandContext} from './types.js';
import {openUserSettings, trustStoreFor} from './workspace.js';

const usage = `Usage:
  agentgrid demo [--keep]

Makes a temporary repository with a small project (its tests run with node --test) and starts four demo agents
in their own worktrees: one asks a question and waits, one finishes with passing tests, and two change the same
function, so the radar flags them and merging both gives a conflict to hand back. The status bar says what to try
next. No agent needs to be installed.

When you leave the grid, the demo stops its agents and removes everything it made.

  --keep   keep the repository, its worktrees and the server (it says where they are)
`;

const demoOptions: OptionSpec = {flags: ['keep']};

export const demoCommand: Command = {
	name: 'demo',
	summary: 'try agentgrid on a temporary project with scripted demo agents',
	usage,
	options: demoOptions,
	async run(args, context) {
		const parsed = parseArgs(args, demoOptions, usage);
		noPositionals(parsed, usage, 'demo');
		const keep = parsed.flags.has('keep');
		requireScreenTerminal(context.env);
		const directory = await realpath(await mkdtemp(path.join(os.tmpdir(), 'agentgrid-demo-')));
		const repo = path.join(directory, 'tiny-shop');
		const demoContext: CommandContext = {...context, cwd: repo};
		// One clean-up, whichever path asks for it (the end, a failure in it, an interruption).
		let cleaning: Promise<void> | undefined;
		const cleanUp = () => cleaning ??= (async () => {
			if (keep) return;
			await askServer(demoContext, 'kill-server', {force: true}, {start: false}).catch(() => undefined);
			await serverGone(demoContext);
			await untrust(context, repo).catch(() => undefined);
			await rm(directory, {recursive: true, force: true, maxRetries: 3});
		})();
		// Interrupted while it sets up, the demo still leaves nothing behind: the step in flight (it may be starting the
		// server) ends, no other starts, and then everything goes; however many signals come, they only say so. Once attached, the attach client handles the signals,
		// and after it the clean-up must not be cut short: a closed terminal can send SIGHUP more than once (the
		// kernel's hangup, then the terminal's own), so this handler stays in place from here to the end.
		let interrupted = false;
		let attached = false;
		const step = () => {
			if (interrupted) throw new DemoInterrupted();
		};
		const onSignal = () => {
			if (!attached) interrupted = true;
		};
		// What the clean-up prints after a closed terminal goes nowhere; failing to print it must not end the process.
		const ignore = () => {};
		for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, onSignal);
		try {
			context.stdout(`Making the demo in ${directory}…\n`);
			await makeRepository(repo, directory);
			step();
			await trust(context, repo);
			for (const task of demoTasks) {
				step();
				await askServer(demoContext, 'new', {slug: task.slug, agent: 'demo', prompt: task.prompt}, {start: true});
			}
			step();
			attached = true;
			process.stdout.on('error', ignore);
			const code = await attachCommand.run([], demoContext);
			if (keep) {
				context.stdout(`The demo is kept in ${repo}: its agents run on.\nAttach again:  cd ${repo} && agentgrid\nWhen done:     agentgrid kill-server --force && rm -rf ${directory}\n`);
			} else {
				await cleanUp();
				context.stdout(`The demo is over: its agents are stopped and ${directory} is removed.\n`);
			}
			return code;
		} catch (error) {
			await cleanUp().catch(() => undefined);
			// An interruption is no error to report.
			if (interrupted) return 130;
			throw error;
		} finally {
			for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.off(signal, onSignal);
			process.stdout.off('error', ignore);
		}
	},
};

/** Set-up stopped between two steps because a signal asked to clean up. */
class DemoInterrupted extends Error {}

async function makeRepository(repo: string, directory: string): Promise<void> {
	const scriptFile = path.join(directory, 'demo-agent-script.json');
	await writeFile(scriptFile, demoScriptFile());
	const settings = {
		testCommand: 'node --test',
		presets: {
			demo: {
				command: process.execPath,
				args: [path.join(packageRoot, 'demo', 'fake-agent.mjs'), '--name', 'Demo Agent', '--work-ms', '1500', '--script', scriptFile],
				promptMode: 'argument',
				resumeArgs: ['--continue'],
				statusPatterns: {busy: ['esc to interrupt'], waiting: ['Do you want to proceed\\?'], idle: ['\\? for shortcuts']},
			},
		},
	};
	const files: Record<string, string> = {...demoFiles, [repositorySettingsFileName]: `${JSON.stringify(settings, null, '\t')}\n`};
	for (const [name, content] of Object.entries(files)) {
		await mkdir(path.dirname(path.join(repo, name)), {recursive: true});
		await writeFile(path.join(repo, name), content);
	}
	const git = (args: string[]) => runGit(args, {cwd: repo});
	await git(['init', '-q', '-b', 'main']);
	await git(['config', 'user.name', 'agentgrid demo']);
	await git(['config', 'user.email', 'demo@agentgrid.invalid']);
	await git(['add', '-A']);
	await git(['commit', '-q', '-m', 'tiny-shop: prices and a cart']);
	await markDemo(path.join(repo, '.git'));
}

/** The server answers kill-server before its agents are stopped; the files go once it has let go of them. */
async function serverGone(context: CommandContext): Promise<void> {
	const {socketPath} = await serverAddress(context.cwd, context.env);
	for (let waited = 0; waited < 10_000 && (await probeSocket(socketPath)); waited += 50) {
		await delay(50);
	}
}

/** The demo's own repository file names the demo agent; it is trusted for this one temporary path only. */
async function trust(context: CommandContext, repo: string): Promise<void> {
	const store = trustStoreFor(await openUserSettings(context));
	await store.trust(repo, await loadRepositorySettings(repo));
}

async function untrust(context: CommandContext, repo: string): Promise<void> {
	const store = trustStoreFor(await openUserSettings(context));
	await store.revoke(repo);
}
