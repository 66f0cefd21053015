/*
 * To git and the file system a file name is bytes; here it is a string. Valid UTF-8 decodes as usual. Each byte of an
 * invalid sequence becomes a lone surrogate U+DC80..U+DCFF (the "surrogateescape" scheme), so the exact bytes can be
 * recovered for the file system and for git's stdin, and survive JSON across the socket. Command-line arguments cannot
 * carry such bytes (Node encodes arguments as UTF-8), which is why the helpers below exist.
 */
import path from 'node:path';

const strict = new TextDecoder('utf-8', {fatal: true});
const escapedByte = /(?<![\uD800-\uDBFF])[\uDC80-\uDCFF]/;

const continuation = (byte: number | undefined): boolean => byte !== undefined && byte >= 0x80 && byte <= 0xBF;
const within = (byte: number | undefined, low: number, high: number): boolean => byte !== undefined && byte >= low && byte <= high;

/** Length of the well-formed UTF-8 sequence at `at`, 0 when the byte there does not start one. */
function sequenceLength(bytes: Uint8Array, at: number): number {
	const lead = bytes[at]!;
	if (lead < 0x80) return 1;
	if (lead >= 0xC2 && lead <= 0xDF) return continuation(bytes[at + 1]) ? 2 : 0;
	if (lead >= 0xE0 && lead <= 0xEF) {
		// E0 would be overlong below A0; ED above 9F would encode a surrogate.
		const ok = within(bytes[at + 1], lead === 0xE0 ? 0xA0 : 0x80, lead === 0xED ? 0x9F : 0xBF) && continuation(bytes[at + 2]);
		return ok ? 3 : 0;
	}
	if (lead >= 0xF0 && lead <= 0xF4) {
		const ok = within(bytes[at + 1], lead === 0xF0 ? 0x90 : 0x80, lead === 0xF4 ? 0x8F : 0xBF) && continuation(bytes[at + 2]) && continuation(bytes[at + 3]);
		return ok ? 4 : 0;
	}
	return 0;
}

/** Decodes git's output without losing a byte; the common all-UTF-8 case takes the native decoder alone. */
export function decodeGitOutput(bytes: Uint8Array): string {
	try {
		return strict.decode(bytes);
	} catch {
		let text = '';
		let start = 0;
		for (let at = 0; at < bytes.length;) {
			const length = sequenceLength(bytes, at);
			if (length > 0) {
				at += length;
				continue;
			}
			text += strict.decode(bytes.subarray(start, at)) + String.fromCharCode(0xDC_00 + bytes[at]!);
			at++;
			start = at;
		}
		return text + strict.decode(bytes.subarray(start));
	}
}

/** true when the name holds bytes that are not UTF-8, so it cannot be passed to git as an argument. */
export function hasRawBytes(name: string): boolean {
	return escapedByte.test(name);
}

/** The name's original bytes. */
export function pathBytes(name: string): Buffer {
	if (!hasRawBytes(name)) {
		return Buffer.from(name, 'utf8');
	}
	const parts: Buffer[] = [];
	for (const char of name) {
		const code = char.codePointAt(0)!;
		parts.push(code >= 0xDC_80 && code <= 0xDC_FF ? Buffer.of(code - 0xDC_00) : Buffer.from(char, 'utf8'));
	}
	return Buffer.concat(parts);
}

/** A path for node:fs: a plain string, or the exact bytes when the name is not UTF-8. */
export function fsPath(root: string, name: string): string | Buffer {
	const joined = path.join(root, name);
	return hasRawBytes(name) ? pathBytes(joined) : joined;
}

function globFor(name: string): string {
	let glob = '';
	for (const char of name) {
		const code = char.codePointAt(0)!;
		glob += code >= 0xDC_80 && code <= 0xDC_FF ? '?' : /[*?[\]\\]/.test(char) ? `\\${char}` : char;
	}
	return glob;
}

/**
 * A pathspec argument naming exactly this file. A name that is not UTF-8 cannot be spelled in an argument, so each
 * such byte becomes `?` in a glob: that may also match a file differing only in those bytes, and callers that must be
 * exact filter git's answer by name (or use `git update-index --stdin`).
 */
export function pathspecFor(name: string): string {
	return hasRawBytes(name) ? `:(glob)${globFor(name)}` : `:(literal)${name}`;
}

/** A pathspec for everything inside this directory (with the same caveat as pathspecFor). */
export function pathspecUnder(directory: string): string {
	return hasRawBytes(directory) ? `:(glob)${globFor(directory)}/**` : `:(literal)${directory}/`;
}

const controlNames: Record<string, string> = {'\n': '\\n', '\t': '\\t', '\r': '\\r'};

/** The name as one printable line: control characters and bytes that are not UTF-8 written as escapes. */
export function displayPath(name: string): string {
	if (!hasRawBytes(name) && !/[\u0000-\u001F\u007F]/.test(name)) {
		return name;
	}
	let shown = '';
	for (const char of name) {
		const code = char.codePointAt(0)!;
		if (code >= 0xDC_80 && code <= 0xDC_FF) {
			shown += `\\x${(code - 0xDC_00).toString(16)}`;
		} else if (code < 0x20 || code === 0x7F) {
			shown += controlNames[char] ?? `\\x${code.toString(16).padStart(2, '0')}`;
		} else {
			// Doubled so that a real backslash cannot be mistaken for the start of an escape.
			shown += char === '\\' ? '\\\\' : char;
		}
	}
	return shown;
}
