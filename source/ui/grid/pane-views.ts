/**
 * What each pane shows: its agent, or one of its session's services (`v` cycles through them). Keys, the mouse, copy
 * mode and resizes go to whatever a pane shows.
 */
import type {WorkspaceApi, WorkspaceEntry} from '../../core/workspace/types.js';

export class PaneViews {
	/** Session id to the name of the service its pane shows; absent: the agent. */
	private readonly views = new Map<string, string>();

	constructor(private readonly workspace: WorkspaceApi) {}

	viewOf(id: string): string | undefined {
		return this.views.get(id);
	}

	/** Back to the agent; says whether the pane showed a service. */
	showAgent(id: string): boolean {
		return this.views.delete(id);
	}

	/**
	 * The next service of the session that has run here after the one shown, or the agent again after the last.
	 * Resolves to what the pane shows now, or null when no service has started at all (nothing changes).
	 */
	cycle(entry: WorkspaceEntry): string | undefined | null {
		const names = (entry.services ?? []).map(service => service.name);
		const current = this.views.get(entry.id);
		const start = current === undefined ? 0 : names.indexOf(current) + 1;
		const next = names.slice(start).find(name => this.workspace.serviceTerminal(entry.id, name) !== undefined);
		if (next === undefined) {
			if (current === undefined) return null;
			this.views.delete(entry.id);
			return undefined;
		}
		this.views.set(entry.id, next);
		return next;
	}

	/** A pane whose service has gone (its session removed) shows its agent again; one restarting keeps its view. */
	prune(entries: readonly WorkspaceEntry[]): void {
		for (const [id, view] of this.views) {
			if (!entries.some(entry => entry.id === id && entry.services?.some(service => service.name === view))) this.views.delete(id);
		}
	}

	/** The terminal a pane shows: its service's when it shows one, else its agent's. */
	surfaceOf(entry: WorkspaceEntry) {
		const view = this.views.get(entry.id);
		return view === undefined ? entry.terminal : this.workspace.serviceTerminal(entry.id, view);
	}

	/** Whether what a pane shows has a running process to type into. */
	shownLive(entry: WorkspaceEntry): boolean {
		const view = this.views.get(entry.id);
		if (view === undefined) return entry.terminal !== undefined && entry.status !== 'exited' && entry.status !== 'stopped';
		const service = entry.services?.find(candidate => candidate.name === view);
		return service !== undefined && service.state !== 'exited' && service.state !== 'stopped' && this.workspace.serviceTerminal(entry.id, view) !== undefined;
	}

	/** Sends bytes to what a session's pane shows: its agent or its service (keys, mouse reports, wheel arrows). */
	write(id: string, data: string): void {
		const view = this.views.get(id);
		if (view === undefined) this.workspace.write(id, data);
		else this.workspace.writeService(id, view, data);
	}

	/** Sizes a shown service's terminal to its pane. */
	fit(entry: WorkspaceEntry, cols: number, rows: number): void {
		const view = this.views.get(entry.id);
		const surface = this.surfaceOf(entry);
		if (view === undefined || !surface || !this.shownLive(entry) || (surface.cols === cols && surface.rows === rows)) return;
		this.workspace.resizeService(entry.id, view, cols, rows);
	}
}
