/**
 * The attach client's terminal, opened by the server itself, as tmux's server holds its clients' terminals: a key
 * press reaches the grid and a frame reaches the screen without passing through the client, which saves two process
 * wake-ups on every echo. The client offers its terminal's path only when it runs on this machine; the server opens
 * it only if it is a terminal device, and otherwise the client relays as before.
 */
import {close, constants, open} from 'node:fs';
import tty from 'node:tty';
import {promisify} from 'node:util';

/** How long a release waits for queued frames to reach a terminal that takes nothing (a stalled ssh link). */
const flushLimitMs = 1000;

export class DirectTerminal {
	private released = false;

	/**
	 * Two descriptors of one terminal: a read stream cannot stop reading at once (a paused one may still take one more
	 * read, a key meant for the editor or the shell), but it can be closed at once while frames still drain on the other.
	 */
	private constructor(private readonly reader: tty.ReadStream, private readonly writer: tty.ReadStream) {
		// A terminal that has hung up fails its reads and writes; the client's own hangup detaches it.
		reader.on('error', () => {});
		writer.on('error', () => {});
	}

	/** Opens `path` for reading and writing, never as the server's controlling terminal; rejects if it is no terminal. */
	static async open(path: string): Promise<DirectTerminal> {
		if (!path.startsWith('/dev/')) throw new Error(`${path} is not a terminal device`);
		const reader = await openTerminal(path, constants.O_RDONLY);
		const writer = await openTerminal(path, constants.O_WRONLY).catch((error: unknown) => {
			reader.destroy();
			throw error;
		});
		return new DirectTerminal(reader, writer);
	}

	/** Bytes written but not yet taken by the terminal. */
	get backlog(): number {
		return this.writer.writableLength;
	}

	write(data: string): void {
		if (!this.released) this.writer.write(data);
	}

	/** Calls back once the terminal has taken everything written. */
	onDrained(listener: () => void): void {
		if (this.backlog === 0) queueMicrotask(listener);
		else this.writer.once('drain', listener);
	}

	onInput(listener: (chunk: Buffer) => void): void {
		this.reader.on('data', listener);
	}

	/** Calls back when the terminal can no longer be read: it hung up or was closed. */
	onGone(listener: () => void): void {
		const once = () => {
			if (!this.released) listener();
		};
		this.reader.once('end', once);
		this.reader.once('close', once);
	}

	/** Stops reading at once; closes after what was written has reached the terminal, or after a second at most. */
	async release(): Promise<void> {
		if (this.released) return;
		this.released = true;
		this.reader.destroy();
		if (this.backlog > 0) {
			await new Promise<void>(resolve => {
				const timer = setTimeout(resolve, flushLimitMs);
				this.writer.once('drain', () => {
					clearTimeout(timer);
					resolve();
				});
			});
		}
		this.writer.destroy();
	}
}

async function openTerminal(path: string, mode: number): Promise<tty.ReadStream> {
	// Non-blocking, so a terminal that takes nothing never holds up the server's other work.
	// A plain descriptor, not a FileHandle, which would close it when collected.
	const fd = await promisify(open)(path, mode | constants.O_NOCTTY | constants.O_NONBLOCK);
	if (!tty.isatty(fd)) {
		close(fd, () => {});
		throw new Error(`${path} is not a terminal`);
	}
	// It reads only once listened to, and closes its descriptor when destroyed.
	const stream = new tty.ReadStream(fd);
	// libuv opens a terminal again by its name, for a descriptor of its own to make non-blocking, and leaves the one it
	// was given open as a copy of it: that one is closed here, or every attach would keep two descriptors.
	const own = (stream as unknown as {_handle?: {fd?: unknown}})._handle?.fd;
	if (typeof own === 'number' && own !== fd) close(fd, () => {});
	return stream;
}
