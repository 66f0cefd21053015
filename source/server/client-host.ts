/**
 * The terminal host of the server's grid: the attached client, if any. One client at a time; a new attach takes the
 * terminal over and the previous client is told why, so two terminals never drive the same agents.
 */
import {StringDecoder} from 'node:string_decoder';
import {AgentgridError} from '../core/errors.js';
import {defaultColors, fallbackColors, type OuterColors} from '../ui/host/query-colors.js';
import type {OuterCapabilities, ProgramRequest, TerminalHost} from '../ui/host/terminal-host.js';
import {colorDepthFor, isUtf8Locale, type ColorsSetting} from '../ui/host/terminal-profile.js';
import type {Channel} from './channel.js';
import {DirectTerminal} from './direct-terminal.js';
import type {ClientMessage, ClientTerminal, OfferedTerminal, ServerMessage} from './protocol.js';
import {markTimeline} from '../core/timeline.js';

export type ServerChannel = Channel<ClientMessage, ServerMessage>;

export interface ClientHostOptions {
	/** Colours for a terminal that does not answer OSC 10/11 and has no COLORFGBG: dark, light or #fg/#bg. */
	fallbackColors?: string;
	/** Styled underlines on the outer terminal: auto (as the terminal says, else by TERM), on or off. */
	underlineStyles?: 'auto' | 'on' | 'off';
	/** Colours of the outer terminal: auto (from COLORTERM and TERM), or forced to 16, 256 or truecolor. */
	colors?: ColorsSetting;
	/** The grid's size until a terminal attaches: the size of the terminal that started the server, if one did. */
	size?: {cols: number; rows: number};
}

/** Terminals known to draw 4:3 and friends wrong or not at all (the Linux console, VTs, GNU screen). */
const plainUnderlineTerms = /^(linux|vt\d|ansi|dumb|cons|screen($|[.-]))/;

/** A client that falls this far behind (a stalled ssh link) gets a full repaint once it catches up instead of a queue. */
const backlogLimit = 4 << 20;

/** Where frames go: the client's channel, or the client's terminal opened by the server. */
interface FrameSink {
	write(data: string): void;
	readonly backlog: number;
	onDrained(listener: () => void): void;
}

interface Client {
	channel: ServerChannel;
	terminal: ClientTerminal;
	/** Undefined while the terminal is being taken over or lent to a program: nothing is drawn then. */
	sink: FrameSink | undefined;
	direct: DirectTerminal | undefined;
	/** A terminal being given back (to a program): a detach waits for it, so its frames come before `detached`. */
	releasing: Promise<void>;
	input: (bytes: Buffer) => void;
}

export class ClientHost implements TerminalHost {
	private client: Client | undefined;
	private cols = 80;
	private rows = 24;
	private outerColors: OuterColors = defaultColors;
	private readonly inputListeners = new Set<(data: string) => void>();
	private readonly resizeListeners = new Set<(size: {cols: number; rows: number; attached: boolean}) => void>();
	private readonly colorListeners = new Set<(colors: OuterColors) => void>();
	private runs = new Map<number, {resolve: (code: number) => void; reject: (error: Error) => void}>();
	private nextRun = 1;
	private stalled = false;

	constructor(private readonly options: ClientHostOptions = {}) {
		// The first client is then drawn without laying the grid out again at its size.
		if (options.size) {
			this.cols = clamp(options.size.cols, 80);
			this.rows = clamp(options.size.rows, 24);
		}
	}

	get attached(): boolean {
		return this.client !== undefined;
	}

	get showing(): boolean {
		return this.client?.sink !== undefined && !this.stalled;
	}

	/** Makes `channel` the terminal; the previous client, if any, is detached with a reason. */
	attach(channel: ServerChannel, terminal: ClientTerminal): void {
		void this.detach('attached from another terminal');
		// A character whose bytes arrive in two reads (ssh packets, big pastes) must reach the agent whole.
		const decoder = new StringDecoder('utf8');
		const input = (bytes: Buffer) => {
			if (this.client !== client) return;
			markTimeline('input');
			const text = decoder.write(bytes);
			if (text !== '') for (const listener of this.inputListeners) listener(text);
		};
		const client: Client = {channel, terminal, sink: undefined, direct: undefined, releasing: Promise.resolve(), input};
		this.client = client;
		this.stalled = false;
		// Programs are told some colours either way (Codex waits for an answer): the terminal's, or the best guess.
		this.outerColors = terminal.colors ?? fallbackColors(terminal.colorfgbg, this.options.fallbackColors ?? 'dark');
		for (const listener of this.colorListeners) listener(this.outerColors);
		const off = channel.onMessage(({message, payload}) => {
			if (this.client !== client) return;
			if (message.type === 'input' && payload) input(payload);
			else if (message.type === 'resize') this.setSize(message.cols, message.rows, false);
			else if (message.type === 'detach') void this.detach('detached');
			else if (message.type === 'ran') void this.settleRun(client, message.id, message.exitCode, message.error);
		});
		channel.onClose(() => {
			off();
			if (this.client === client) {
				this.dropClient();
				void client.direct?.release();
			}
		});
		this.cols = clamp(terminal.cols, 80);
		this.rows = clamp(terminal.rows, 24);
		// Drawn at once through the channel; a terminal offered to the server is drawn once it is open (or refused).
		const draw = () => {
			if (this.client === client) this.setSize(this.cols, this.rows, true);
		};
		if (terminal.tty === undefined) {
			this.relayThrough(client);
			draw();
		} else void this.takeTerminal(client).then(draw);
	}

	/** Opens the terminal the client offered, else draws through the client; tells it which. */
	private async takeTerminal(client: Client): Promise<void> {
		const offered = client.terminal.tty;
		if (offered === undefined) {
			this.relayThrough(client);
			return;
		}
		const direct = isOffered(offered) ? await DirectTerminal.open(offered).catch(() => undefined) : undefined;
		if (this.client !== client) {
			await direct?.release();
			return;
		}
		// A stall was the previous sink's; the new one starts with nothing queued.
		this.stalled = false;
		if (direct) {
			direct.onInput(client.input);
			direct.onGone(() => {
				if (this.client === client && client.direct === direct) void this.detach('the terminal closed');
			});
			client.direct = direct;
			client.sink = direct;
		} else this.relayThrough(client);
		client.channel.send({type: 'terminal', direct: direct !== undefined});
	}

	private relayThrough(client: Client): void {
		const {channel} = client;
		client.sink = {
			write: data => channel.send({type: 'output', bytes: 0}, data),
			get backlog() {
				return channel.backlog;
			},
			onDrained: listener => channel.onDrained(listener),
		};
	}

	size(): {cols: number; rows: number} {
		return {cols: this.cols, rows: this.rows};
	}

	write(data: string): void {
		const client = this.client;
		const sink = client?.sink;
		if (!sink || this.stalled) return;
		sink.write(data);
		markTimeline('output');
		if (sink.backlog > backlogLimit) {
			this.stalled = true;
			sink.onDrained(() => {
				if (this.client !== client || client.sink !== sink) return;
				this.stalled = false;
				this.setSize(this.cols, this.rows, true);
			});
		}
	}

	onInput(listener: (data: string) => void): () => void {
		this.inputListeners.add(listener);
		return () => this.inputListeners.delete(listener);
	}

	onResize(listener: (size: {cols: number; rows: number; attached: boolean}) => void): () => void {
		this.resizeListeners.add(listener);
		return () => this.resizeListeners.delete(listener);
	}

	onColors(listener: (colors: OuterColors) => void): () => void {
		this.colorListeners.add(listener);
		return () => this.colorListeners.delete(listener);
	}

	insideTmux(): boolean {
		return this.client?.terminal.tmux === true;
	}

	colors(): OuterColors {
		return this.outerColors;
	}

	capabilities(): OuterCapabilities {
		const terminal = this.client?.terminal;
		const setting = this.options.underlineStyles ?? 'auto';
		const underlineStyles = setting === 'auto' ? (terminal?.underlineStyles ?? !plainUnderlineTerms.test(terminal?.term ?? '')) : setting === 'on';
		return {
			underlineStyles,
			kittyKeyboard: terminal?.kittyKeyboard === true,
			colorDepth: colorDepthFor(terminal?.term, terminal?.colorterm, this.options.colors),
			noColor: terminal?.noColor === true,
			// No client yet: nothing is drawn anyway, and the first attach decides.
			utf8: terminal === undefined || isUtf8Locale(terminal.lang),
		};
	}

	async runProgram(request: ProgramRequest): Promise<number> {
		const client = this.client;
		if (!client) throw new AgentgridError('no-terminal', 'No terminal is attached to run the program on.');
		if (client.terminal.remote) {
			throw new AgentgridError('remote-terminal', `The files are on the server's machine, so ${request.file} cannot open them in this terminal over ssh.`,
				`Open the file from a pane instead: ${request.cwd}`);
		}
		const id = this.nextRun++;
		// The program gets the terminal to itself: the server's frames written, its reading stopped, until `ran`.
		const {direct} = client;
		client.sink = undefined;
		client.direct = undefined;
		client.releasing = direct?.release() ?? Promise.resolve();
		await client.releasing;
		if (this.client !== client) throw goneError();
		return new Promise((resolve, reject) => {
			this.runs.set(id, {resolve, reject});
			client.channel.send({type: 'run', id, file: request.file, args: request.args, cwd: request.cwd});
		});
	}

	/** Resolves once the client has been told, after the last frame reached a terminal the server holds. */
	async detach(reason: string, quit = false): Promise<void> {
		const client = this.client;
		if (!client) return;
		this.dropClient();
		// The last frame reaches the terminal before the client restores it.
		await Promise.all([client.direct?.release(), client.releasing]);
		client.channel.end({type: 'detached', reason, quit});
	}

	private dropClient(): void {
		this.client = undefined;
		const error = goneError();
		for (const run of this.runs.values()) run.reject(error);
		this.runs.clear();
	}

	private async settleRun(client: Client, id: number, exitCode: number | null, error: string | undefined): Promise<void> {
		const run = this.runs.get(id);
		if (!run) return;
		this.runs.delete(id);
		// The grid repaints when the run settles, so the terminal is taken back first.
		await this.takeTerminal(client);
		if (error !== undefined) run.reject(new Error(error));
		else run.resolve(exitCode ?? 128);
	}

	private setSize(cols: number, rows: number, attached: boolean): void {
		// A client could send anything: keep the grid's arithmetic sane.
		this.cols = clamp(cols, 80);
		this.rows = clamp(rows, 24);
		for (const listener of this.resizeListeners) listener({cols: this.cols, rows: this.rows, attached});
	}
}

function isOffered(value: unknown): value is OfferedTerminal {
	const offered = value as Partial<OfferedTerminal> | null;
	return typeof offered === 'object' && offered !== null && typeof offered.path === 'string' && typeof offered.dev === 'number' && typeof offered.ino === 'number';
}

function goneError(): AgentgridError {
	return new AgentgridError('client-gone', 'The terminal detached before the program ended.');
}

function clamp(value: unknown, fallback: number): number {
	return typeof value === 'number' && Number.isInteger(value) && value > 0 ? Math.min(value, 1000) : fallback;
}
