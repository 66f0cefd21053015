/**
 * The radar screen (`o`): which sessions touch the same files and which are predicted to conflict, with each other
 * or with their moved base, so the user can sequence or re-scope them before merging. Opening it (and `r`) runs a
 * fresh check in the background; the pane markers are updated from the same result.
 */
import React from 'react';
import {errorText} from '../../grid/command-runner.js';
import {type RadarRow, radarRows} from '../../../core/radar/radar-view.js';
import type {KeyEvent} from '../../input/key-event.js';
import type {CommandIdOf} from '../../keymap/index.js';
import type {ScreenOpenContext} from '../registry.js';
import type {ScreenController} from '../types.js';
import {RadarRefresher} from './radar-refresher.js';
import {RadarView} from './RadarView.js';

export class RadarScreen implements ScreenController {
	readonly scope = 'radar' as const;
	private selected = 0;
	private rows: RadarRow[] = [];
	private readonly refresher: RadarRefresher;
	private readonly clock: NodeJS.Timeout;

	constructor(private readonly context: ScreenOpenContext) {
		this.refresher = new RadarRefresher({
			worktrees: context.services.worktrees,
			workspace: context.services.workspace,
			setPaneExtras: (id, extras) => context.setPaneExtras(id, extras),
			intervalMs: 0,
			// The screen's passes are the ones its user opened it or pressed refresh for.
			background: false,
		});
		this.refresher.subscribe(() => this.onResult());
		// "checked 3s ago" stays truthful while the screen is open.
		this.clock = setInterval(() => context.host.changed(), 5000);
		this.clock.unref();
		void this.refresh();
	}

	/** Resolves when the check asked for has finished (the screen is then up to date). */
	refresh(): Promise<unknown> {
		const done = this.refresher.refreshNow();
		this.context.host.changed();
		return done;
	}

	onKey(_key: KeyEvent, command: CommandIdOf<'radar'> | undefined): void {
		switch (command) {
			case 'radar.down':
				this.select(this.selected + 1);
				break;
			case 'radar.up':
				this.select(this.selected - 1);
				break;
			case 'radar.refresh':
				void this.refresh();
				break;
			case 'radar.close':
				this.context.host.close();
				break;
			default:
				break;
		}
	}

	render(size: {cols: number; rows: number}): React.ReactElement {
		const snapshot = this.refresher.latest();
		const error = this.refresher.lastError();
		return (
			<RadarView
				cols={size.cols}
				rows={size.rows}
				model={{
					rows: this.rows,
					sessions: snapshot?.report.sessions ?? [],
					selected: this.selected,
					refreshing: this.refresher.isRefreshing(),
					at: snapshot?.at,
					durationMs: snapshot?.durationMs,
					error: error === undefined ? undefined : errorText(error),
					now: Date.now(),
				}}
			/>
		);
	}

	dispose(): void {
		clearInterval(this.clock);
		this.refresher.dispose();
	}

	private onResult(): void {
		const snapshot = this.refresher.latest();
		const previous = this.rows[this.selected];
		this.rows = snapshot ? radarRows(snapshot.report) : [];
		// Keep the cursor on the same row when it is still there.
		const same = previous ? this.rows.findIndex(row => sameRow(row, previous)) : -1;
		this.select(same >= 0 ? same : this.selected);
	}

	private select(index: number): void {
		this.selected = Math.max(0, Math.min(index, this.rows.length - 1));
		this.context.host.changed();
	}
}

function sameRow(x: RadarRow, y: RadarRow): boolean {
	if (x.kind === 'pair' && y.kind === 'pair') return x.a === y.a && x.b === y.b;
	if (x.kind === 'base' && y.kind === 'base') return x.slug === y.slug;
	if (x.kind === 'scope' && y.kind === 'scope') return x.slug === y.slug && x.breach === y.breach && x.owner === y.owner;
	return false;
}

export function openRadar(context: ScreenOpenContext): ScreenController {
	return new RadarScreen(context);
}
