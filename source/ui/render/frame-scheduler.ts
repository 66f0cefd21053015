/**
 * Decides when the compositor paints. Background panes are coalesced to at most one frame per maxFps tick; the
 * focused pane's output and chrome changes caused by the user paint on the next turn of the event loop, so typed
 * characters echo in well under a tick.
 */
export class FrameScheduler {
	private immediate: NodeJS.Immediate | undefined;
	private timer: NodeJS.Timeout | undefined;
	private lastFrame = 0;
	private readonly interval: number;

	constructor(
		maxFps: number,
		private readonly paint: () => void,
		private readonly now: () => number = () => performance.now(),
	) {
		this.interval = 1000 / Math.max(1, maxFps);
	}

	/** Paint as soon as the current burst of synchronous work is done. */
	urgent(): void {
		if (this.immediate) return;
		this.immediate = setImmediate(() => {
			this.immediate = undefined;
			this.run();
		});
	}

	/** Paint at the next tick, not sooner than one interval after the previous frame. */
	soon(): void {
		if (this.timer || this.immediate) return;
		const wait = Math.max(0, this.lastFrame + this.interval - this.now());
		this.timer = setTimeout(() => {
			this.timer = undefined;
			this.run();
		}, wait);
	}

	dispose(): void {
		if (this.immediate) clearImmediate(this.immediate);
		if (this.timer) clearTimeout(this.timer);
		this.immediate = undefined;
		this.timer = undefined;
	}

	private run(): void {
		if (this.timer) {
			clearTimeout(this.timer);
			this.timer = undefined;
		}
		this.lastFrame = this.now();
		this.paint();
	}
}
