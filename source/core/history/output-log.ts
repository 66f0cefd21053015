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

export class OutputLog {
	private queue: LogRecord[] = [];
	private queuedChars = 0;
	private timer: NodeJS.Timeout | undefined;
	private writing: Promise<void> = Promise.resolve();
	private size: {cols: number; rows: number} | undefined;
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
		private fileBytes: number,
		private readonly options: OutputLogOptions,
	) {
		this.fileLimit = Math.max(1024, Math.floor(options.maxBytes / 2));
		// Output is cut into pieces so no single record can carry a file far past its share.
		this.pieceChars = Math.max(256, Math.min(64 * 1024, Math.floor(this.fileLimit / 16)));
	}

	output(text: string): void {
		if (this.closed || this.failed || text.length === 0) return;
		this.queue.push({kind: 'output', text});
		this.queuedChars += text.length;
		this.schedule();
	}

	/** The terminal size from here on (at start and after every resize). */
	resize(cols: number, rows: number): void {
		if (this.closed || this.failed) return;
		this.queue.push({kind: 'size', cols, rows});
		this.schedule();
	}

	/** Marks a new start of the agent in a log that already holds an earlier run. */
	restart(at: Date): void {
		if (this.closed || this.failed) return;
		this.queue.push({kind: 'restart', at: at.toISOString()});
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

	private schedule(): void {
		if (this.queuedChars >= eagerBytes) {
			void this.flush();
			return;
		}
		this.timer ??= setTimeout(() => void this.flush(), this.options.flushMs ?? 100);
	}

	private async write(batch: LogRecord[]): Promise<void> {
		if (this.failed) return;
		try {
			let pending: Buffer[] = [];
			let pendingBytes = 0;
			for (const record of pieces(batch, this.pieceChars)) {
				const bytes = encodeRecord(record);
				if (this.fileBytes + pendingBytes + bytes.length > this.fileLimit && this.fileBytes + pendingBytes > this.headerBytes()) {
					await this.append(pending);
					pending = [];
					pendingBytes = 0;
					await this.rotate();
				}
				if (record.kind === 'size') this.size = {cols: record.cols, rows: record.rows};
				pending.push(bytes);
				pendingBytes += bytes.length;
			}
			await this.append(pending);
		} catch (error) {
			this.failed = true;
			this.options.onError?.(error as Error);
		}
	}

	private async append(buffers: Buffer[]): Promise<void> {
		if (buffers.length === 0) return;
		const {bytesWritten} = await this.handle.writev(buffers);
		this.fileBytes += bytesWritten;
	}

	/** Bytes a fresh file starts with: the magic and the size in effect. */
	private headerBytes(): number {
		return logMagic.length + (this.size ? encodeRecord({kind: 'size', ...this.size}).length : 0);
	}

	private async rotate(): Promise<void> {
		await this.handle.close();
		await rename(this.paths.current, this.paths.previous);
		this.handle = await open(this.paths.current, 'w', 0o600);
		const header = this.size ? [logMagic, encodeRecord({kind: 'size', ...this.size})] : [logMagic];
		this.fileBytes = 0;
		await this.append(header);
	}
}

/** Output records cut to at most `limit` characters, never between the two halves of a surrogate pair. */
function* pieces(batch: LogRecord[], limit: number): Generator<LogRecord> {
	for (const record of batch) {
		if (record.kind !== 'output' || record.text.length <= limit) {
			yield record;
			continue;
		}
		for (let start = 0; start < record.text.length;) {
			let end = Math.min(record.text.length, start + limit);
			const last = record.text.charCodeAt(end - 1);
			if (end < record.text.length && last >= 0xD800 && last <= 0xDBFF) end--;
			yield {kind: 'output', text: record.text.slice(start, end)};
			start = end;
		}
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
