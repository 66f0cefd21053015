/**
 * Keeps the overlap radar current in the background: runs the git service's overlap check on a timer and soon after
 * sessions change (one appears or goes, an agent finishes a turn), and marks each pane's title with what it found.
 * The check only spawns git processes, so input is never blocked; a run is never started while one is in progress.
 * A refresh asked for during a run stops that run (its git processes are killed: what it would report is already
 * stale) and starts again once it has ended; disposing stops the run in progress the same way.
 */
import type {OverlapReport} from '../../../core/git/worktree-service.js';
import {type OverlapMarker, overlapMarkers} from '../../../core/radar/radar-view.js';
import {scopeMarkers} from '../../../core/scope/scope-check.js';
import type {EntryStatus, WorkspaceEntry, WorkspaceEvent} from '../../../core/workspace/types.js';

export interface RadarSnapshot {
	report: OverlapReport;
	/** When the run finished (epoch ms). */
	at: number;
	durationMs: number;
}

export interface RadarRefresherOptions {
	worktrees: {overlap(signal?: AbortSignal, options?: {background?: boolean}): Promise<OverlapReport>};
	workspace: {entries(): readonly WorkspaceEntry[]; subscribe?(listener: (event: WorkspaceEvent) => void): () => void};
	setPaneExtras(id: string, extras: {overlap?: OverlapMarker; scope?: number}): void;
	/** Period of the background refresh; 0 turns the timer off (refresh on demand and on session changes only). */
	intervalMs?: number;
	/** Passes nobody waits for yield the CPU (default); the radar screen's are waited for. */
	background?: boolean;
	/** Wait after a session change before refreshing, so a burst of changes costs one run. */
	settleMs?: number;
	now?: () => number;
}

/** A run stopped this many times in a row for a newer one finishes, so that constant changes cannot starve the radar. */
const maxSupersededInARow = 3;

/** An agent that stops working has likely just written files: refresh then. */
const settledStatuses: ReadonlySet<EntryStatus> = new Set(['idle', 'waiting', 'exited', 'stopped']);

export class RadarRefresher {
	private snapshot: RadarSnapshot | undefined;
	private error: unknown;
	private inFlight: Promise<RadarSnapshot | undefined> | undefined;
	/** Stops the run in progress. */
	private pass: AbortController | undefined;
	private supersededInARow = 0;
	private followUp: Promise<RadarSnapshot | undefined> | undefined;
	private readonly applied = new Map<string, string>();
	private readonly listeners = new Set<() => void>();
	private timer: NodeJS.Timeout | undefined;
	private settleTimer: NodeJS.Timeout | undefined;
	private unsubscribe: (() => void) | undefined;
	/** Some agent printed something since the last run started. */
	private activeSinceRun = true;
	private disposed = false;
	private skippedTicks = 0;
	private readonly now: () => number;

	constructor(private readonly options: RadarRefresherOptions) {
		this.now = options.now ?? Date.now;
	}

	/** Starts the timer and the session-change trigger, and runs a first refresh. */
	start(): this {
		const interval = this.options.intervalMs ?? 15_000;
		if (interval > 0) {
			this.timer = setInterval(() => this.tick(), interval);
			this.timer.unref();
		}
		this.unsubscribe = this.options.workspace.subscribe?.(event => this.onWorkspaceEvent(event));
		void this.refreshNow();
		return this;
	}

	latest(): RadarSnapshot | undefined {
		return this.snapshot;
	}

	/** The failure of the last run, if it failed (the previous snapshot stays). */
	lastError(): unknown {
		return this.error;
	}

	isRefreshing(): boolean {
		return this.inFlight !== undefined;
	}

	/** Timer ticks that found a run still in progress and were skipped. */
	skipped(): number {
		return this.skippedTicks;
	}

	/**
	 * Refreshes now; while a run is in progress, asks for one more run after it (however many callers ask) so the
	 * result reflects whatever changed meanwhile.
	 */
	refreshNow(): Promise<RadarSnapshot | undefined> {
		if (this.disposed) return Promise.resolve(this.snapshot);
		if (!this.inFlight) {
			this.inFlight = this.run();
			return this.inFlight;
		}
		if (!this.followUp && this.supersededInARow < maxSupersededInARow) {
			this.supersededInARow++;
			this.pass?.abort('a newer radar pass replaces it');
		}
		this.followUp ??= this.inFlight.then(() => {
			this.followUp = undefined;
			return this.refreshNow();
		});
		return this.followUp;
	}

	/** Called after every run (and failure); returns the unsubscribe function. */
	subscribe(listener: () => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	dispose(): void {
		this.disposed = true;
		this.pass?.abort('the radar was stopped');
		clearInterval(this.timer);
		clearTimeout(this.settleTimer);
		this.unsubscribe?.();
		this.listeners.clear();
	}

	private tick(): void {
		// An idle grid costs nothing: the timer only catches work that no event announced (edits made by hand).
		if (this.inFlight || !this.activeSinceRun) {
			this.skippedTicks++;
			return;
		}
		void this.refreshNow();
	}

	private onWorkspaceEvent(event: WorkspaceEvent): void {
		if (event.type === 'output') this.activeSinceRun = true;
		if (event.type === 'entries' || (event.type === 'status' && settledStatuses.has(event.status) && !settledStatuses.has(event.previous))) {
			clearTimeout(this.settleTimer);
			this.settleTimer = setTimeout(() => void this.refreshNow(), this.options.settleMs ?? 1000);
			this.settleTimer.unref();
		}
	}

	private async run(): Promise<RadarSnapshot | undefined> {
		this.activeSinceRun = false;
		const started = this.now();
		const pass = new AbortController();
		this.pass = pass;
		try {
			const report = await this.options.worktrees.overlap(pass.signal, {background: this.options.background ?? true});
			if (this.disposed) return this.snapshot;
			this.snapshot = {report, at: this.now(), durationMs: this.now() - started};
			this.error = undefined;
			this.applyMarkers(report);
		} catch (error) {
			// A stopped run is no failure: the run that replaces it reports.
			if (pass.signal.aborted) return this.snapshot;
			// A failed run (e.g. a worktree removed mid-check) must not take the app down; the next run tries again.
			this.error = error;
		} finally {
			this.inFlight = undefined;
			this.pass = undefined;
			if (!pass.signal.aborted) this.supersededInARow = 0;
		}
		for (const listener of this.listeners) listener();
		return this.snapshot;
	}

	/** Only changed markers are sent: every call repaints the pane titles. */
	private applyMarkers(report: OverlapReport): void {
		const markers = overlapMarkers(report);
		const scope = scopeMarkers(report.scope);
		const present = new Set<string>();
		for (const entry of this.options.workspace.entries()) {
			present.add(entry.id);
			const extras = {overlap: markers.get(entry.slug), scope: scope.get(entry.slug)};
			const key = `${extras.overlap ?? ''}/${extras.scope ?? ''}`;
			if (this.applied.has(entry.id) ? this.applied.get(entry.id) === key : key === '/') continue;
			this.applied.set(entry.id, key);
			this.options.setPaneExtras(entry.id, extras);
		}
		for (const id of this.applied.keys()) {
			if (!present.has(id)) this.applied.delete(id);
		}
	}
}

export type StartRadarRefresherOptions = RadarRefresherOptions;

/** The app's background radar: call once the workspace is loaded, dispose when quitting. */
export function startRadarRefresher(options: StartRadarRefresherOptions): {refreshNow(): Promise<RadarSnapshot | undefined>; dispose(): void; refresher: RadarRefresher} {
	const refresher = new RadarRefresher(options).start();
	return {refreshNow: () => refresher.refreshNow(), dispose: () => refresher.dispose(), refresher};
}
