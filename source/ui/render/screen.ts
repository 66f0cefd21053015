/**
 * Ties the rendering together: Ink's frames are parsed into a chrome terminal, pane layers come from the sessions'
 * terminals, and the compositor writes the difference to the real terminal, paced by the frame scheduler.
 */
import {HeadlessTerminal} from '../../core/terminal/headless-terminal.js';
import {spanTimeline, timelineRecording} from '../../core/timeline.js';
import type {DirtyRows} from '../../core/terminal/dirty-tracker.js';
import type {RowCells} from '../../core/terminal/cells.js';
import type {Rect} from '../../core/layout/types.js';
import {Compositor, type CursorRequest, type OutputStyle} from './compositor.js';
import {FrameScheduler} from './frame-scheduler.js';

export interface PaneSurface {
	readonly cols: number;
	readonly rows: number;
	readRow(y: number, into?: RowCells): RowCells;
	takeDirtyRows(): DirtyRows;
	/** While the pane's program holds synchronized output its half-drawn frame is not shown (up to a timeout). */
	readonly modes: {synchronizedOutput: boolean};
}

export interface ScreenLayer {
	surface: PaneSurface;
	rect: Rect;
}

/** A program that never ends its synchronized update must not freeze its pane. */
const syncHoldLimitMs = 150;

export class Screen {
	readonly chrome: HeadlessTerminal;
	private readonly compositor: Compositor;
	private readonly scheduler: FrameScheduler;
	private layers: ScreenLayer[] = [];
	private readonly heldSince = new Map<PaneSurface, number>();
	private cursorProvider: () => CursorRequest | undefined = () => undefined;
	private frozen = false;
	bytesWritten = 0;

	constructor(
		private cols: number,
		private rows: number,
		maxFps: number,
		private readonly output: (data: string) => void,
		/**
		 * Whether anyone sees the output now. While nobody does, nothing is composed (a detached server's streaming
		 * agents cost no painting); whoever comes next is drawn whole (`freeze(false)`), changes made meanwhile included.
		 */
		private readonly shown: () => boolean = () => true,
	) {
		this.chrome = new HeadlessTerminal({cols, rows, scrollback: 0});
		this.compositor = new Compositor(cols, rows);
		this.compositor.setChrome(this.chrome);
		this.scheduler = new FrameScheduler(maxFps, () => this.paint());
	}

	/** Ink's output: parsed into the chrome terminal, painted as soon as it is parsed. */
	writeChrome(chunk: string): void {
		const started = timelineRecording() ? performance.now() : undefined;
		// A real tty turns LF into CR LF on output (onlcr); Ink relies on it.
		this.chrome.write(chunk.replaceAll('\n', '\r\n'), () => this.scheduler.urgent());
		if (started !== undefined) spanTimeline('chrome parse', started);
	}

	setLayers(layers: ScreenLayer[]): void {
		this.layers = layers;
		this.compositor.setPanes(layers.map(layer => ({surface: layer.surface, rect: layer.rect})));
		this.scheduler.urgent();
	}

	setCursorProvider(provider: () => CursorRequest | undefined): void {
		this.cursorProvider = provider;
	}

	/** A pane's terminal parsed output; the focused pane paints at once, the others at the next tick. */
	paneChanged(urgent: boolean): void {
		if (!this.shown()) return;
		if (urgent) this.scheduler.urgent();
		else this.scheduler.soon();
	}

	requestPaint(): void {
		this.scheduler.urgent();
	}

	/** Stops painting, e.g. while an editor owns the terminal or while a resize settles. */
	freeze(frozen: boolean): void {
		this.frozen = frozen;
		if (!frozen) {
			// A pane's synchronized update timed before the pause would be let through half-drawn at once.
			this.heldSince.clear();
			this.compositor.resize(this.cols, this.rows);
			this.scheduler.urgent();
		}
	}

	/** Whether the outer terminal takes styled and coloured underlines; changing it repaints everything. */
	setUnderlineStyles(on: boolean): void {
		this.compositor.setUnderlineStyles(on);
	}

	/** Colour depth, NO_COLOR and ASCII of the attached terminal; a change repaints everything. */
	setOutputStyle(style: OutputStyle): void {
		this.compositor.setOutputStyle(style);
	}

	resize(cols: number, rows: number): void {
		this.cols = cols;
		this.rows = rows;
		this.chrome.resize(cols, rows);
		this.compositor.resize(cols, rows);
	}

	dispose(): void {
		this.scheduler.dispose();
		this.chrome.dispose();
	}

	private paint(): void {
		if (this.frozen || !this.shown()) return;
		const started = timelineRecording() ? performance.now() : undefined;
		this.compose();
		if (started !== undefined) spanTimeline('paint', started);
	}

	private compose(): void {
		const chromeDirty = this.chrome.takeDirtyRows();
		this.compositor.chromeRowsChanged(chromeDirty.rows, chromeDirty.all);
		const now = performance.now();
		let held = false;
		this.layers.forEach((layer, index) => {
			if (layer.surface.modes.synchronizedOutput) {
				const since = this.heldSince.get(layer.surface) ?? now;
				this.heldSince.set(layer.surface, since);
				if (now - since < syncHoldLimitMs) {
					held = true;
					return;
				}
			} else {
				this.heldSince.delete(layer.surface);
			}
			this.compositor.markPaneRows(index, layer.surface.takeDirtyRows().rows);
		});
		// Check again shortly: the program will end its update, or the hold times out.
		if (held) this.scheduler.soon();
		const frame = this.compositor.frame(this.cursorProvider());
		if (frame.length > 0) {
			this.bytesWritten += frame.length;
			this.output(frame);
		}
	}
}
