/**
 * The attach client's terminal, opened by the server itself, as tmux's server holds its clients' terminals: a key
 * press reaches the grid and a frame reaches the screen without passing through the client, which saves two process
 * wake-ups on every echo. The client offers its terminal (path, device and inode) only when it runs on this machine;
 * the server opens it only if it is that very terminal device, and otherwise the client relays as before.
 */
import {close, constants, fstat, open} from 'node:fs';
import tty from 'node:tty';
import {promisify} from 'node:util';
import type {OfferedTerminal} from './protocol.js';

/** How long a release waits for queued frames to reach a terminal that takes nothing (a stalled ssh link). */
const flushLimitMs = 1000;

/**
 * Pseudo-terminals and the Linux consoles. libuv opens a terminal a second time by its name, without O_NONBLOCK and on
 * the event loop: a serial line waiting for a carrier would block the server there, so those are relayed.
 */
const directDevices = /^\/dev\/(pts\/\d+|tty\d+)$/;

export class DirectTerminal {
	private released = false;
	private readonly flushWaiters: Array<() => void> = [];

	/**
	 * Two descriptors of one terminal: a read stream cannot stop reading at once (a paused one may still take one more
	 * read, a key meant for the editor or the shell), but it can be closed at once while frames still drain on the other.
	 */
	private constructor(private readonly reader: tty.ReadStream, private readonly writer: tty.ReadStream) {
		// A terminal that has hung up fails its reads and writes; the client's own hangup detaches it.
		reader.on('error', () => {});
		writer.on('error', () => {});
	}

	/** Opens the offered terminal for reading and writing, never as the server's controlling terminal. */
	static async open(offered: OfferedTerminal): Promise<DirectTerminal> {
		if (!directDevices.test(offered.path)) throw new Error(`${offered.path} is not a terminal this server opens`);
		const reader = await openTerminal(offered, constants.O_RDONLY);
		const writer = await openTerminal(offered, constants.O_WRONLY).catch((error: unknown) => {
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
		if (this.released) return;
		this.writer.write(data, () => {
			if (this.writer.writableLength === 0) for (const waiter of this.flushWaiters.splice(0)) waiter();
		});
	}

	/** Calls back once the terminal has taken everything written. */
	onDrained(listener: () => void): void {
		if (this.backlog === 0) queueMicrotask(listener);
		else this.flushWaiters.push(listener);
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
				this.onDrained(() => {
					clearTimeout(timer);
					resolve();
				});
			});
		}
		this.writer.destroy();
	}
}

async function openTerminal(offered: OfferedTerminal, mode: number): Promise<tty.ReadStream> {
	// A plain descriptor, not a FileHandle, which would close it when collected; non-blocking, so the open itself never
	// waits. libuv makes the descriptor it opens again non-blocking too: a terminal that takes nothing holds up nothing.
	const fd = await promisify(open)(offered.path, mode | constants.O_NOCTTY | constants.O_NONBLOCK);
	// Closed here until a stream owns it; closing it twice could close a descriptor opened meanwhile under its number.
	let owned = false;
	try {
		const stats = await promisify(fstat)(fd);
		// The terminal the client sits at, not one of the same name elsewhere (another /dev in another container).
		if (!stats.isCharacterDevice() || stats.dev !== offered.dev || stats.ino !== offered.ino || !tty.isatty(fd)) {
			throw new Error(`${offered.path} is not the client's terminal`);
		}
		const stream = new tty.ReadStream(fd);
		// libuv opens a terminal again by its name, for a descriptor of its own to make non-blocking, and leaves the one
		// it was given open as a copy of it: that one is closed here. A terminal it could not open again (a pty master,
		// /dev/ptmx) it would write with blocking writes on this non-blocking descriptor: refused.
		const own = (stream as unknown as {_handle?: {fd?: unknown}})._handle?.fd;
		if (typeof own !== 'number' || own === fd) {
			owned = true;
			stream.destroy();
			throw new Error(`${offered.path} cannot be opened as a terminal of its own`);
		}
		close(fd, () => {});
		return stream;
	} catch (error) {
		if (!owned) close(fd, () => {});
		throw error;
	}
}
