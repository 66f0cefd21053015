/**
 * The grid's behaviour: focus, zoom, modes, overlays and session commands. It keeps the view store, the pane layout,
 * the screen's layers and the sizes of the agents' terminals consistent with each other.
 */
import type {CommandId} from '../keymap/index.js';
import {fits, neighbour, tile, type Direction, type PaneRect, type Rect} from '../../core/layout/index.js';
import type {WorkspaceApi, WorkspaceEntry} from '../../core/workspace/types.js';
import type {ConfirmAnswer, GridState, PaneView, Store} from '../store.js';
import type {Screen} from '../render/screen.js';
import {encodeFocus} from '../../core/terminal/key-encoder.js';
import {gridInputModes, inputModeChange, type InputModes} from '../host/outer-modes.js';
import type {ScreenController} from '../screens/types.js';
import {CopyController} from '../copy/copy-controller.js';
import type {HistoryMatch} from '../../core/terminal/terminal-history.js';
import type {HistoryQuery} from '../../core/terminal/history-query.js';
import type {KeyEvent} from '../input/key-event.js';
import {formatCost} from '../../core/usage/prices.js';
import {formatAge, formatStatusAge} from '../components/format.js';
import {PaneViews} from './pane-views.js';

export type Notification = 'bell' | 'osc9' | 'none';

/** How long after a keystroke the focused pane's output counts as its echo. */
const echoWindowMs = 100;

export interface GridControllerOptions {
	store: Store<GridState>;
	workspace: WorkspaceApi;
	screen: Screen;
	/** Writes control sequences straight to the outer terminal (mode changes, bell). */
	writeOuter: (data: string) => void;
	notification: Notification;
	/** Called when the user confirmed quitting. */
	onQuit: () => void;
	/** Whether the user's terminal runs inside tmux, for clipboard sequences. */
	insideTmux?: () => boolean;
	noColor?: () => boolean;
	/** The copyCommand setting. */
	copyCommand?: string;
	/** Estimated US dollars after which a session is announced once; 0 or undefined: none. */
	sessionBudget?: number;
	/** The keys of a command as messages name them. */
	keys?: (id: CommandId) => string;
	/** The mouse setting: ask the terminal for mouse reports. */
	mouse?: boolean;
	/** Whether a terminal is attached; the titles' clock sleeps while none is. */
	attached?: () => boolean;
}

export class GridController {
	private rects: PaneRect[] = [];
	private outerModes: InputModes | undefined;
	/** The session whose pane has the keyboard (pane mode, no overlay), told so by focus reports when it asks for them. */
	private keyboardFocus: string | undefined;
	private readonly store: Store<GridState>;
	private readonly workspace: WorkspaceApi;
	private clock: NodeJS.Timeout | undefined;
	private activeScreen: ScreenController | undefined;
	private lastInputAt = Number.NEGATIVE_INFINITY;
	private readonly paneExtras = new Map<string, Pick<PaneView, 'overlap' | 'scope' | 'tests'>>();
	/** Sessions already announced as over budget. */
	private readonly overBudget = new Set<string>();
	/** What each pane shows: its agent or one of its services. */
	private readonly views: PaneViews;
	readonly copy: CopyController;

	constructor(private readonly options: GridControllerOptions) {
		this.store = options.store;
		this.workspace = options.workspace;
		this.views = new PaneViews(options.workspace);
		this.copy = new CopyController({
			writeOuter: options.writeOuter,
			insideTmux: options.insideTmux ?? (() => false),
			noColor: options.noColor,
			copyCommand: options.copyCommand ?? '',
			flash: (text, kind) => this.flash(text, kind),
			stateChanged: copy => {
				this.store.update({copy});
				this.syncOuterModes();
				this.relayout();
			},
			repaint: () => options.screen.requestPaint(),
			keys: options.keys ?? (id => id),
		});
		options.screen.setCursorProvider(() => this.cursor());
		this.workspace.subscribe(event => {
			if (event.type === 'output') {
				const index = this.indexOf(event.id);
				const focusedPane = index === this.store.get().focus && this.store.get().mode === 'pane';
				// Output right after a keystroke is its echo: paint it now. Other output, even the focused pane's,
				// is coalesced to the frame rate, so a streaming pane costs maxFps frames, not one per chunk.
				options.screen.paneChanged(focusedPane && performance.now() - this.lastInputAt < echoWindowMs);
				if (index === this.store.get().focus) this.syncOuterModes();
				return;
			}
			if (event.type === 'status' && event.status === 'waiting' && event.previous !== 'waiting') this.notifyWaiting(event.id);
			if (event.type === 'usage') this.checkBudget(event.id);
			this.refreshPanes();
		});
		this.refreshPanes();
		this.refreshClock();
	}

	get state(): GridState {
		return this.store.get();
	}

	/** Outer rectangles of the visible panes, for the chrome. */
	frames(): Array<{index: number; rect: Rect}> {
		return this.rects.flatMap((r, index) => (r.visible ? [{index, rect: r.outer}] : []));
	}

	tooSmall(state: GridState = this.state): boolean {
		return state.panes.length > 0 && !fits({width: state.cols, height: state.rows - 1}, state.panes.length, {zoomed: state.zoomed});
	}

	focusedEntry(): WorkspaceEntry | undefined {
		return this.workspace.entries()[this.state.focus];
	}

	resize(cols: number, rows: number): void {
		this.store.update({cols, rows});
		this.relayout();
	}

	moveFocus(direction: Direction): void {
		if (this.rects.length === 0) return;
		if (this.state.zoomed) this.store.update({zoomed: false});
		this.relayout();
		this.setFocus(neighbour(this.rects, this.state.focus, direction));
	}

	jump(index: number): void {
		if (index < 0 || index >= this.state.panes.length) {
			this.flash(`no pane ${index + 1}`, 'error');
			return;
		}
		this.setFocus(index);
	}

	toggleZoom(): void {
		if (this.state.panes.length === 0) return;
		this.store.update({zoomed: !this.state.zoomed});
		this.relayout();
	}

	enterPaneMode(): void {
		const entry = this.focusedEntry();
		if (!entry) return;
		const view = this.views.viewOf(entry.id);
		if (view !== undefined && !this.views.shownLive(entry)) {
			this.flash(`${view} of ${entry.slug} is not running; press ${this.options.keys?.('session.services') ?? 'session.services'} to start it again`, 'error');
			return;
		}
		if (!this.views.shownLive(entry)) {
			this.flash(`${entry.slug} has no running agent; press ${this.options.keys?.('session.restart') ?? 'session.restart'} to restart it`, 'error');
			return;
		}
		this.store.update({mode: 'pane', message: null});
		this.syncOuterModes();
		this.options.screen.requestPaint();
	}

	/** Copy mode on the focused pane: its history frozen for scrolling, searching and copying. */
	enterCopyMode(byWheel = false): boolean {
		const entry = this.focusedEntry();
		if (!entry) return false;
		const surface = this.views.surfaceOf(entry);
		if (!surface) {
			this.flash(`${entry.slug} has no output to show yet`, 'error');
			return false;
		}
		this.store.update({message: null});
		this.copy.enter(entry.id, surface, byWheel);
		return true;
	}

	/** Focuses a session and opens its copy mode at a search hit. */
	openCopyAt(id: string, query: HistoryQuery, match: HistoryMatch): void {
		const index = this.indexOf(id);
		const entry = this.workspace.entries()[index];
		if (index < 0 || !entry?.terminal) return;
		// Hits are found in the agent's history: the pane shows the agent again to open them.
		if (this.views.showAgent(id)) this.refreshPanes(true);
		this.setFocus(index);
		this.copy.enterAt(id, entry.terminal, query, match);
	}

	copyKey(key: KeyEvent, command: string | undefined): void {
		this.copy.key(key, command);
	}

	leavePaneMode(): void {
		this.store.update({mode: 'grid'});
		this.syncOuterModes();
		this.options.screen.requestPaint();
	}

	openOverlay(kind: 'help' | 'spawn'): void {
		if (this.state.mode === 'pane') this.leavePaneMode();
		this.store.update({overlay: {kind}, message: null});
		this.syncOuterModes();
		this.relayout();
	}

	/** Shows why the focused session has its status. */
	openExplain(): void {
		const entry = this.focusedEntry();
		if (!entry) return;
		if (this.state.mode === 'pane') this.leavePaneMode();
		this.store.update({overlay: {kind: 'explain', id: entry.id}, message: null});
		this.syncOuterModes();
		this.relayout();
	}

	/** A card over the grid (what isolates a session); any key but the scrolling ones closes it. */
	showCard(card: {title: string; lines: string[]; footer: string}): void {
		if (this.state.mode === 'pane') this.leavePaneMode();
		this.store.update({overlay: {kind: 'card', ...card, offset: 0}, message: null});
		this.syncOuterModes();
		this.relayout();
	}

	/** New lines for the open card (what it describes changed), keeping where it is scrolled to. */
	updateCard(lines: string[]): void {
		const overlay = this.state.overlay;
		if (overlay?.kind === 'card') this.store.update({overlay: {...overlay, lines}});
	}

	scrollCard(step: number, room: number): void {
		const overlay = this.state.overlay;
		if (overlay?.kind !== 'card') return;
		const max = Math.max(0, overlay.lines.length - room);
		this.store.update({overlay: {...overlay, offset: Math.max(0, Math.min(max, Math.min(overlay.offset, max) + step))}});
	}

	/**
	 * Focuses the session that has waited longest; pressed again on a waiting session, the one that has waited
	 * longest after it (cycling), so every waiting session is reached in turn.
	 */
	nextWaiting(): void {
		const waiting = this.state.panes
			.map((pane, index) => ({pane, index}))
			.filter(({pane}) => pane.status === 'waiting')
			.sort((a, b) => a.pane.statusSince - b.pane.statusSince || a.index - b.index);
		if (waiting.length === 0) {
			this.flash('no session is waiting for you');
			return;
		}
		const at = waiting.findIndex(({index}) => index === this.state.focus);
		const next = waiting[(at + 1) % waiting.length]!;
		this.setFocus(next.index);
		this.flash(`${next.pane.slug} has waited ${formatAge(Date.now() - next.pane.statusSince)}${waiting.length > 1 ? ` (${(at + 1) % waiting.length + 1} of ${waiting.length} waiting)` : ''}`);
	}

	scrollHelp(step: number, max: number): void {
		const overlay = this.state.overlay;
		if (overlay?.kind !== 'help') return;
		this.store.update({overlay: {kind: 'help', offset: Math.max(0, Math.min(max, (overlay.offset ?? 0) + step))}});
	}

	closeOverlay(): void {
		this.store.update({overlay: null});
		this.syncOuterModes();
		this.relayout();
	}

	/** The workflow screen on top of the grid, if any. */
	get screen(): ScreenController | undefined {
		return this.activeScreen;
	}

	openScreen(screen: ScreenController): void {
		if (this.state.mode === 'pane') this.leavePaneMode();
		this.activeScreen?.dispose?.();
		this.activeScreen = screen;
		this.store.update({overlay: {kind: 'screen', scope: screen.scope}, message: null, screenVersion: this.state.screenVersion + 1});
		this.syncOuterModes();
		this.relayout();
	}

	closeScreen(): void {
		const screen = this.activeScreen;
		this.activeScreen = undefined;
		screen?.dispose?.();
		if (this.state.overlay?.kind === 'screen') this.store.update({overlay: null});
		this.relayout();
	}

	screenChanged(): void {
		this.store.update({screenVersion: this.state.screenVersion + 1});
	}

	screenRelayout(): void {
		this.relayout();
	}

	/**
	 * The focused pane shows its next service that has a screen (one that has run in this server), then the agent
	 * again. Keys typed in pane mode go to whatever it shows.
	 */
	cycleView(): void {
		const entry = this.focusedEntry();
		if (!entry) return;
		if (this.copy.paneId === entry.id) this.copy.exit();
		const next = this.views.cycle(entry);
		if (next === null) {
			this.flash(`no service of ${entry.slug} has started; ${this.options.keys?.('session.services') ?? 'session.services'} starts them`, 'error');
			return;
		}
		this.flash(next === undefined ? `${entry.slug}: the agent` : `${entry.slug}: ${next} (${this.options.keys?.('pane.view') ?? 'pane.view'} again for the next)`);
		this.refreshPanes(true);
		if (this.state.mode === 'pane' && !this.views.shownLive(entry)) this.leavePaneMode();
		this.syncOuterModes();
		this.options.screen.requestPaint();
	}

	/** Radar markers and test results shown in pane titles. */
	setPaneExtras(id: string, extras: Pick<PaneView, 'overlap' | 'scope' | 'tests'>): void {
		const before = this.paneExtras.get(id);
		const after = {...before, ...extras};
		// Markers are re-sent by background checks whether or not they changed; only a change costs a frame.
		if (JSON.stringify(before ?? {}) === JSON.stringify(after)) return;
		this.paneExtras.set(id, after);
		this.refreshPanes(true);
	}

	/** Queues the session for merging, or takes it out; its place in the queue (1 first), or 0 once taken out. */
	toggleMark(id: string): number {
		const marked = this.state.marked.includes(id) ? this.state.marked.filter(m => m !== id) : [...this.state.marked, id];
		this.store.update({marked});
		return marked.indexOf(id) + 1;
	}

	clearMarks(ids: readonly string[]): void {
		this.store.update({marked: this.state.marked.filter(id => !ids.includes(id))});
	}

	/** A question in the status bar: each answer's keys (from the keymap) run its action; any other key cancels. */
	confirm(message: string, answers: ConfirmAnswer[], target?: string): void {
		this.store.update({overlay: {kind: 'confirm', message, answers, target}});
		this.relayout();
	}

	/** A terminal that just attached has none of our input modes set: send them all again. */
	resetOuterModes(): void {
		this.outerModes = undefined;
		this.syncOuterModes();
	}

	flash(text: string, kind: 'info' | 'error' = 'info'): void {
		this.store.update({message: {text, kind}});
	}

	clearMessage(): void {
		if (this.state.message) this.store.update({message: null});
	}

	/** The pane whose frame covers a screen cell, for the mouse. */
	paneAt(x: number, y: number): {index: number; id: string; inner: Rect; terminal: WorkspaceEntry['terminal']; running: boolean} | undefined {
		const inside = (r: Rect) => x >= r.x && x < r.x + r.width && y >= r.y && y < r.y + r.height;
		const candidates = this.rects.flatMap((r, index) => (r.visible && inside(r.outer) ? [index] : []));
		// Neighbours share borders: a title row belongs to the pane it names, another shared edge to the focused pane.
		const chosen = candidates.find(index => inside(this.rects[index].inner))
			?? candidates.find(index => this.rects[index].outer.y === y)
			?? candidates.find(index => index === this.state.focus)
			?? candidates[0];
		const chosenEntry = chosen === undefined ? undefined : this.workspace.entries()[chosen];
		if (chosen === undefined || !chosenEntry) return undefined;
		return {
			index: chosen,
			id: chosenEntry.id,
			inner: this.rects[chosen].inner,
			terminal: this.views.surfaceOf(chosenEntry),
			running: this.views.shownLive(chosenEntry),
		};
	}

	/** Sends bytes to what a session's pane shows: its agent or its service (mouse reports, wheel arrows). */
	writeTo(id: string, data: string): void {
		this.views.write(id, data);
	}

	/** Sends bytes to the focused agent (pane mode). */
	typeIntoFocused(data: string): void {
		const entry = this.focusedEntry();
		if (entry && this.views.shownLive(entry)) {
			this.lastInputAt = performance.now();
			// Typing into a pane answers it: its attention mark has done its job.
			this.clearAttention(this.state.focus);
			this.writeTo(entry.id, data);
		}
	}

	/** After spawning: the new pane, focused, in pane mode. */
	focusEntry(id: string, paneMode: boolean): void {
		this.refreshPanes();
		const index = this.indexOf(id);
		if (index >= 0) this.setFocus(index);
		if (paneMode) this.enterPaneMode();
	}

	focusedInnerSize(): {cols: number; rows: number} {
		const count = this.state.panes.length + 1;
		const rect = tile({x: 0, y: 0, width: this.state.cols, height: this.state.rows - 1}, count)[count - 1];
		return {cols: Math.max(1, rect.inner.width), rows: Math.max(1, rect.inner.height)};
	}

	innerSizeOf(id: string): {cols: number; rows: number} {
		const rect = this.rects[this.indexOf(id)];
		return rect ? {cols: rect.inner.width, rows: rect.inner.height} : {cols: 80, rows: 24};
	}

	dispose(): void {
		if (this.clock) clearTimeout(this.clock);
		this.copy.dispose();
	}

	private clearAttention(index: number): void {
		if (this.state.panes[index]?.attention) this.store.update({panes: this.state.panes.map((pane, i) => (i === index ? {...pane, attention: false} : pane))});
	}

	private setFocus(index: number): void {
		// Copy mode belongs to the focused pane: moving away returns that pane to its live screen.
		const copied = this.copy.paneId;
		if (copied !== undefined && this.workspace.entries()[index]?.id !== copied) this.copy.exit();
		this.clearAttention(index);
		this.store.update({focus: index, message: null});
		if (this.state.zoomed) this.relayout();
		const entry = this.focusedEntry();
		if (this.state.mode === 'pane' && (!entry || !this.views.shownLive(entry))) this.store.update({mode: 'grid'});
		this.syncOuterModes();
		this.options.screen.requestPaint();
	}

	private indexOf(id: string): number {
		return this.workspace.entries().findIndex(entry => entry.id === id);
	}

	private refreshPanes(force = false): void {
		const previous = new Map(this.state.panes.map(pane => [pane.id, pane]));
		this.views.prune(this.workspace.entries());
		const panes: PaneView[] = this.workspace.entries().map(entry => ({
			id: entry.id,
			slug: entry.slug,
			agent: entry.agent || '?',
			branch: entry.branch,
			status: entry.status,
			statusSince: entry.statusSince,
			exitCode: entry.exitCode,
			changedFiles: entry.changedFiles,
			...(entry.countFailed ? {countFailed: true} : {}),
			...(entry.merged ? {merged: true} : {}),
			...(entry.agent === 'shell' && entry.task ? {task: entry.task} : {}),
			...(entry.status === 'stopped' && entry.terminal ? {lastScreen: true} : {}),
			...(entry.usage ? {usage: {total: entry.usage.total, cost: entry.usage.cost, unpriced: entry.usage.unpriced}} : {}),
			attention: previous.get(entry.id)?.attention ?? false,
			...(entry.services ? {services: entry.services.map(({name, port, state, exitCode}) => ({name, port, state, exitCode}))} : {}),
			...(this.views.viewOf(entry.id) === undefined ? {} : {view: this.views.viewOf(entry.id)}),
			...this.paneExtras.get(entry.id),
		}));
		// Focus follows the session, not the position, when the list changes.
		const focusedId = this.state.panes[this.state.focus]?.id;
		const followed = panes.findIndex(pane => pane.id === focusedId);
		const focus = followed >= 0 ? followed : Math.min(Math.max(0, this.state.focus), Math.max(0, panes.length - 1));
		const unchanged = panes.length === this.state.panes.length && panes.every((pane, i) => samePane(pane, this.state.panes[i]));
		if (!unchanged || force || focus !== this.state.focus) this.store.update({panes, focus, now: Date.now()});
		// A session that went (removed in cleanup) leaves the merge queue, and those after it move up.
		const queued = this.state.marked.filter(id => panes.some(pane => pane.id === id));
		if (queued.length !== this.state.marked.length) this.store.update({marked: queued});
		const copied = this.copy.paneId;
		if (copied !== undefined && (panes[focus]?.id !== copied || !this.workspace.entries()[focus]?.terminal)) this.copy.forget(copied);
		if (this.state.mode === 'pane') {
			const entry = this.focusedEntry();
			if (!entry || !this.views.shownLive(entry)) this.leavePaneMode();
		}
		this.relayout();
	}

	/** Recomputes rectangles, resizes the agents' terminals to their interiors and hands the screen its layers. */
	private relayout(): void {
		const state = this.state;
		const area = {x: 0, y: 0, width: state.cols, height: Math.max(1, state.rows - 1)};
		const count = state.panes.length;
		this.rects = count === 0 ? [] : tile(area, count, state.zoomed ? state.focus : undefined);
		const entries = this.workspace.entries();
		if (state.overlay?.kind === 'screen' && this.activeScreen) {
			this.options.screen.setLayers(this.activeScreen.layers?.({cols: state.cols, rows: state.rows - 1}) ?? []);
			return;
		}
		const covered = state.overlay?.kind === 'help' || state.overlay?.kind === 'spawn' || state.overlay?.kind === 'explain' || state.overlay?.kind === 'card' || state.overlay?.kind === 'confirm' || this.tooSmall(state);
		const layers = [];
		for (let i = 0; i < this.rects.length; i++) {
			const rect = this.rects[i];
			const entry = entries[i];
			if (!entry || !rect.visible) continue;
			const sized = rect.inner.width > 0 && rect.inner.height > 0;
			// A stopped session's terminal is its last screen from the log (resized with the pane); an exited one's stays as it was.
			if (entry.terminal && entry.status !== 'exited' && sized) {
				if (entry.terminal.cols !== rect.inner.width || entry.terminal.rows !== rect.inner.height) this.workspace.resize(entry.id, rect.inner.width, rect.inner.height);
			}
			const surface = this.views.surfaceOf(entry);
			if (!surface) continue;
			if (sized) this.views.fit(entry, rect.inner.width, rect.inner.height);
			if (!covered) layers.push({surface: this.copy.surfaceFor(entry.id) ?? surface, rect: rect.inner});
		}
		this.options.screen.setLayers(layers);
	}

	private cursor() {
		const state = this.state;
		if (state.copy && !state.overlay) {
			const rect = this.rects[state.focus];
			const at = this.copy.cursor();
			if (!rect?.visible || !at) return undefined;
			return {x: rect.inner.x + Math.min(at.x, rect.inner.width - 1), y: rect.inner.y + Math.min(at.y, rect.inner.height - 1), visible: true};
		}
		if (state.mode !== 'pane' || state.overlay) return undefined;
		const entry = this.focusedEntry();
		const rect = this.rects[state.focus];
		const surface = entry && this.views.surfaceOf(entry);
		if (!surface || !rect?.visible) return undefined;
		const cursor = surface.cursor;
		return {x: rect.inner.x + Math.min(cursor.x, rect.inner.width - 1), y: rect.inner.y + cursor.y, visible: cursor.visible};
	}

	/**
	 * A program that enabled focus reporting (mode 1004) hears CSI O when its pane loses the keyboard inside the grid
	 * (another pane, grid mode, an overlay) and CSI I when it gets it back, as tmux's pane switches report them.
	 */
	private syncKeyboardFocus(): void {
		const entry = this.focusedEntry();
		const shown = entry && this.views.surfaceOf(entry);
		// The key names the pane and what it shows, so switching a pane between agent and service moves the focus too.
		const next = this.state.mode === 'pane' && !this.state.overlay && entry && shown ? `${entry.id}\u0000${this.views.viewOf(entry.id) ?? ''}` : undefined;
		if (next === this.keyboardFocus) return;
		const previous = this.keyboardFocus;
		this.keyboardFocus = next;
		for (const [key, focused] of [[previous, false], [next, true]] as const) {
			if (key === undefined) continue;
			const [id, view] = key.split('\u0000');
			const target = this.workspace.entries().find(candidate => candidate.id === id);
			if (!target) continue;
			const terminal = view === '' ? target.terminal : this.workspace.serviceTerminal(id, view);
			const live = view === '' ? target.terminal !== undefined && target.status !== 'exited' && target.status !== 'stopped' : target.services?.some(service => service.name === view && service.state !== 'exited' && service.state !== 'stopped');
			if (!terminal || !live) continue;
			const report = encodeFocus(focused, terminal.modes);
			if (!report) continue;
			if (view === '') this.workspace.write(id, report);
			else this.workspace.writeService(id, view, report);
		}
	}

	/** Mirrors the focused pane's input modes onto the outer terminal in pane mode; our own modes otherwise. */
	private syncOuterModes(): void {
		this.syncKeyboardFocus();
		const entry = this.focusedEntry();
		// Read once: every read builds the modes afresh, and this runs for each chunk the focused pane prints.
		const modes = entry && this.views.surfaceOf(entry)?.modes;
		const base: InputModes =
			this.state.mode === 'pane' && !this.state.copy && modes
				? {
					applicationCursorKeys: modes.applicationCursorKeys,
					applicationKeypad: modes.applicationKeypad,
					bracketedPaste: modes.bracketedPaste,
					focusEvents: modes.focusEvents,
					// Non-zero only while panes claim the protocol, i.e. while the outer terminal speaks it.
					kittyFlags: modes.kittyKeyboardFlags,
				}
				: this.state.overlay?.kind === 'spawn'
					? // The form's text fields take a paste as typed text.
					{...gridInputModes, bracketedPaste: false}
					: gridInputModes;
		// Every motion is asked for only while a focused program wants it: it is a lot of bytes over ssh.
		const mouse = !this.options.mouse ? 'off' : modes?.mouseTracking === 'any' && !this.state.copy ? 'any' : 'drag';
		const wanted: InputModes = {...base, mouse};
		const change = inputModeChange(this.outerModes, wanted);
		this.outerModes = wanted;
		if (change) this.options.writeOuter(change);
	}

	private notifyWaiting(id: string): void {
		const index = this.indexOf(id);
		const state = this.state;
		if (index < 0 || (index === state.focus && state.mode === 'pane')) return;
		// The focused pane is in plain view: it gets the bell, not a mark that would stay after the user answers it.
		if (index !== state.focus) this.store.update({panes: state.panes.map((pane, i) => (i === index ? {...pane, attention: true} : pane))});
		this.notify(`${this.workspace.entries()[index].slug} is waiting for you`);
	}

	/** A session whose estimated cost passes the budget is announced once, as a waiting session is. */
	private checkBudget(id: string): void {
		const budget = this.options.sessionBudget ?? 0;
		const entry = this.workspace.entries().find(candidate => candidate.id === id);
		if (budget <= 0 || !entry?.usage || entry.usage.cost < budget || this.overBudget.has(id)) return;
		this.overBudget.add(id);
		const text = `${entry.slug} passed its budget: ${formatCost(entry.usage)} of $${budget.toFixed(2)} (estimated)`;
		this.flash(text, 'error');
		this.notify(text);
	}

	/** Rings the bell or sends an OSC 9 notification, as the user chose. */
	private notify(text: string): void {
		if (this.options.notification === 'bell') this.options.writeOuter('\u0007');
		else if (this.options.notification === 'osc9') this.options.writeOuter(`\u001B]9;agentgrid: ${text}\u0007`);
	}

	/**
	 * Titles show whole minutes in a status: one wake-up a minute, on the wall-clock minute, for all panes at once.
	 * None while no terminal is attached, so a detached server sleeps; an attach calls this to set the titles right.
	 */
	refreshClock(): void {
		if (this.clock) clearTimeout(this.clock);
		this.clock = undefined;
		const now = Date.now();
		// The grid is drawn again only when a title reads differently: an attach within the minute of the last tick, or
		// agents idle for hours (whose titles change once an hour), cost a wake-up and no frame.
		const reads = (at: number) => this.state.panes.map(pane => formatStatusAge(at - pane.statusSince)).join();
		if (Math.floor(now / 60_000) !== Math.floor(this.state.now / 60_000) && reads(now) !== reads(this.state.now)) this.store.update({now});
		if (this.options.attached?.() === false) return;
		this.clock = setTimeout(() => this.refreshClock(), 60_000 - (now % 60_000) + 5);
		this.clock.unref();
	}
}

function samePane(a: PaneView, b: PaneView | undefined): boolean {
	return (
		b !== undefined &&
		a.id === b.id &&
		a.status === b.status &&
		a.statusSince === b.statusSince &&
		a.exitCode === b.exitCode &&
		a.changedFiles === b.changedFiles &&
		a.countFailed === b.countFailed &&
		a.merged === b.merged &&
		a.task === b.task &&
		a.lastScreen === b.lastScreen &&
		a.agent === b.agent &&
		a.branch === b.branch &&
		a.usage?.total === b.usage?.total &&
		a.usage?.cost === b.usage?.cost &&
		a.view === b.view &&
		JSON.stringify(a.services) === JSON.stringify(b.services)
	);
}
