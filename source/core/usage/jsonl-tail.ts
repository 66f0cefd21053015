/**
 * Reads a growing JSON-lines file from where the last read stopped: only complete lines are returned, a partial last
 * line waits for the rest, and a file that shrank (rewritten) is read again from the start.
 */
import {open, stat} from 'node:fs/promises';

/** At most this much is read per call, so one huge file cannot hold the event loop. */
const maxReadBytes = 8 * 1024 * 1024;

export class JsonlTail {
	private offset = 0;
	private partial: Buffer = Buffer.alloc(0);

	constructor(readonly file: string) {}

	/** New complete lines, parsed (lines that are not JSON are skipped); `restarted` when the file was rewritten. */
	async read(): Promise<{entries: unknown[]; restarted: boolean}> {
		const info = await stat(this.file).catch(() => undefined);
		if (!info) return {entries: [], restarted: false};
		let restarted = false;
		if (info.size < this.offset) {
			this.offset = 0;
			this.partial = Buffer.alloc(0);
			restarted = true;
		}

		if (info.size === this.offset) return {entries: [], restarted};
		const length = Math.min(info.size - this.offset, maxReadBytes);
		const handle = await open(this.file, 'r');
		let chunk: Buffer;
		try {
			chunk = Buffer.alloc(length);
			const {bytesRead} = await handle.read(chunk, 0, length, this.offset);
			chunk = chunk.subarray(0, bytesRead);
		} finally {
			await handle.close();
		}

		this.offset += chunk.length;
		const data = this.partial.length === 0 ? chunk : Buffer.concat([this.partial, chunk]);
		const end = data.lastIndexOf(10);
		this.partial = end === -1 ? data : data.subarray(end + 1);
		if (end === -1) return {entries: [], restarted};
		const entries: unknown[] = [];
		for (const line of data.subarray(0, end).toString('utf8').split('\n')) {
			if (line.trim() === '') continue;
			try {
				entries.push(JSON.parse(line));
			} catch {
				// A corrupt line is skipped; the rest of the file still counts.
			}
		}

		return {entries, restarted};
	}
}
