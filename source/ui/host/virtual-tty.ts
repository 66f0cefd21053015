/**
 * Ink talks to these instead of the real terminal. Ink only enables its full-screen features (alternate screen,
 * synchronized output, resize handling) on a stream that claims to be a TTY with a size, so we claim it; its frames go
 * to the compositor's chrome terminal and its input comes from the input router.
 */
import {PassThrough, Writable} from 'node:stream';

export class VirtualStdout extends Writable {
	readonly isTTY = true;
	private size: {columns: number; rows: number};

	constructor(
		size: {columns: number; rows: number},
		private readonly sink: (chunk: string) => void,
	) {
		super({decodeStrings: false});
		this.size = size;
	}

	get columns(): number {
		return this.size.columns;
	}

	get rows(): number {
		return this.size.rows;
	}

	getWindowSize(): [number, number] {
		return [this.size.columns, this.size.rows];
	}

	hasColors(): boolean {
		return true;
	}

	getColorDepth(): number {
		return 24;
	}

	setSize(columns: number, rows: number): void {
		if (columns === this.size.columns && rows === this.size.rows) return;
		this.size = {columns, rows};
		this.emit('resize');
	}

	override _write(chunk: unknown, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
		this.sink(typeof chunk === 'string' ? chunk : String(chunk));
		callback();
	}
}

/** Raw-mode-capable stdin for Ink: the router decides which bytes reach Ink at all. */
export class VirtualStdin extends PassThrough {
	readonly isTTY = true;
	isRaw = false;

	setRawMode(mode: boolean): this {
		this.isRaw = mode;
		return this;
	}

	ref(): this {
		return this;
	}

	unref(): this {
		return this;
	}
}
