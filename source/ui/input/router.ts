/**
 * The one owner of the real stdin. In pane mode bytes go to the focused agent verbatim (escape sequences, bracketed
 * paste, Ctrl-C, F-keys) except the prefix byte, which starts a grid command; in grid mode our key parser turns bytes
 * into keys for the keymap; while a form or a question is open (the spawn screen, a ChoiceList) keys go to Ink's stdin.
 */
import {KeyParser, systemClock, type ParserClock} from './key-parser.js';
import {isKeyRelease} from './key-release.js';
import {splitMouseReports} from './mouse.js';

export interface RoutedKey {
	name: string;
	ctrl: boolean;
	alt: boolean;
	shift: boolean;
	/** The raw bytes that produced this key, forwarded verbatim when a key lands in a pane. */
	sequence: string;
	text?: string;
}

export interface KeySource {
	feed(chunk: string): void;
}

export type InputTarget = 'grid' | 'pane' | 'form';

export interface RouterHandlers {
	target(): InputTarget;
	prefixByte(): number;
	toPane(data: string): void;
	toForm(data: string): void;
	/** A key in grid mode (or on a grid overlay such as help or a confirmation). */
	gridKey(key: RoutedKey): void;
	/** The key that followed the prefix in pane mode. */
	prefixKey(key: RoutedKey): void;
	/** A mouse report read in pane mode (grid mode gets them as 'mouse' keys); absent: they go to the pane as typed. */
	mouse?(sequence: string): void;
}

export interface RouterOptions {
	/**
	 * How long the start of a mouse report at the end of a read (`ESC [ <` and digits, `ESC [ M` and fewer than three
	 * bytes) waits for its rest before it goes to the pane as it is; default 100 ms.
	 */
	partialReportMs?: number;
	/** The same for a lone ESC at the end of a read, which is most often the Escape key: kept short; default 25 ms. */
	escapeMs?: number;
	clock?: ParserClock;
}

/** The unfinished start of a mouse report at the end of a read (as over ssh, where one report can come in two). */
const partialReport = /\u001B(?:\[(?:<[\d;]*|M[\s\S]{0,2})?)?$/;
/** The rest of a mouse report whose ESC already went to the pane because the rest came too late. */
const reportTail = /^(?:\[<\d+;\d+;\d+[Mm]|\[M[\s\S]{3})/;
/** How long after a released ESC a report's rest is still recognised (and kept from the pane). */
const lateTailMs = 1000;


const pasteStart = '\u001B[200~';
const pasteEnd = '\u001B[201~';

export class InputRouter {
	private readonly parser: KeySource;
	private awaitingPrefixKey = false;
	private inPaste = false;
	private tail = '';
	/** The start of a mouse report held back until its rest arrives. */
	private held = '';
	private heldTimer: unknown;
	private lateTailUntil = Number.NEGATIVE_INFINITY;
	private readonly clock: ParserClock;

	constructor(
		private readonly handlers: RouterHandlers,
		createParser: (onKey: (key: RoutedKey) => void) => KeySource,
		private readonly options: RouterOptions = {},
	) {
		this.parser = createParser(key => this.onParsedKey(key));
		this.clock = options.clock ?? systemClock;
	}

	feed(chunk: string): void {
		if (this.awaitingPrefixKey) {
			this.parser.feed(chunk);
			return;
		}
		switch (this.handlers.target()) {
			case 'pane':
				if (this.handlers.mouse && (!this.inPaste || this.held !== '')) this.feedPaneWithMouse(chunk, this.handlers.mouse);
				else this.feedPane(chunk);
				return;
			default:
				// Forms get whole keys one at a time: Ink takes "text\r" arriving in one read as text, not text + Enter.
				this.parser.feed(chunk);
		}
	}

	/**
	 * Mouse reports come from our own mouse mode, not from the user's typing: they are never the agent's. A report
	 * may arrive in two reads, so the start of one at the end of a read waits (briefly) for its rest.
	 */
	private feedPaneWithMouse(chunk: string, mouse: (sequence: string) => void): void {
		this.clock.clearTimeout(this.heldTimer);
		this.heldTimer = undefined;
		let data = this.held + chunk;
		this.held = '';
		if (this.clock.now() <= this.lateTailUntil) {
			const tail = reportTail.exec(data);
			if (tail) {
				mouse(`\u001B${tail[0]}`);
				data = data.slice(tail[0].length);
			}
		}
		this.lateTailUntil = Number.NEGATIVE_INFINITY;
		// A paste is text, whatever it holds: only what comes before it can be mouse reports.
		const pasteAt = data.indexOf(pasteStart);
		if (pasteAt >= 0) {
			this.splitReports(data.slice(0, pasteAt), mouse);
			this.feedPane(data.slice(pasteAt));
			return;
		}
		const partial = partialReport.exec(data);
		if (partial) {
			this.held = partial[0];
			data = data.slice(0, partial.index);
			const wait = this.held === '\u001B' ? this.options.escapeMs ?? 25 : this.options.partialReportMs ?? 100;
			this.heldTimer = this.clock.setTimeout(() => this.releaseHeld(), wait);
		}
		this.splitReports(data, mouse);
	}

	private splitReports(data: string, mouse: (sequence: string) => void): void {
		if (data === '') return;
		if (!data.includes('\u001B[<') && !data.includes('\u001B[M')) {
			this.feedPane(data);
			return;
		}
		for (const part of splitMouseReports(data)) {
			if (part.mouse) mouse(part.text);
			else this.feedPane(part.text);
		}
	}

	/** No rest came: what was held was typed (the Escape key, most often), and goes to the pane after all. */
	private releaseHeld(): void {
		this.heldTimer = undefined;
		const held = this.held;
		this.held = '';
		if (held === '\u001B') this.lateTailUntil = this.clock.now() + lateTailMs;
		if (held !== '') this.feedPane(held);
	}

	private feedPane(chunk: string): void {
		const byte = this.handlers.prefixByte();
		const prefix = String.fromCharCode(byte);
		// A terminal in the kitty keyboard protocol (mirrored from the pane) sends Ctrl+\ as CSI 92;5u.
		const kittyPrefix = kittyFormOf(byte);
		// Paste markers end in '~'; the previous chunk's tail lets us see markers split across reads.
		const seen = this.tail + chunk;
		let pasted: boolean | undefined;
		for (let i = 0; i < chunk.length; i++) {
			const char = chunk[i];
			if (char === '~') {
				const upTo = seen.slice(0, this.tail.length + i + 1);
				if (upTo.endsWith(pasteStart)) this.inPaste = true;
				else if (upTo.endsWith(pasteEnd)) this.inPaste = false;
			}
			// Inside a bracketed paste the prefix byte is pasted text, not a command. After ESC it is Alt+Ctrl+\, a key of
			// its own for the agent (as in tmux).
			const length = char === prefix ? (chunk[i - 1] === '\u001B' ? 0 : 1) : kittyPrefix && char === '\u001B' ? kittyPrefixLength(chunk, i, kittyPrefix) : 0;
			if (length === 0 || this.inPaste) continue;
			// Nobody types more than the prefix and one key within one read: a longer burst is an unbracketed paste,
			// and its prefix bytes are pasted text (a paste holding "\x1cg" must not switch modes).
			if (pasted ??= keyCountAbove(chunk, 2)) continue;
			if (i > 0) this.handlers.toPane(chunk.slice(0, i));
			this.awaitingPrefixKey = true;
			this.tail = '';
			const rest = chunk.slice(i + length);
			if (rest.length > 0) this.parser.feed(rest);
			return;
		}
		if (chunk.length > 0) this.handlers.toPane(chunk);
		this.tail = seen.slice(-(pasteStart.length - 1));
	}

	private onParsedKey(key: RoutedKey): void {
		// Releases reported by the kitty protocol are the agent's; agentgrid's own keys are presses only.
		if (isKeyRelease(key.sequence) && (this.awaitingPrefixKey || this.handlers.target() !== 'pane')) return;
		if (this.awaitingPrefixKey) {
			this.awaitingPrefixKey = false;
			const byte = this.handlers.prefixByte();
			const kittyPrefix = kittyFormOf(byte);
			// Prefix twice sends the prefix itself (to the agent, so only in pane mode), in the form it was typed: a
			// program that asked for the kitty protocol gets CSI 92;5u, as it asked keys to be sent.
			if (key.sequence === String.fromCharCode(byte) || (kittyPrefix && kittyPrefixLength(key.sequence, 0, kittyPrefix) === key.sequence.length)) {
				if (this.handlers.target() === 'pane') this.handlers.toPane(key.sequence);
			} else this.handlers.prefixKey(key);
			return;
		}
		// Fingers trained on tmux press the prefix everywhere: in grid mode it works the same (prefix d detaches).
		if (this.handlers.target() === 'grid' && key.sequence === String.fromCharCode(this.handlers.prefixByte())) {
			this.awaitingPrefixKey = true;
			return;
		}
		switch (this.handlers.target()) {
			case 'pane':
				// Keys parsed after a prefix command in the same read, once that command left us in pane mode.
				this.feedPane(key.sequence);
				return;
			case 'form':
				// A click on a form is not typed text.
				if (key.name !== 'mouse') this.handlers.toForm(key.sequence);
				return;
			default:
				this.handlers.gridKey(key);
		}
	}
}

/** The kitty keyboard protocol's `CSI code ; 5` (Ctrl) for a control byte, without its final `u`. */
function kittyFormOf(byte: number): string | undefined {
	if (byte >= 0x01 && byte <= 0x1a) return `\u001B[${byte + 96};5`;
	if (byte >= 0x1c && byte <= 0x1f) return `\u001B[${byte + 64};5`;
	return undefined;
}

/** Length of the kitty form of the prefix at `at` (a press, with or without an event type), else 0. */
function kittyPrefixLength(chunk: string, at: number, form: string): number {
	if (!chunk.startsWith(form, at)) return 0;
	const end = at + form.length;
	if (chunk[end] === 'u') return form.length + 1;
	return chunk.startsWith(':1u', end) ? form.length + 3 : 0;
}

/** Whether `chunk` holds more than `limit` keys, as the key parser splits them (a release is part of its press). */
function keyCountAbove(chunk: string, limit: number): boolean {
	let count = 0;
	const parser = new KeyParser(key => {
		if (!isKeyRelease(key.sequence)) count++;
	});
	parser.feed(chunk);
	parser.flush();
	return count > limit;
}
