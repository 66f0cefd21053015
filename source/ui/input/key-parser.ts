import {characterKey, controlKey, keyEvent, type KeyEvent} from './key-event.js';
import {decodeCsi, decodeLinuxFunctionKey, decodeSs3} from './sequences.js';

export type {KeyEvent} from './key-event.js';

/** Time source and timers, injectable so tests decide when a timeout fires. */
export interface ParserClock {
	now(): number;
	setTimeout(callback: () => void, ms: number): unknown;
	clearTimeout(handle: unknown): void;
}

export const systemClock: ParserClock = {
	now: () => performance.now(),
	setTimeout: (callback, ms) => {
		const handle = setTimeout(callback, ms);
		// A half-read key must not keep the process alive on exit.
		handle.unref();
		return handle;
	},
	clearTimeout: handle => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface KeyParserOptions {
	/**
	 * How long an incomplete sequence (a lone ESC above all) may wait for its next bytes. Terminals write a key's
	 * sequence in one go, but over SSH it can be split between packets and the rest arrives a network hiccup later;
	 * 100 ms rides out typical jitter (vim's ttimeoutlen is 100 ms, tmux used 500 ms for years) while a real Escape,
	 * which in grid mode only dismisses things, still feels immediate.
	 */
	escapeTimeoutMs?: number;
	/**
	 * When a timed-out ESC was already reported as Escape, a `[`/`O` sequence tail arriving within this window is
	 * taken as the rest of that key (reported as the key it encodes) instead of being typed as `[`, `1`, `;`, `5`...:
	 * those stray characters would otherwise trigger grid commands (digits jump between panes).
	 */
	lateTailWindowMs?: number;
	/** A paste whose end marker never comes is given up (delivered as is) after this much silence. */
	pasteTimeoutMs?: number;
	clock?: ParserClock;
}

const ESC = 0x1b;
const PASTE_START = '200';
const PASTE_END = Buffer.from('\x1b[201~', 'latin1');
/** Longest CSI or terminal string accepted; anything longer is garbage and is dropped as 'unknown'. */
const MAX_CSI = 64;
const MAX_STRING = 8192;

interface Scan {
	events: KeyEvent[];
	next: number;
	/** Set when the scan opened a bracketed paste. */
	pasteStart?: boolean;
}

function text(bytes: Uint8Array, start: number, end: number): string {
	return Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString('utf8');
}

function utf8Length(lead: number): number {
	if (lead >= 0xc2 && lead <= 0xdf) return 2;
	if (lead >= 0xe0 && lead <= 0xef) return 3;
	if (lead >= 0xf0 && lead <= 0xf4) return 4;
	return 0;
}

/**
 * Turns the outer terminal's bytes into key events for grid mode. Feed it chunks as they are read; events come out
 * through `onEvent` in order, from `feed` when complete and from the escape timer when a sequence stays incomplete.
 * Sequences may be split anywhere across chunks, bracketed pastes arrive as one 'paste' event however they are
 * chunked, and malformed or unknown sequences are consumed without leaking their bytes as typed text.
 */
export class KeyParser {
	private pending: Uint8Array = new Uint8Array(0);
	private paste: Uint8Array[] | undefined;
	private timer: unknown;
	private lateEscapeAt = Number.NEGATIVE_INFINITY;
	private readonly escapeTimeoutMs: number;
	private readonly lateTailWindowMs: number;
	private readonly pasteTimeoutMs: number;
	private readonly clock: ParserClock;

	constructor(
		private readonly onEvent: (event: KeyEvent) => void,
		options: KeyParserOptions = {},
	) {
		this.escapeTimeoutMs = options.escapeTimeoutMs ?? 100;
		this.lateTailWindowMs = options.lateTailWindowMs ?? 1000;
		this.pasteTimeoutMs = options.pasteTimeoutMs ?? 3000;
		this.clock = options.clock ?? systemClock;
	}

	/** True while bytes of an unfinished sequence or paste are held back. */
	get waiting(): boolean {
		return this.pending.length > 0 || this.paste !== undefined;
	}

	feed(chunk: Uint8Array | string): void {
		const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
		if (bytes.length === 0) return;
		this.cancelTimer();
		const lateTail = this.pending.length === 0 && this.paste === undefined
			&& this.clock.now() - this.lateEscapeAt <= this.lateTailWindowMs;
		this.lateEscapeAt = Number.NEGATIVE_INFINITY;
		this.pending = this.pending.length === 0 ? bytes : Buffer.concat([this.pending, bytes]);
		if (lateTail) this.consumeLateTail();
		this.run(false);
	}

	/** Resolves whatever is held back as if no more bytes were coming (what the escape timeout does). */
	flush(): void {
		this.cancelTimer();
		this.run(true);
	}

	/** Drops held-back bytes and any unfinished paste, e.g. when input switches to pane mode. */
	reset(): void {
		this.cancelTimer();
		this.pending = new Uint8Array(0);
		this.paste = undefined;
		this.lateEscapeAt = Number.NEGATIVE_INFINITY;
	}

	private cancelTimer(): void {
		if (this.timer === undefined) return;
		this.clock.clearTimeout(this.timer);
		this.timer = undefined;
	}

	private run(final: boolean): void {
		const bytes = this.pending;
		let index = 0;
		while (index < bytes.length || (final && this.paste)) {
			if (this.paste) {
				const {next, complete} = this.consumePaste(bytes, index, final);
				index = next;
				if (!complete) break;
				continue;
			}
			const scan = this.scan(bytes, index, final);
			if (!scan) break;
			const loneEscape = final && scan.events.length === 1 && scan.next - index === 1 && bytes[index] === ESC;
			index = scan.next;
			if (scan.pasteStart) this.paste = [];
			for (const event of scan.events) this.onEvent(event);
			if (loneEscape && index === bytes.length) this.lateEscapeAt = this.clock.now();
		}
		this.pending = index >= bytes.length ? new Uint8Array(0) : bytes.slice(index);
		if (this.paste) this.timer = this.clock.setTimeout(() => this.expire(), this.pasteTimeoutMs);
		else if (this.pending.length > 0) this.timer = this.clock.setTimeout(() => this.expire(), this.escapeTimeoutMs);
	}

	private expire(): void {
		this.timer = undefined;
		this.run(true);
	}

	/** The tail of a sequence whose ESC timed out: report it as the key it encodes rather than as loose characters. */
	private consumeLateTail(): void {
		const bytes = this.pending;
		if (bytes[0] !== 0x5b && bytes[0] !== 0x4f) return;
		const joined = Buffer.concat([Buffer.from([ESC]), bytes]);
		const scan = this.scan(joined, 0, false);
		if (!scan || scan.next < 3 || scan.pasteStart) return;
		if (scan.events.some(event => event.name === 'unknown')) return;
		for (const event of scan.events) this.onEvent(event);
		this.pending = bytes.slice(scan.next - 1);
	}

	/**
	 * Collects paste content up to the end marker. Without the marker it takes all but a possible partial marker at
	 * the end, which stays pending for the next chunk (`next` stops short of it).
	 */
	private consumePaste(bytes: Uint8Array, index: number, final: boolean): {next: number; complete: boolean} {
		const paste = this.paste!;
		const end = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).indexOf(PASTE_END, index);
		if (end !== -1) {
			paste.push(bytes.slice(index, end));
			this.finishPaste();
			return {next: end + PASTE_END.length, complete: true};
		}
		// Keep a partial end marker at the end for the next chunk.
		let keep = 0;
		if (!final) {
			for (let length = Math.min(PASTE_END.length - 1, bytes.length - index); length > 0; length--) {
				const tail = bytes.subarray(bytes.length - length);
				if (PASTE_END.subarray(0, length).equals(tail)) {
					keep = length;
					break;
				}
			}
		}
		paste.push(bytes.slice(index, bytes.length - keep));
		if (final) this.finishPaste();
		return {next: bytes.length - keep, complete: final};
	}

	private finishPaste(): void {
		const content = Buffer.concat(this.paste!).toString('utf8');
		this.paste = undefined;
		this.onEvent(keyEvent('paste', `\x1b[200~${content}\x1b[201~`, {}, content));
	}

	/** Decodes one event (or a paste start) at `index`; undefined when more bytes are needed and `final` is false. */
	private scan(bytes: Uint8Array, index: number, final: boolean): Scan | undefined {
		const byte = bytes[index];
		if (byte === ESC) return this.scanEscape(bytes, index, final);
		if (byte < 0x20 || byte === 0x7f) {
			const {name, modifiers} = controlKey(byte);
			return {events: [keyEvent(name, String.fromCharCode(byte), modifiers)], next: index + 1};
		}
		if (byte < 0x80) return {events: [characterKey(String.fromCharCode(byte), String.fromCharCode(byte))], next: index + 1};
		const length = utf8Length(byte);
		let valid = length > 0;
		for (let offset = 1; valid && offset < length && index + offset < bytes.length; offset++) {
			const continuation = bytes[index + offset];
			valid = continuation >= 0x80 && continuation <= 0xbf;
		}
		if (!valid) return {events: [keyEvent('unknown', text(bytes, index, index + 1))], next: index + 1};
		if (index + length > bytes.length) {
			if (!final) return undefined;
			return {events: [keyEvent('unknown', text(bytes, index, bytes.length))], next: bytes.length};
		}
		const char = text(bytes, index, index + length);
		return {events: [characterKey(char, char)], next: index + length};
	}

	private scanEscape(bytes: Uint8Array, index: number, final: boolean): Scan | undefined {
		const escape = (alt = false): Scan => ({events: [keyEvent('escape', '\x1b', {alt})], next: index + 1});
		if (index + 1 >= bytes.length) return final ? escape() : undefined;
		const second = bytes[index + 1];
		if (second === 0x5b) return this.scanCsi(bytes, index, final);
		if (second === 0x4f) return this.scanSs3(bytes, index, final);
		if (second === ESC) {
			// ESC ESC: Alt+Escape, or Alt held with a key that sends a sequence (ESC ESC [ A is Alt+Up).
			if (index + 2 >= bytes.length) {
				if (!final) return undefined;
				return {events: [keyEvent('escape', '\x1b\x1b', {alt: true})], next: index + 2};
			}
			const third = bytes[index + 2];
			if (third === 0x5b || third === 0x4f) {
				const inner = this.scanEscape(bytes, index + 1, final);
				if (!inner) return undefined;
				if (inner.pasteStart || inner.events.length !== 1 || inner.next - index < 4) {
					return {events: [keyEvent('escape', '\x1b\x1b', {alt: true})], next: index + 2};
				}
				const [event] = inner.events;
				return {events: [{...event, alt: true, sequence: `\x1b${event.sequence}`}], next: inner.next};
			}
			return {events: [keyEvent('escape', '\x1b\x1b', {alt: true})], next: index + 2};
		}
		if ((second === 0x5d || second === 0x50) && (index + 2 < bytes.length || !final)) {
			if (index + 2 >= bytes.length) return undefined;
			// OSC and DCS replies (colour queries, XTVERSION) start with a digit or a few symbols; Alt+] or Alt+P
			// followed by anything else stays a key.
			if (/[0-9>=<?$+|!]/.test(String.fromCharCode(bytes[index + 2]))) return this.scanString(bytes, index, final);
		}
		const inner = this.scan(bytes, index + 1, final);
		if (!inner) return undefined;
		const [event] = inner.events;
		if (!event || event.name === 'unknown') return {events: [keyEvent('unknown', text(bytes, index, inner.next))], next: inner.next};
		const alt: KeyEvent = {...event, alt: true, sequence: `\x1b${event.sequence}`};
		delete alt.text;
		return {events: [alt], next: inner.next};
	}

	private scanCsi(bytes: Uint8Array, index: number, final: boolean): Scan | undefined {
		const altBracket = (): Scan => ({events: [characterKey('[', '\x1b[', true)], next: index + 2});
		let cursor = index + 2;
		if (cursor < bytes.length && bytes[cursor] === 0x5b) {
			// Linux console F1-F5: ESC [ [ A..E
			if (cursor + 1 >= bytes.length) return final ? altBracket() : undefined;
			return {events: [decodeLinuxFunctionKey(String.fromCharCode(bytes[cursor + 1]), text(bytes, index, cursor + 2))], next: cursor + 2};
		}
		let parameters = '';
		let intermediates = '';
		for (; cursor < bytes.length; cursor++) {
			const byte = bytes[cursor];
			if (cursor - index > MAX_CSI) return {events: [keyEvent('unknown', text(bytes, index, cursor))], next: cursor};
			if (byte >= 0x30 && byte <= 0x3f && intermediates === '') parameters += String.fromCharCode(byte);
			else if (byte >= 0x20 && byte <= 0x2f) intermediates += String.fromCharCode(byte);
			else if (byte >= 0x40 && byte <= 0x7e) break;
			// Not part of a CSI (a control byte, ESC, UTF-8): the sequence was cut off. Drop it and rescan this byte.
			else return {events: [keyEvent('unknown', text(bytes, index, cursor))], next: cursor};
		}
		if (cursor >= bytes.length) {
			if (!final) return undefined;
			// A sequence cut off for good: typing its digits would jump between panes, so drop it whole.
			if (cursor === index + 2) return altBracket();
			return {events: [keyEvent('unknown', text(bytes, index, cursor))], next: cursor};
		}
		const finalChar = String.fromCharCode(bytes[cursor]);
		let next = cursor + 1;
		if (finalChar === 'M' && parameters === '' && intermediates === '') {
			// X10 mouse report: three raw bytes follow.
			if (next + 3 > bytes.length) {
				if (!final) return undefined;
				return {events: [keyEvent('mouse', text(bytes, index, bytes.length))], next: bytes.length};
			}
			next += 3;
			return {events: [keyEvent('mouse', text(bytes, index, next))], next};
		}
		const sequence = text(bytes, index, next);
		if (finalChar === '~' && parameters === PASTE_START) return {events: [], next, pasteStart: true};
		return {events: [decodeCsi({parameters, intermediates, final: finalChar}, sequence)], next};
	}

	private scanSs3(bytes: Uint8Array, index: number, final: boolean): Scan | undefined {
		let cursor = index + 2;
		let parameters = '';
		while (cursor < bytes.length && bytes[cursor] >= 0x30 && bytes[cursor] <= 0x39 && cursor - index < 6) {
			parameters += String.fromCharCode(bytes[cursor]);
			cursor++;
		}
		if (cursor >= bytes.length) {
			if (!final) return undefined;
			if (parameters !== '') return {events: [keyEvent('unknown', text(bytes, index, cursor))], next: cursor};
			return {events: [characterKey('O', '\x1bO', true)], next: index + 2};
		}
		const byte = bytes[cursor];
		if (byte < 0x40 || byte > 0x7e) {
			if (parameters === '') return {events: [characterKey('O', '\x1bO', true)], next: index + 2};
			return {events: [keyEvent('unknown', text(bytes, index, cursor))], next: cursor};
		}
		const next = cursor + 1;
		return {events: [decodeSs3(parameters, String.fromCharCode(byte), text(bytes, index, next))], next};
	}

	/** OSC/DCS strings end in BEL or ESC \ (ST); they are replies to queries, never keys. */
	private scanString(bytes: Uint8Array, index: number, final: boolean): Scan | undefined {
		for (let cursor = index + 2; cursor < bytes.length; cursor++) {
			if (cursor - index > MAX_STRING) return {events: [keyEvent('unknown', text(bytes, index, cursor))], next: cursor};
			if (bytes[cursor] === 0x07) return {events: [keyEvent('report', text(bytes, index, cursor + 1))], next: cursor + 1};
			if (bytes[cursor] === ESC) {
				if (cursor + 1 >= bytes.length) break;
				if (bytes[cursor + 1] === 0x5c) return {events: [keyEvent('report', text(bytes, index, cursor + 2))], next: cursor + 2};
				return {events: [keyEvent('unknown', text(bytes, index, cursor))], next: cursor};
			}
		}
		if (!final) return undefined;
		return {events: [keyEvent('unknown', text(bytes, index, bytes.length))], next: bytes.length};
	}
}
