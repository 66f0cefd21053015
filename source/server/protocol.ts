/**
 * The wire format between agentgrid's server and its clients (attach clients, the CLI, `agentgrid proxy` over ssh).
 * Every message is one line of JSON. A message that carries terminal bytes says how many (`bytes`), and exactly that
 * many raw bytes follow its line: screen updates and key presses cross unescaped, which matters over slow links,
 * while everything else stays readable JSON lines that any script can speak.
 */
export const protocolVersion = 1;

export interface ErrorPayload {
	code: string;
	message: string;
	hint?: string;
}

/** What the outer terminal is, sent by an attach client so the server draws for it. */
export interface ClientTerminal {
	cols: number;
	rows: number;
	term?: string;
	colorterm?: string;
	noColor?: boolean;
	lang?: string;
	/** The colours the terminal answered to OSC 10/11; absent when it did not answer. */
	colors?: {foreground: string; background: string};
	/** The COLORFGBG variable of the client's environment ("fg;bg" palette indexes), for a terminal that did not answer. */
	colorfgbg?: string;
	/** What the terminal said to XTGETTCAP Smulx: styled and coloured underlines; absent when it did not say. */
	underlineStyles?: boolean;
	/** Set when the terminal answered the kitty keyboard protocol query. */
	kittyKeyboard?: boolean;
	/** Set when the client reaches the server through ssh: files on the server cannot be opened in its terminal. */
	remote?: boolean;
	/** Set when the terminal runs inside tmux: clipboard sequences are wrapped to pass through it. */
	tmux?: boolean;
	/**
	 * The client's terminal, offered by a client on the server's machine to a server that said `directTerminal`: the
	 * server reads and writes it itself and answers `terminal`. The client reads no input from the moment it offers it
	 * until the answer says to relay.
	 */
	tty?: OfferedTerminal;
}

/** A terminal device by its path and, so that the server opens that very one, its device and inode numbers. */
export interface OfferedTerminal {
	path: string;
	dev: number;
	ino: number;
}

export type ClientMessage =
	| {type: 'hello'; version: number; agentgrid: string}
	| ({type: 'attach'} & ClientTerminal)
	| {type: 'input'; bytes: number}
	| {type: 'resize'; cols: number; rows: number}
	| {type: 'detach'}
	| {type: 'ran'; id: number; exitCode: number | null; error?: string}
	| {type: 'request'; id: number; command: string; args: Record<string, unknown>};

export type ServerMessage =
	/** `directTerminal`: the server can read and write an attach client's terminal itself (older servers cannot). */
	| {type: 'welcome'; version: number; agentgrid: string; pid: number; repo: string; directTerminal?: boolean}
	| {type: 'output'; bytes: number}
	| {type: 'detached'; reason: string; quit?: boolean}
	/** Whether the server now reads and writes the offered terminal itself; if not, the client relays input and output. */
	| {type: 'terminal'; direct: boolean}
	/** The client runs a program on its own terminal (an editor) and answers with `ran`. */
	| {type: 'run'; id: number; file: string; args: string[]; cwd: string}
	| {type: 'event'; id: number; text: string}
	| {type: 'response'; id: number; ok: true; result: unknown}
	| {type: 'response'; id: number; ok: false; error: ErrorPayload}
	| {type: 'error'; error: ErrorPayload};

export type AnyMessage = (ClientMessage | ServerMessage) & {bytes?: number};

export interface Received<T> {
	message: T;
	/** The raw bytes that followed the message's line, when it announced some. */
	payload?: Buffer;
}

/** One message as it goes on the wire. */
export function encodeMessage(message: AnyMessage, payload?: Buffer | string): Buffer {
	if (payload === undefined) return Buffer.from(`${JSON.stringify(message)}\n`);
	const bytes = typeof payload === 'string' ? Buffer.from(payload) : payload;
	return Buffer.concat([Buffer.from(`${JSON.stringify({...message, bytes: bytes.length})}\n`), bytes]);
}

/** Longest JSON line accepted: a peer that never sends a newline must not grow our memory without bound. */
const maxLineBytes = 1 << 20;

/** Splits a byte stream into messages, however the stream was chunked. */
export class MessageDecoder<T extends {bytes?: number}> {
	private buffered: Buffer = Buffer.alloc(0);
	private pending: {message: T; bytes: number} | undefined;

	constructor(private readonly onMessage: (received: Received<T>) => void) {}

	push(chunk: Buffer): void {
		this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
		for (;;) {
			if (this.pending) {
				if (this.buffered.length < this.pending.bytes) return;
				const payload = this.buffered.subarray(0, this.pending.bytes);
				this.buffered = this.buffered.subarray(this.pending.bytes);
				const {message} = this.pending;
				this.pending = undefined;
				this.onMessage({message, payload});
				continue;
			}
			const newline = this.buffered.indexOf(10);
			if (newline === -1) {
				if (this.buffered.length > maxLineBytes) throw new ProtocolError('a message line is too long');
				return;
			}
			const line = this.buffered.subarray(0, newline).toString('utf8');
			this.buffered = this.buffered.subarray(newline + 1);
			if (line.trim() === '') continue;
			let message: T;
			try {
				message = JSON.parse(line) as T;
			} catch {
				throw new ProtocolError(`not a JSON message: ${line.slice(0, 80)}`);
			}
			if (typeof message !== 'object' || message === null) throw new ProtocolError(`not a message: ${line.slice(0, 80)}`);
			const bytes = message.bytes;
			if (bytes !== undefined) {
				if (!Number.isInteger(bytes) || bytes < 0) throw new ProtocolError('a message announced a bad byte count');
				this.pending = {message, bytes};
				continue;
			}
			this.onMessage({message});
		}
	}
}

export class ProtocolError extends Error {
	readonly code = 'protocol';
}
