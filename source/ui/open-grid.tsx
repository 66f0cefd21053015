/**
 * `agentgrid` with no subcommand: opens the repository's workspace and runs the full-screen grid until the user
 * quits. Everything the app touches (terminal input, output, size) is passed in, so the same app can later run
 * behind a socket for a detached server.
 */
import React from 'react';
import {render} from 'ink';
import path from 'node:path';
import process from 'node:process';
import {AgentgridError} from '../core/errors.js';
import {openRepository} from '../core/git/repository.js';
import {normalizeSlug, suggestSlug} from '../core/git/slug.js';
import {readStatus, statusPaths} from '../core/git/status.js';
import {builtInPresets, detectInstalled, resolvePresets} from '../core/session/presets.js';
import {AgentWorkspace} from '../core/workspace/workspace.js';
import {openWorkspace} from '../commands/workspace.js';
import type {CommandContext} from '../commands/types.js';
import {version} from '../version.js';
import {buildKeymap, helpSections, screenHints, statusHints, type ScreenScope} from './keymap/index.js';
import {KeyParser} from './input/key-parser.js';
import {InputRouter} from './input/router.js';
import {KeyQueue} from './input/key-queue.js';
import {App, type SpawnModel} from './components/App.js';
import {helpLayout} from './components/HelpOverlay.js';
import type {AgentChoice} from './components/SpawnScreen.js';
import {Store, type GridState} from './store.js';
import {Screen} from './render/screen.js';
import {VirtualStdin, VirtualStdout} from './host/virtual-tty.js';
import {enterFullScreen, leaveFullScreen} from './host/outer-modes.js';
import {queryOuterColors} from './host/query-colors.js';
import {GridController} from './grid/grid-controller.js';
import {CommandRunner, errorText} from './grid/command-runner.js';
import {screenFactories, type ScreenOpenContext} from './screens/registry.js';
import {refreshTestMarkers} from './screens/tests/test-services.js';
import {startRadarRefresher} from './screens/radar/radar-refresher.js';
import type {ScreenHost, ScreenServices} from './screens/types.js';

export async function openGrid(argv: string[], context: CommandContext): Promise<number> {
	if (argv.length > 0) {
		throw new AgentgridError('bad-arguments', `unknown option ${argv[0]}`, "Run 'agentgrid --help' for usage.");
	}
	// A wrong directory is the likelier mistake, so it is reported first.
	await openRepository(context.cwd);
	const stdin = process.stdin;
	const stdout = process.stdout;
	if (!stdin.isTTY || !stdout.isTTY) {
		throw new AgentgridError('not-a-terminal', 'agentgrid needs a terminal: standard input and output must be a TTY.', "Use 'agentgrid ls' or 'agentgrid new' in scripts.");
	}
	const write = (data: string) => stdout.write(data);
	// The outer terminal answers while the repository is read, so neither waits for the other.
	stdin.setRawMode(true);
	stdin.resume();
	const colorsPromise = queryOuterColors(stdin, write);
	// PATH lookups for the built-in agents need no settings: start them with everything else.
	const builtInsInstalled = detectInstalled(context.env, builtInPresets(context.env));
	let repo: Awaited<ReturnType<typeof openWorkspace>>;
	try {
		repo = await openWorkspace(context);
	} catch (error) {
		await colorsPromise;
		stdin.setRawMode(false);
		stdin.pause();
		throw error;
	}
	const {user} = repo;
	const keymap = buildKeymap({prefix: user.prefixKey, overrides: user.keybindings});
	const presets = resolvePresets(context.env, user.presets, repo.trust === 'trusted' ? repo.repository.data.presets : undefined);
	const installedPromise = (async () => {
		// A preset that runs the same program as a built-in reuses the early lookup; others are looked up now.
		const early = new Map((await builtInsInstalled).map(found => [found.preset.command, found.path]));
		return Promise.all(
			[...presets.values()].map(async preset => ({
				preset,
				path: early.has(preset.command) ? early.get(preset.command) : (await detectInstalled(context.env, [preset]))[0].path,
			})),
		);
	})();
	const sessionsPromise = repo.worktrees.listSessions();
	const colors = await colorsPromise;

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
		colors,
		version,
	});

	const size = () => ({cols: Math.max(1, stdout.columns || 80), rows: Math.max(1, stdout.rows || 24)});
	const {cols, rows} = size();
	write(enterFullScreen);
	const screen = new Screen(cols, rows, user.maxFps, write);
	const store = new Store<GridState>({
		cols,
		rows,
		mode: 'grid',
		focus: 0,
		zoomed: false,
		panes: [],
		overlay: null,
		message: repo.trust === 'untrusted' || repo.trust === 'changed' ? {text: `${path.basename(repo.repository.file)} is not trusted: its setup commands will not run (agentgrid trust)`, kind: 'info'} : null,
		prefixLabel: keymap.prefix.label,
		now: Date.now(),
		marked: [],
		screenVersion: 0,
		loading: true,
	});
	const installed = await installedPromise;
	const agents: AgentChoice[] = installed
		.map(({preset, path: found}) => ({
			name: preset.name,
			label: preset.label,
			installed: found !== undefined,
			reason: found === undefined ? `${preset.command} not found on PATH` : undefined,
		}))
		.sort((a, b) => Number(b.installed) - Number(a.installed));
	const spawnStore = new Store<SpawnModel>({
		agents,
		defaultAgent: presets.has(user.defaultAgent) && agents.find(a => a.name === user.defaultAgent)?.installed ? user.defaultAgent : (agents.find(a => a.installed)?.name ?? user.defaultAgent),
		defaultBase: repo.repo.defaultBase,
		mainCheckoutChanges: [],
	});

	let finish: (code: number) => void = () => {};
	const finished = new Promise<number>(resolve => {
		finish = resolve;
	});
	let quitting = false;
	const quit = () => {
		if (quitting) return;
		quitting = true;
		finish(0);
	};

	const controller = new GridController({store, workspace, screen, writeOuter: write, notification: user.notificationStyle, onQuit: quit});
	const openSpawn = () => {
		spawnStore.update({progress: undefined, mainCheckoutChanges: []});
		controller.openOverlay('spawn');
		readStatus(repo.repo.root).then(
			entries => spawnStore.update({mainCheckoutChanges: statusPaths(entries)}),
			() => {},
		);
	};
	let onInput: (chunk: Buffer | string) => void = () => {};
	/** The editor (or any child) gets the real terminal; the grid takes it back, repainted, when it ends. */
	const suspend = async <T,>(run: () => Promise<T>): Promise<T> => {
		screen.freeze(true);
		stdin.off('data', onInput);
		write(leaveFullScreen);
		stdin.setRawMode(false);
		try {
			return await run();
		} finally {
			stdin.setRawMode(true);
			write(enterFullScreen);
			stdin.on('data', onInput);
			screen.freeze(false);
		}
	};
	const services: ScreenServices = {
		workspace,
		worktrees: repo.worktrees,
		repoRoot: repo.repo.root,
		repository: repo.repository,
		trust: repo.trust,
		user,
		keymap,
		env: context.env,
		colors,
		version,
	};
	const host: ScreenHost = {
		close: () => controller.closeScreen(),
		flash: (text, kind) => controller.flash(text, kind),
		focusSession: (id, paneMode) => {
			controller.closeScreen();
			controller.focusEntry(id, paneMode);
		},
		changed: () => controller.screenChanged(),
		relayout: () => controller.screenRelayout(),
		suspend,
		size: () => ({cols: store.get().cols, rows: store.get().rows - 1}),
	};
	const openScreen = (id: string): boolean => {
		const factory = screenFactories[id];
		if (!factory) return false;
		const opened = factory({
			services,
			host,
			entry: controller.focusedEntry(),
			marked: store.get().marked,
			setPaneExtras: (sessionId, extras) => controller.setPaneExtras(sessionId, extras),
			clearMarks: ids => controller.clearMarks(ids),
		});
		if (opened) controller.openScreen(opened);
		return true;
	};
	const runner = new CommandRunner({
		controller,
		keymap,
		workspace,
		openSpawn,
		quit,
		openScreen,
		helpMaxOffset: () => {
			const state = store.get();
			const {height, total} = helpLayout(helpSections(keymap, state), state.cols, state.rows);
			return Math.max(0, total - height);
		},
		isEmptySession: async id => {
			const info = (await repo.worktrees.listSessions()).find(session => session.slug === id);
			return info !== undefined && info.exists && !info.dirty && info.ahead === 0 && info.changedFiles === 0;
		},
		removeEmptySession: async id => {
			// 'refuse' removes only a session without work; anything found since the check is kept and reported.
			await repo.worktrees.removeSession(id, 'refuse');
			await repo.slots.release(id);
			await workspace.load();
		},
	});

	const inkStdout = new VirtualStdout({columns: cols, rows}, chunk => screen.writeChrome(chunk));
	const inkStdin = new VirtualStdin();
	const ink = render(
		<App
			model={{
				store,
				repoName: path.basename(repo.repo.root),
				frames: () => controller.frames(),
				tooSmall: state => controller.tooSmall(state),
				hints: state => (state.overlay?.kind === 'screen' ? screenHints(keymap, state.overlay.scope as ScreenScope, state.cols) : statusHints(keymap, state, state.cols)),
				helpSections: state => helpSections(keymap, state),
				spawn: spawnStore,
				suggestSlug: prompt => {
					// Suggest a free name: "fix-login", then "fix-login-2", ...
					const base = suggestSlug(prompt);
					const taken = new Set(workspace.entries().map(entry => entry.slug));
					if (base === '' || !taken.has(base)) return base;
					let n = 2;
					while (taken.has(`${base}-${n}`)) n++;
					return `${base}-${n}`;
				},
				validateSlug: slug => {
					try {
						normalizeSlug(slug);
						return workspace.entries().some(entry => entry.slug === slug) ? `a session named ${slug} exists` : undefined;
					} catch (error) {
						return errorText(error);
					}
				},
				onSpawn: request => {
					const inner = controller.focusedInnerSize();
					spawnStore.update({progress: {steps: []}});
					workspace
						.spawn({...request, cols: inner.cols, rows: inner.rows}, steps => spawnStore.update({progress: {steps}}))
						.then(
							entry => {
								controller.closeOverlay();
								controller.focusEntry(entry.id, true);
								void workspace.load();
							},
							(error: unknown) => {
								spawnStore.update(state => ({progress: {steps: state.progress?.steps ?? [], error: `${errorText(error)}  (Esc to go back)`}}));
								void workspace.load();
							},
						);
				},
				onCancelSpawn: () => controller.closeOverlay(),
				screenView: state => controller.screen?.render({cols: state.cols, rows: state.rows - 1}) ?? null,
			}}
		/>,
		{
			stdout: inkStdout as unknown as NodeJS.WriteStream,
			stdin: inkStdin as unknown as NodeJS.ReadStream,
			stderr: inkStdout as unknown as NodeJS.WriteStream,
			interactive: true,
			alternateScreen: true,
			incrementalRendering: true,
			maxFps: user.maxFps,
			patchConsole: false,
			exitOnCtrlC: false,
		},
	);

	// One key per turn of the event loop, so Ink reads each as its own key press.
	const formKeys = new KeyQueue(data => inkStdin.write(data));
	const router = new InputRouter(
		{
			target: () => (store.get().overlay?.kind === 'spawn' ? 'form' : store.get().mode === 'pane' && !store.get().overlay ? 'pane' : 'grid'),
			prefixByte: () => keymap.prefix.byte,
			toPane: data => controller.typeIntoFocused(data),
			toForm: data => formKeys.push(data),
			gridKey: key => runner.gridKey(key),
			prefixKey: key => runner.prefixKey(key),
		},
		onKey => new KeyParser(onKey),
	);
	onInput = (chunk: Buffer | string) => router.feed(chunk.toString());
	stdin.on('data', onInput);

	let resizeTimer: NodeJS.Timeout | undefined;
	const onResize = () => {
		// Hold painting until the size settles: a drag sends many sizes and only the last one matters.
		screen.freeze(true);
		clearTimeout(resizeTimer);
		resizeTimer = setTimeout(() => {
			const next = size();
			screen.resize(next.cols, next.rows);
			inkStdout.setSize(next.cols, next.rows);
			controller.resize(next.cols, next.rows);
			setTimeout(() => screen.freeze(false), 20);
		}, 40);
	};
	stdout.on('resize', onResize);
	const onSignal = () => quit();
	process.on('SIGTERM', onSignal);
	process.on('SIGHUP', onSignal);
	// Pane titles show each session's last test result, and whether it is stale, from the recorded results.
	const setPaneExtras: ScreenOpenContext['setPaneExtras'] = (id, extras) => controller.setPaneExtras(id, extras);
	const radar = startRadarRefresher({worktrees: repo.worktrees, workspace, setPaneExtras, intervalMs: 60_000});
	let markerTimer: NodeJS.Timeout | undefined;
	const refreshMarkers = () => {
		clearTimeout(markerTimer);
		markerTimer = setTimeout(() => void refreshTestMarkers(services, setPaneExtras).catch(() => {}), 300);
	};
	refreshMarkers();
	workspace.subscribe(event => {
		if (event.type === 'entries' || (event.type === 'status' && event.status === 'idle')) refreshMarkers();
	});

	// The first frame does not wait for git: sessions appear as soon as they are listed.
	sessionsPromise
		.then(sessions => workspace.load(sessions))
		.catch((error: unknown) => controller.flash(`could not list sessions: ${errorText(error)}`, 'error'))
		.finally(() => store.update({loading: false}));

	const code = await finished;
	stdin.off('data', onInput);
	stdout.off('resize', onResize);
	process.off('SIGTERM', onSignal);
	process.off('SIGHUP', onSignal);
	controller.flash('stopping agents…');
	await workspace.stopAll();
	clearTimeout(markerTimer);
	radar.dispose();
	controller.closeScreen();
	controller.dispose();
	ink.unmount();
	screen.dispose();
	write(leaveFullScreen);
	stdin.setRawMode(false);
	stdin.pause();
	return code;
}
