/**
 * Writes one session's output log: records are queued in memory as the program prints and written together a
 * moment later (one write per batch, never more than one in flight), so logging costs the pty's read path no more
 * than an array push. The log is bounded: when the current file would pass half the size limit it becomes the
 * previous file (replacing the one before) and a fresh file starts with the size in effect, so the two together
 * stay within the limit and each replays on its own.
 */
import {mkdir, open, rename, type FileHandle} from 'node:fs/promises';
import path from 'node:path';
import {completeLength, encodeRecord, logMagic, type LogRecord} from './log-format.js';
import type {LogPaths} from './log-files.js';

export interface OutputLogOptions {
	/** Both files together stay within this many bytes (plus one record). */
	maxBytes: number;
	/** How long output gathers before it is written; default 100 ms. */
	flushMs?: number;
	/** A write failed (disk full, directory gone): logging stops for this session and the program runs on. */
	onError?: (error: Error) => void;
}

/** Queued text beyond this is written at once rather than at the next flush tick. */
const eagerBytes = 256 * 1024;
/** Bytes of a record besides its payload: kind and length. */
const recordHeader = 5;
const sizeRecordBytes = recordHeader + 4;

/** A point in the output where a new file starts, with the screen as it was there (or '' with no screen source). */
interface Rotation {
	kind: 'rotate';
	snapshot: string;
}

export class OutputLog {
	private queue: Array<LogRecord | Rotation> = [];
	private queuedChars = 0;
	private timer: NodeJS.Timeout | undefined;
	private writing: Promise<void> = Promise.resolve();
	/** The size in effect where records are queued, and where they are written. */
	private queuedSize: {cols: number; rows: number} | undefined;
	private writtenSize: {cols: number; rows: number} | undefined;
	/** What the current file will hold once the queue is written, and what it starts with (header and screen). */
	private plannedBytes: number;
	private startBytes: number;
	private snapshot: ((lastOutput: string) => string | undefined) | undefined;
	private failed = false;
	private closed = false;
	private closing: Promise<void> | undefined;
	private readonly fileLimit: number;
	private readonly pieceChars: number;

	/** Opens (or continues) the log; `hadOutput` says whether an earlier run already wrote to it. */
	static async open(paths: LogPaths, options: OutputLogOptions): Promise<{log: OutputLog; hadOutput: boolean}> {
		await mkdir(path.dirname(paths.current), {recursive: true, mode: 0o700});
		const handle = await open(paths.current, 'a+', 0o600);
		try {
			const existing = await handle.readFile();
			const valid = completeLength(existing);
			// A record cut short by a crash would swallow whatever is appended after it.
			if (valid < existing.length) await handle.truncate(valid);
			if (valid === 0) await handle.write(logMagic);
			const size = Math.max(valid, logMagic.length);
			const hadOutput = size > logMagic.length || (await fileExists(paths.previous));
			return {log: new OutputLog(paths, handle, size, options), hadOutput};
		} catch (error) {
			await handle.close();
			throw error;
		}
	}

	private constructor(
		private readonly paths: LogPaths,
		private handle: FileHandle,
		fileBytes: number,
		private readonly options: OutputLogOptions,
	) {
		this.fileLimit = Math.max(1024, Math.floor(options.maxBytes / 2));
		// Output is cut into pieces so no single record can carry a file far past its share.
		this.pieceChars = Math.max(256, Math.min(64 * 1024, Math.floor(this.fileLimit / 16)));
		this.plannedBytes = fileBytes;
		this.startBytes = logMagic.length;
	}

	/**
	 * Where the screen comes from when a new file starts: called with the terminal in the state the output logged so
	 * far leaves it (the recorder is fed as output is parsed), so each file replays on its own from a true screen.
	 * The source gets the chunk just logged, as the output may stop inside an escape sequence the snapshot has to
	 * reopen (a file started without it would replay the sequence's rest as text); it returns undefined when it cannot,
	 * and the rotation waits for a later chunk.
	 */
	snapshotFrom(source: (lastOutput: string) => string | undefined): void {
		this.snapshot = source;
	}

	output(text: string): void {
		if (this.closed || this.failed || text.length === 0) return;
		for (const piece of pieces(text, this.pieceChars)) {
			this.add({kind: 'output', text: piece}, recordHeader + Buffer.byteLength(piece));
			// Without a screen to start the next file with, it may start anywhere.
			if (!this.snapshot && this.full()) this.rotateHere('');
		}
		// With one, only after the whole chunk: the screen is the one this chunk left.
		if (this.snapshot && this.full()) {
			const screen = this.snapshot(text);
			if (screen !== undefined) this.rotateHere(screen);
			// Output that never comes to rest still gets its files, each starting wherever it can.
			else if (this.plannedBytes >= 2 * this.fileLimit) this.rotateHere('');
		}
		this.queuedChars += text.length;
		this.schedule();
	}

	/** The terminal size from here on (at start and after every resize). */
	resize(cols: number, rows: number): void {
		if (this.closed || this.failed) return;
		this.add({kind: 'size', cols, rows}, sizeRecordBytes);
		this.queuedSize = {cols, rows};
		this.schedule();
	}

	/** Marks a new start of the agent in a log that already holds an earlier run. */
	restart(at: Date): void {
		if (this.closed || this.failed) return;
		const when = at.toISOString();
		this.add({kind: 'restart', at: when}, recordHeader + Buffer.byteLength(when));
		this.schedule();
	}

	/** Resolves once everything queued so far is on disk. */
	async flush(): Promise<void> {
		clearTimeout(this.timer);
		this.timer = undefined;
		const batch = this.queue;
		this.queue = [];
		this.queuedChars = 0;
		if (batch.length > 0) this.writing = this.writing.then(() => this.write(batch));
		await this.writing;
	}

	/** Writes what is queued and closes the file; later records are ignored. Safe to call more than once. */
	close(): Promise<void> {
		this.closing ??= (async () => {
			await this.flush();
			this.closed = true;
			await this.handle.close().catch(() => {});
		})();
		return this.closing;
	}

	private add(record: LogRecord, bytes: number): void {
		this.queue.push(record);
		this.plannedBytes += bytes;
	}

	/** The current file has output beyond its start and reached its share of the limit. */
	private full(): boolean {
		return this.plannedBytes >= this.fileLimit && this.plannedBytes > this.startBytes;
	}

	private rotateHere(snapshot: string): void {
		this.queue.push({kind: 'rotate', snapshot});
		this.startBytes = logMagic.length + (this.queuedSize ? sizeRecordBytes : 0) + (snapshot === '' ? 0 : recordHeader + Buffer.byteLength(snapshot));
		this.plannedBytes = this.startBytes;
	}

	private schedule(): void {
		if (this.queuedChars >= eagerBytes) {
			void this.flush();
			return;
		}
		this.timer ??= setTimeout(() => void this.flush(), this.options.flushMs ?? 100);
	}

	private async write(batch: Array<LogRecord | Rotation>): Promise<void> {
		if (this.failed) return;
		try {
			let pending: Buffer[] = [];
			for (const item of batch) {
				if (item.kind === 'rotate') {
					await this.append(pending);
					pending = [];
					await this.rotate(item.snapshot);
					continue;
				}
				if (item.kind === 'size') this.writtenSize = {cols: item.cols, rows: item.rows};
				pending.push(encodeRecord(item));
			}
			await this.append(pending);
		} catch (error) {
			this.failed = true;
			this.options.onError?.(error as Error);
		}
	}

	private async append(buffers: Buffer[]): Promise<void> {
		if (buffers.length > 0) await this.handle.writev(buffers);
	}

	/** The current file becomes the previous one; the new one starts with the size in effect and the screen there. */
	private async rotate(snapshot: string): Promise<void> {
		await this.handle.close();
		await rename(this.paths.current, this.paths.previous);
		this.handle = await open(this.paths.current, 'w', 0o600);
		const start: Buffer[] = [logMagic];
		if (this.writtenSize) start.push(encodeRecord({kind: 'size', ...this.writtenSize}));
		if (snapshot !== '') start.push(encodeRecord({kind: 'output', text: snapshot}));
		await this.append(start);
	}
}

/** Text cut to at most `limit` characters a piece, never between the two halves of a surrogate pair. */
function* pieces(text: string, limit: number): Generator<string> {
	if (text.length <= limit) {
		yield text;
		return;
	}
	for (let start = 0; start < text.length;) {
		let end = Math.min(text.length, start + limit);
		const last = text.charCodeAt(end - 1);
		if (end < text.length && last >= 0xD800 && last <= 0xDBFF) end--;
		yield text.slice(start, end);
		start = end;
	}
}

async function fileExists(file: string): Promise<boolean> {
	try {
		const handle = await open(file, 'r');
		await handle.close();
		return true;
	} catch {
		return false;
	}
}
