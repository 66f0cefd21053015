/**
 * A session's output log on disk: length-framed records, so any bytes a program prints (escape sequences, NULs,
 * invalid UTF-8, things that look like our own framing) are stored and read back as they were, and a record cut
 * short by a crash is dropped instead of spoiling what came before it.
 *
 *   file    = magic record*
 *   record  = kind (1 byte) length (uint32 BE) payload
 *   'o'     output: the program's text as UTF-8
 *   's'     size: cols, rows (uint16 BE each); the terminal size from here on
 *   'r'     restart: the agent was started again; payload: when (ISO 8601)
 */

export const logMagic = Buffer.from('agentgrid-log 1\n');

export type LogRecord =
	| {kind: 'output'; text: string}
	| {kind: 'size'; cols: number; rows: number}
	| {kind: 'restart'; at: string};

const headerBytes = 5;
const kindByte = {output: 0x6f, size: 0x73, restart: 0x72} as const;

export function encodeRecord(record: LogRecord): Buffer {
	const payload = record.kind === 'output'
		? Buffer.from(record.text, 'utf8')
		: record.kind === 'size'
			? sizePayload(record.cols, record.rows)
			: Buffer.from(record.at, 'utf8');
	const header = Buffer.allocUnsafe(headerBytes);
	header[0] = kindByte[record.kind];
	header.writeUInt32BE(payload.length, 1);
	return Buffer.concat([header, payload]);
}

function sizePayload(cols: number, rows: number): Buffer {
	const payload = Buffer.allocUnsafe(4);
	payload.writeUInt16BE(Math.min(0xFFFF, Math.max(1, cols)), 0);
	payload.writeUInt16BE(Math.min(0xFFFF, Math.max(1, rows)), 2);
	return payload;
}

/**
 * The records of one file, oldest first. A file that does not start with the magic yields nothing (it is not ours);
 * a truncated last record (the server was killed mid-write) and records of kinds this version does not know are
 * skipped.
 */
export function decodeRecords(file: Buffer): LogRecord[] {
	if (file.length < logMagic.length || !file.subarray(0, logMagic.length).equals(logMagic)) return [];
	const records: LogRecord[] = [];
	let at = logMagic.length;
	while (at + headerBytes <= file.length) {
		const kind = file[at];
		const length = file.readUInt32BE(at + 1);
		const start = at + headerBytes;
		const end = start + length;
		if (end > file.length) break;
		const payload = file.subarray(start, end);
		if (kind === kindByte.output) records.push({kind: 'output', text: payload.toString('utf8')});
		else if (kind === kindByte.size && length === 4) records.push({kind: 'size', cols: payload.readUInt16BE(0), rows: payload.readUInt16BE(2)});
		else if (kind === kindByte.restart) records.push({kind: 'restart', at: payload.toString('utf8')});
		at = end;
	}
	return records;
}

/** Length of the file up to the end of its last complete record; 0 when it is not a log. */
export function completeLength(file: Buffer): number {
	if (file.length < logMagic.length || !file.subarray(0, logMagic.length).equals(logMagic)) return 0;
	let at = logMagic.length;
	while (at + headerBytes <= file.length) {
		const end = at + headerBytes + file.readUInt32BE(at + 1);
		if (end > file.length) break;
		at = end;
	}
	return at;
}
