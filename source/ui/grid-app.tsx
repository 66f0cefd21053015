/**
 * The grid app: Ink chrome, the compositor, the input router, the workflow screens, the radar and pane markers, all
 * drawn on a TerminalHost. It runs inside the server for as long as the server lives, so detaching a terminal stops
 * nothing; while no client is shown the grid nothing is painted, and the next client gets a full repaint.
 */
import React from 'react';
import {render} from 'ink';
import chalk from 'chalk';
import path from 'node:path';
import {normalizeSlug, suggestSlug} from '../core/git/slug.js';
import {readStatus, statusPaths} from '../core/git/status.js';
import type {AgentPreset} from '../core/session/presets.js';
import type {AgentWorkspace} from '../core/workspace/workspace.js';
import type {TestRunner} from '../core/workflow/test-runner.js';
import type {Workspace} from '../commands/workspace.js';
import {version} from '../version.js';
import {buildKeymap, helpSections, keyFor, keysOf, screenHints, statusHints} from './keymap/index.js';
import {explainLines} from '../core/session/status-explain.js';
import {isolationLines} from '../core/workspace/isolation-lines.js';
import {readScopes} from '../core/scope/session-scope.js';
import {KeyParser} from './input/key-parser.js';
import {InputRouter} from './input/router.js';
import {KeyQueue} from './input/key-queue.js';
import {App, type SpawnModel} from './components/App.js';
import {helpLayout} from './components/HelpOverlay.js';
import {demoGuide} from './demo-guide.js';
import {hintRoom} from './components/StatusBar.js';
import type {AgentChoice} from './components/SpawnScreen.js';
import {Store, type GridState} from './store.js';
import {Screen} from './render/screen.js';
import {spanTimeline} from '../core/timeline.js';
import {VirtualStdin, VirtualStdout} from './host/virtual-tty.js';
import {enterFullScreen} from './host/outer-modes.js';
import type {TerminalHost} from './host/terminal-host.js';
import {GridController} from './grid/grid-controller.js';
import {CommandRunner, errorText} from './grid/command-runner.js';
import {GridMouse} from './grid/grid-mouse.js';
import {decodeMouse} from './input/mouse.js';
import {screenFactories, type ScreenFactory, type ScreenOpenContext, type ScreenOpener} from './screens/registry.js';
import {refreshTestMarkers} from './screens/tests/test-services.js';
import {startRadarRefresher} from './screens/radar/radar-refresher.js';
import type {ScreenHost, ScreenServices} from './screens/types.js';

export interface GridAppOptions {
	host: TerminalHost;
	repo: Workspace;
	workspace: AgentWorkspace;
	presets: ReadonlyMap<string, AgentPreset>;
	/** Where each preset's program was found on PATH (undefined: not installed). */
	installed: ReadonlyArray<{preset: AgentPreset; path: string | undefined}>;
	env: NodeJS.ProcessEnv;
	tests: TestRunner;
	/** The user chose "stop all agents and quit" (or quit with none running). */
	onQuit: () => void;
	/** The repository is `agentgrid demo`'s: the status bar says what to try next. */
	demo?: boolean;
}

export interface GridApp {
	/** Size of a new pane's terminal, for sessions started from the CLI. */
	paneSize(): {cols: number; rows: number};
	/** Focuses a session's pane (sessions started from the CLI come to the front). */
	focus(id: string): void;
	flash(text: string, kind?: 'info' | 'error'): void;
	dispose(): void;
}

export function startGridApp(options: GridAppOptions): GridApp {
	const {host, repo, workspace, presets, installed} = options;
	// Ink styles through chalk, which judges the server's own stdout (a log file) and would draw the chrome without a
	// single colour or attribute. The chrome is drawn at full depth; the compositor fits it to the attached terminal.
	chalk.level = 3;
	const context = {env: options.env};
	const write = (data: string) => host.write(data);
	const {user} = repo;
	const repoName = path.basename(repo.repo.root);
	const keymap = buildKeymap({prefix: user.prefixKey, overrides: user.keybindings});
	const guide = options.demo ? demoGuide(keymap) : undefined;
	const size = () => host.size();
	const {cols, rows} = size();
	const screen = new Screen(cols, rows, user.maxFps, write, () => host.showing);
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
		loading: false,
		copy: null,
	});
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
		liveScopes: [],
	});

	const quit = () => options.onQuit();
	let spawning: AbortController | undefined;
	const detach = () => void host.detach('detached');

	const controller = new GridController({
		store,
		workspace,
		screen,
		writeOuter: write,
		notification: user.notificationStyle,
		onQuit: quit,
		insideTmux: () => host.insideTmux(),
		noColor: () => host.capabilities().noColor,
		copyCommand: user.copyCommand,
		sessionBudget: user.sessionBudget,
		keys: id => keysOf(keymap, id),
		mouse: user.mouse,
		attached: () => host.attached,
	});
	const mouse = new GridMouse({
		paneAt: (x, y) => controller.paneAt(x, y),
		focusIndex: () => store.get().focus,
		focus: index => controller.jump(index),
		covered: () => store.get().overlay !== null,
		copyPane: () => controller.copy.paneId,
		copyMode: () => controller.copy.mode,
		enterCopyMode: byWheel => controller.enterCopyMode(byWheel),
		write: (id, data) => controller.writeTo(id, data),
	});
	const onMouse = (sequence: string) => {
		const event = decodeMouse(sequence);
		if (event) mouse.handle(event);
	};
	const openSpawn = () => {
		spawnStore.update({progress: undefined, mainCheckoutChanges: [], liveScopes: []});
		controller.openOverlay('spawn');
		readStatus(repo.repo.root).then(
			entries => spawnStore.update({mainCheckoutChanges: statusPaths(entries)}),
			() => {},
		);
		readScopes(repo.repo.root).then(
			scopes => spawnStore.update({liveScopes: workspace.entries().flatMap(entry => {
				const owns = scopes.get(entry.branch)?.owns ?? [];
				return owns.length > 0 ? [{slug: entry.slug, owns}] : [];
			})}),
			() => {},
		);
	};
	/** The terminal holds nothing of ours (just attached, or an editor had it): modes and every cell again. */
	const redrawAll = () => {
		const outer = host.capabilities();
		screen.setUnderlineStyles(outer.underlineStyles);
		screen.setOutputStyle({depth: outer.colorDepth, noColor: outer.noColor, ascii: !outer.utf8});
		workspace.setKittyKeyboard(outer.kittyKeyboard);
		write(enterFullScreen);
		controller.resetOuterModes();
		controller.refreshClock();
		screen.freeze(false);
	};
	/** The editor runs on the user's own terminal; the grid takes it back, repainted, when it ends. */
	const runInTerminal = async (request: {file: string; args: string[]; cwd: string; env?: NodeJS.ProcessEnv}): Promise<number> => {
		screen.freeze(true);
		try {
			return await host.runProgram(request);
		} finally {
			redrawAll();
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
		get colors() {
			return host.colors();
		},
		version,
		tests: options.tests,
	};
	const screenHost: ScreenHost = {
		close: () => controller.closeScreen(),
		flash: (text, kind) => controller.flash(text, kind),
		focusSession: (id, paneMode) => {
			controller.closeScreen();
			controller.focusEntry(id, paneMode);
		},
		openCopyAt: (id, query, match) => {
			controller.closeScreen();
			controller.openCopyAt(id, query, match);
		},
		changed: () => controller.screenChanged(),
		relayout: () => controller.screenRelayout(),
		runInTerminal,
		size: () => ({cols: store.get().cols, rows: store.get().rows - 1}),
	};
	const openScreen = (id: ScreenOpener): void => {
		const factory: ScreenFactory = screenFactories[id];
		const opened = factory({
			services,
			host: screenHost,
			entry: controller.focusedEntry(),
			marked: store.get().marked,
			setPaneExtras: (sessionId, extras) => controller.setPaneExtras(sessionId, extras),
			clearMarks: ids => controller.clearMarks(ids),
		});
		if (opened) controller.openScreen(opened);
	};
	const mouseHelp = {
		title: 'Mouse',
		rows: [
			{keys: 'click', description: 'Focus the pane (a program that asked for the mouse gets the click too)'},
			{keys: 'wheel', description: 'Scroll the pane\'s history in copy mode (arrow keys for a full-screen program without mouse)'},
			{keys: 'drag', description: 'Select text in copy mode; releasing copies it'},
			{keys: 'Shift+drag', description: 'Your terminal\'s own selection, as without agentgrid'},
		],
	};
	/** The session whose isolation card is open: its card follows its services' states while open. */
	let carded: string | undefined;
	const showIsolation = (slug: string, refresh: boolean) => {
		workspace.isolation().then(
			all => {
				const isolation = all.get(slug);
				if (refresh) {
					if (isolation && carded === slug && store.get().overlay?.kind === 'card') controller.updateCard(isolationLines(isolation));
					return;
				}
				if (!isolation) {
					controller.flash(`${slug} is gone`, 'error');
					return;
				}
				carded = slug;
				controller.showCard({
					title: `What isolates ${slug}`,
					lines: isolationLines(isolation),
					footer: `↑↓ scroll · any other key closes · ${keyFor(keymap, 'session.services')} restarts its services · agentgrid ls --json gives the same`,
				});
			},
			(error: unknown) => controller.flash(errorText(error), 'error'),
		);
	};
	const openIsolation = () => {
		const entry = controller.focusedEntry();
		if (entry) showIsolation(entry.slug, false);
	};
	const help = (state: GridState) => [...helpSections(keymap, state), ...(user.mouse ? [mouseHelp] : [])];
	const runner = new CommandRunner({
		controller,
		keymap,
		workspace,
		openSpawn,
		quit,
		detach,
		openScreen,
		openIsolation,
		helpMaxOffset: () => {
			const state = store.get();
			const {height, total} = helpLayout(help(state), state.cols, state.rows);
			return Math.max(0, total - height);
		},
		isEmptySession: async id => {
			const info = (await repo.worktrees.listSessions()).find(session => session.slug === id);
			return info !== undefined && info.exists && !info.dirty && info.ahead === 0 && info.changedFiles === 0;
		},
		removeEmptySession: async id => {
			// 'refuse' removes only a session without work; anything found since the check is kept and reported.
			try {
				await workspace.remove(id, 'refuse', {}, event => {
					if (event.type === 'step-started') controller.flash(`${id}: ${event.title}…`);
				});
			} finally {
				await workspace.load();
			}
		},
	});

	const inkStdout = new VirtualStdout({columns: cols, rows}, chunk => screen.writeChrome(chunk));
	const inkStdin = new VirtualStdin();
	const ink = render(
		<App
			model={{
				store,
				keymap,
				repoName,
				frames: () => controller.frames(),
				tooSmall: state => controller.tooSmall(state),
				hints: state => {
					const room = hintRoom(state, repoName) - 1;
					// The guide sees every state, so it notices each screen the user opens.
					const guided = guide?.(state, room);
					const open = controller.screen;
					if (state.overlay?.kind !== 'screen' || !open) return guided ?? statusHints(keymap, state, room);
					return screenHints(keymap, open.scope, room, command => open.enabled?.(command as never) ?? true);
				},
				helpSections: help,
				explain: id => {
					const entry = workspace.entries().find(candidate => candidate.id === id);
					const explanation = workspace.explain(id);
					const name = entry?.slug ?? id;
					return {
						title: `Why is ${name} ${entry?.status ?? 'gone'}?`,
						lines: explanation ? explainLines(name, explanation, Date.now()) : [`${name} is ${entry?.status ?? 'gone'}: its agent has not run since the server started, so no signal decided it.`],
						footer: 'any key closes · agentgrid status <name> --explain prints the same',
					};
				},
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
					const stop = new AbortController();
					spawning = stop;
					spawnStore.update({progress: {steps: [], now: Date.now()}});
					// The running step shows how long it has taken, so a hanging setup command is visible as such.
					const ticker = setInterval(() => spawnStore.update(state => ({progress: state.progress && {...state.progress, now: Date.now()}})), 1000);
					workspace
						.spawn({...request, cols: inner.cols, rows: inner.rows}, steps => spawnStore.update(state => ({progress: {steps, now: state.progress?.now ?? Date.now()}})), stop.signal)
						.then(
							entry => {
								controller.closeOverlay();
								controller.focusEntry(entry.id, true);
								void workspace.load();
							},
							(error: unknown) => {
								spawnStore.update(state => ({progress: {steps: state.progress?.steps ?? [], error: `${errorText(error)}  (${keyFor(keymap, 'form.cancel')} to go back)`}}));
								void workspace.load();
							},
						)
						.finally(() => {
							clearInterval(ticker);
							if (spawning === stop) spawning = undefined;
						});
				},
				onCancelSpawn: () => controller.closeOverlay(),
				onAnswer: command => runner.answer(command),
				onStopSpawn: () => {
					spawning?.abort();
					controller.flash('stopping the setup…');
				},
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
			// Ink's layout and output of a chrome frame, for the timeline. Ink reports it once the frame is parsed, so the
			// span ends up to a parse late; the parse has its own span.
			onRender: ({renderTime}) => spanTimeline('chrome render', performance.now() - renderTime),
		},
	);

	// One key per turn of the event loop, so Ink reads each as its own key press.
	const formKeys = new KeyQueue(data => inkStdin.write(data));
	const router = new InputRouter(
		{
			// Forms and questions are Ink components: they read keys through Ink's stdin.
			target: () => {
				const {overlay, mode, copy} = store.get();
				if (overlay?.kind === 'spawn' || overlay?.kind === 'confirm' || (overlay?.kind === 'screen' && controller.screen?.asking?.() === true)) return 'form';
				return mode === 'pane' && !overlay && !copy ? 'pane' : 'grid';
			},
			prefixByte: () => keymap.prefix.byte,
			toPane: data => controller.typeIntoFocused(data),
			toForm: data => formKeys.push(data),
			gridKey: key => (key.name === 'mouse' ? onMouse(key.sequence) : runner.gridKey(key)),
			prefixKey: key => (key.name === 'mouse' ? onMouse(key.sequence) : runner.prefixKey(key)),
			// With the mouse setting off the terminal sends no reports, and an Escape need not wait for one.
			mouse: user.mouse ? onMouse : undefined,
		},
		onKey => new KeyParser(onKey),
	);
	const offInput = host.onInput(chunk => router.feed(chunk));

	let resizeTimer: NodeJS.Timeout | undefined;
	const applySize = (next: {cols: number; rows: number}) => {
		screen.resize(next.cols, next.rows);
		inkStdout.setSize(next.cols, next.rows);
		controller.resize(next.cols, next.rows);
	};
	const offResize = host.onResize(next => {
		// Hold painting until the size settles: a drag sends many sizes and only the last one matters.
		screen.freeze(true);
		clearTimeout(resizeTimer);
		if (next.attached) {
			// A terminal that just attached has nothing of ours on it: draw everything, at its size, at once.
			applySize(next);
			redrawAll();
			return;
		}
		resizeTimer = setTimeout(() => {
			applySize(size());
			setTimeout(() => screen.freeze(false), 20);
		}, 40);
	});
	// Pane titles show each session's last test result, and whether it is stale, from the recorded results.
	const setPaneExtras: ScreenOpenContext['setPaneExtras'] = (id, extras) => controller.setPaneExtras(id, extras);
	const radar = startRadarRefresher({worktrees: repo.worktrees, workspace, setPaneExtras, intervalMs: 60_000});
	let markerTimer: NodeJS.Timeout | undefined;
	// A result read from the history before a run ended must not overwrite the marker that run set.
	const markerSetAt = new Map<string, number>();
	const refreshMarkers = () => {
		clearTimeout(markerTimer);
		markerTimer = setTimeout(() => {
			const started = performance.now();
			const live = workspace.entries().filter(entry => options.tests.running(entry.slug)).map(entry => entry.id);
			void refreshTestMarkers(services, (id, extras) => {
				if ((markerSetAt.get(id) ?? -1) < started) setPaneExtras(id, extras);
			}, live).catch(() => {});
		}, 300);
	};
	refreshMarkers();
	// A run that ends while no screen shows it still marks its pane, and says so.
	const offTests = options.tests.onFinished((target, end) => {
		const entry = workspace.entries().find(candidate => candidate.slug === target.slug);
		if (!entry) return;
		if (end.kind === 'finished') {
			markerSetAt.set(entry.id, performance.now());
			controller.setPaneExtras(entry.id, {tests: {passed: end.result.passed, stale: false}});
		}
		// A screen that shows runs says how they ended itself; the flash would only cover its key hints.
		if (!['tests', 'merge', 'matrix'].includes(controller.screen?.scope ?? '')) {
			controller.flash(end.kind === 'finished' ? `the tests of ${target.slug} ${end.result.passed ? 'passed' : `failed (exit ${end.result.exitCode})`}` : `the tests of ${target.slug} were stopped`, end.kind === 'finished' && !end.result.passed ? 'error' : 'info');
		}
	});
	const offWorkspace = workspace.subscribe(event => {
		// An edit or a commit can make a recorded test result stale.
		if (event.type === 'entries' || event.type === 'changes' || (event.type === 'status' && event.status === 'idle')) refreshMarkers();
		if (event.type === 'services' && event.id === carded && store.get().overlay?.kind === 'card') showIsolation(event.id, true);
	});

	return {
		paneSize: () => controller.focusedInnerSize(),
		focus: id => controller.focusEntry(id, false),
		flash: (text, kind) => controller.flash(text, kind),
		dispose: () => {
			// A setup command still running would be orphaned by the server's exit.
			spawning?.abort();
			offInput();
			offResize();
			offWorkspace();
			offTests();
			clearTimeout(resizeTimer);
			clearTimeout(markerTimer);
			radar.dispose();
			controller.closeScreen();
			controller.dispose();
			ink.unmount();
			screen.dispose();
		},
	};
}
