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
import type {ClientMessage, ClientTerminal, ServerMessage} from './protocol.js';
import {markTimeline} from './server-timeline.js';

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

export class ClientHost implements TerminalHost {
	private client: {channel: ServerChannel; terminal: ClientTerminal} | undefined;
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
		return this.client !== undefined && !this.stalled;
	}

	/** Makes `channel` the terminal; the previous client, if any, is detached with a reason. */
	attach(channel: ServerChannel, terminal: ClientTerminal): void {
		this.detach('attached from another terminal');
		this.client = {channel, terminal};
		this.stalled = false;
		// Programs are told some colours either way (Codex waits for an answer): the terminal's, or the best guess.
		this.outerColors = terminal.colors ?? fallbackColors(terminal.colorfgbg, this.options.fallbackColors ?? 'dark');
		for (const listener of this.colorListeners) listener(this.outerColors);
		// A character whose bytes arrive in two reads (ssh packets, big pastes) must reach the agent whole.
		const decoder = new StringDecoder('utf8');
		const off = channel.onMessage(({message, payload}) => {
			if (this.client?.channel !== channel) return;
			if (message.type === 'input' && payload) {
				markTimeline('input');
				const text = decoder.write(payload);
				if (text !== '') for (const listener of this.inputListeners) listener(text);
			} else if (message.type === 'resize') this.setSize(message.cols, message.rows, false);
			else if (message.type === 'detach') this.detach('detached');
			else if (message.type === 'ran') this.settleRun(message.id, message.exitCode, message.error);
		});
		channel.onClose(() => {
			off();
			if (this.client?.channel === channel) this.dropClient();
		});
		this.setSize(terminal.cols, terminal.rows, true);
	}

	size(): {cols: number; rows: number} {
		return {cols: this.cols, rows: this.rows};
	}

	write(data: string): void {
		const channel = this.client?.channel;
		if (!channel || this.stalled) return;
		channel.send({type: 'output', bytes: 0}, data);
		markTimeline('output');
		if (channel.backlog > backlogLimit) {
			this.stalled = true;
			channel.onDrained(() => {
				if (this.client?.channel !== channel) return;
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
		return new Promise((resolve, reject) => {
			this.runs.set(id, {resolve, reject});
			client.channel.send({type: 'run', id, file: request.file, args: request.args, cwd: request.cwd});
		});
	}

	detach(reason: string, quit = false): void {
		const client = this.client;
		if (!client) return;
		this.dropClient();
		client.channel.end({type: 'detached', reason, quit});
	}

	private dropClient(): void {
		this.client = undefined;
		const error = new AgentgridError('client-gone', 'The terminal detached before the program ended.');
		for (const run of this.runs.values()) run.reject(error);
		this.runs.clear();
	}

	private settleRun(id: number, exitCode: number | null, error: string | undefined): void {
		const run = this.runs.get(id);
		if (!run) return;
		this.runs.delete(id);
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

function clamp(value: unknown, fallback: number): number {
	return typeof value === 'number' && Number.isInteger(value) && value > 0 ? Math.min(value, 1000) : fallback;
}
