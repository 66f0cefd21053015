/**
 * The user's terminal, for end-to-end tests: runs the built agentgrid in a real pty and parses everything it writes
 * with @xterm/headless, exactly as a terminal emulator would. Tests read the composed screen from here.
 */
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import pty from '@lydell/node-pty';
import xterm from '@xterm/headless';
import {useGraphemeWidths} from '../../source/core/terminal/grapheme-widths.js';

const {Terminal} = xterm;

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const agentgridBin = path.join(projectRoot, 'bin/agentgrid.js');

export interface OuterCell {
	char: string;
	width: number;
	fg: number;
	bg: number;
	fgMode: 'default' | 'palette' | 'rgb';
	bgMode: 'default' | 'palette' | 'rgb';
	bold: boolean;
	inverse: boolean;
}

export interface OuterTerminalOptions {
	args?: string[];
	cwd: string;
	env?: NodeJS.ProcessEnv;
	cols?: number;
	rows?: number;
	/** Answer OSC 10/11 colour queries as a real terminal would; undefined leaves them unanswered. */
	colors?: {foreground: string; background: string};
	/**
	 * Speak the kitty keyboard protocol as kitty does: answer `CSI ? u` with `CSI ? flags u` and keep the flags pushed
	 * (`CSI > flags u`), popped (`CSI < n u`) and set (`CSI = flags ; mode u`), one stack per screen. xterm.js has no
	 * such protocol, so `kittyFlags` is where a test reads what the app asked of the terminal.
	 */
	kittyKeyboard?: boolean;
	/** Program to run instead of agentgrid (e.g. a tmux client for comparisons); `args` are then its arguments. */
	file?: string;
}

export class OuterTerminal {
	readonly term: InstanceType<typeof Terminal>;
	readonly process: pty.IPty;
	bytesReceived = 0;
	/** Bells the app rang on this terminal. */
	bells = 0;
	output = '';
	exitCode: number | undefined;
	readonly exited: Promise<number>;
	/**
	 * Whether output is fed to the parsed screen. Benchmarks turn it off to count bytes without paying for parsing;
	 * once off, the parsed screen no longer matches what the program drew.
	 */
	parsing = true;
	private readonly keepOutput: boolean;
	private readonly kitty = {normal: {flags: 0, stack: [] as number[]}, alternate: {flags: 0, stack: [] as number[]}};

	constructor(options: OuterTerminalOptions & {keepOutput?: boolean}) {
		const cols = options.cols ?? 160;
		const rows = options.rows ?? 45;
		this.keepOutput = options.keepOutput ?? false;
		this.term = new Terminal({cols, rows, allowProposedApi: true, scrollback: 0});
		useGraphemeWidths(this.term);
		const [file, args] = options.file === undefined ? [process.execPath, [agentgridBin, ...(options.args ?? [])]] : [options.file, options.args ?? []];
		// xterm.js draws truecolour and UTF-8: say so, whatever the environment running the tests says.
		const env = {...process.env, TERM: 'xterm-256color', COLORTERM: 'truecolor', LANG: 'C.UTF-8', LC_ALL: '', LC_CTYPE: '', ...options.env} as Record<string, string>;
		// node-pty sets TERM to `name` (an empty one falls back to xterm): a test's TERM must win.
		this.process = pty.spawn(file, args, {cols, rows, cwd: options.cwd, env, name: env.TERM || 'xterm-256color'});
		this.term.onData(data => this.process.write(data));
		this.term.onBell(() => this.bells++);
		if (options.colors) {
			const {foreground, background} = options.colors;
			const rgb = (hex: string) => `rgb:${hex.slice(1, 3)}${hex.slice(1, 3)}/${hex.slice(3, 5)}${hex.slice(3, 5)}/${hex.slice(5, 7)}${hex.slice(5, 7)}`;
			this.term.parser.registerOscHandler(10, data => {
				if (data === '?') this.process.write(`\u001B]10;${rgb(foreground)}\u001B\\`);
				return true;
			});
			this.term.parser.registerOscHandler(11, data => {
				if (data === '?') this.process.write(`\u001B]11;${rgb(background)}\u001B\\`);
				return true;
			});
		}
		if (options.kittyKeyboard) this.speakKittyKeyboard();
		this.process.onData(data => {
			this.lastDataAt = Date.now();
			this.bytesReceived += Buffer.byteLength(data);
			if (this.keepOutput) this.output += data;
			if (this.parsing) this.term.write(data);
		});
		this.exited = new Promise(resolve => {
			this.process.onExit(({exitCode}) => {
				this.exitCode = exitCode;
				// node-pty may report the exit before the program's last output is read: the screen a test reads after
				// `exited` must hold it, so wait until the output has been quiet a moment, and parse it.
				void this.drained().then(() => resolve(exitCode));
			});
		});
	}

	/** The kitty keyboard flags in force on the active screen (always 0 unless the terminal speaks the protocol). */
	get kittyFlags(): number {
		return this.kitty[this.term.buffer.active.type].flags;
	}

	private speakKittyKeyboard(): void {
		const screen = () => this.kitty[this.term.buffer.active.type];
		const param = (params: (number | number[])[], index: number, fallback: number) => {
			const value = params[index];
			const number = typeof value === 'number' ? value : value?.[0];
			return number === undefined || number < 0 ? fallback : number;
		};
		const parser = this.term.parser;
		parser.registerCsiHandler({prefix: '?', final: 'u'}, () => {
			this.process.write(`\u001B[?${screen().flags}u`);
			return true;
		});
		parser.registerCsiHandler({prefix: '>', final: 'u'}, params => {
			const state = screen();
			state.stack.push(state.flags);
			state.flags = param(params, 0, 0);
			return true;
		});
		parser.registerCsiHandler({prefix: '<', final: 'u'}, params => {
			const state = screen();
			// Popping past the bottom of the stack resets the flags (the spec's rule).
			for (let i = Math.max(1, param(params, 0, 1)); i > 0; i--) state.flags = state.stack.pop() ?? 0;
			return true;
		});
		parser.registerCsiHandler({prefix: '=', final: 'u'}, params => {
			const state = screen();
			const flags = param(params, 0, 0);
			const mode = param(params, 1, 1);
			state.flags = mode === 2 ? state.flags | flags : mode === 3 ? state.flags & ~flags : flags;
			return true;
		});
	}

	private lastDataAt = 0;

	private async drained(): Promise<void> {
		const deadline = Date.now() + 2000;
		while (Date.now() - this.lastDataAt < 100 && Date.now() < deadline) await new Promise(resolve => setTimeout(resolve, 20));
		await this.settle();
	}

	/** Resolves once everything received so far has been parsed. */
	async settle(): Promise<void> {
		await new Promise<void>(resolve => this.term.write('', resolve));
	}

	lines(): string[] {
		const buffer = this.term.buffer.active;
		const result: string[] = [];
		for (let y = 0; y < this.term.rows; y++) result.push(buffer.getLine(buffer.viewportY + y)?.translateToString(true) ?? '');
		return result;
	}

	text(): string {
		return this.lines().join('\n');
	}

	cell(x: number, y: number): OuterCell {
		const buffer = this.term.buffer.active;
		const cell = buffer.getLine(buffer.viewportY + y)!.getCell(x)!;
		const mode = (isDefault: boolean, isRgb: boolean) => (isDefault ? 'default' : isRgb ? 'rgb' : 'palette');
		return {
			char: cell.getChars(),
			width: cell.getWidth(),
			fg: cell.getFgColor(),
			bg: cell.getBgColor(),
			fgMode: mode(cell.isFgDefault(), cell.isFgRGB()),
			bgMode: mode(cell.isBgDefault(), cell.isBgRGB()),
			bold: cell.isBold() !== 0,
			inverse: cell.isInverse() !== 0,
		};
	}

	get cursor(): {x: number; y: number} {
		const buffer = this.term.buffer.active;
		return {x: buffer.cursorX, y: buffer.cursorY};
	}

	write(data: string): void {
		this.process.write(data);
	}

	resize(cols: number, rows: number): void {
		this.term.resize(cols, rows);
		this.process.resize(cols, rows);
	}

	/** Polls the parsed screen until `predicate` holds; fails with the screen contents so a failure is readable. */
	async waitFor(predicate: string | RegExp | ((screen: string) => boolean), timeoutMs = 15_000): Promise<string> {
		const test =
			typeof predicate === 'string'
				? (s: string) => s.includes(predicate)
				: predicate instanceof RegExp
					? (s: string) => predicate.test(s)
					: predicate;
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			await this.settle();
			const screen = this.text();
			if (test(screen)) return screen;
			if (this.exitCode !== undefined) throw new Error(`agentgrid exited (${this.exitCode}) while waiting for ${String(predicate)}\n${screen}`);
			if (Date.now() > deadline) throw new Error(`timed out waiting for ${String(predicate)}; screen:\n${screen}`);
			await new Promise(resolve => setTimeout(resolve, 25));
		}
	}

	kill(): void {
		try {
			this.process.kill('SIGKILL');
		} catch {
			// already gone
		}
		this.term.dispose();
	}
}
