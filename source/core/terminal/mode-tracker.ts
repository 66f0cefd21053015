/**
 * Modes xterm does not expose (or does not implement) but the painter and key encoder need: the mouse report
 * encoding, the kitty keyboard protocol flags (claimed only while the outer terminal speaks the protocol, so the keys
 * a program asks for really arrive in that form; otherwise `CSI ? u` goes unanswered, as in tmux, and the flags
 * read 0),
 * and cursor visibility (DECTCEM; xterm 6 keeps the cursor hidden across a full reset, real terminals do not).
 * Every handler that xterm also implements returns false so xterm keeps doing its own part.
 */
import type {IDisposable, Terminal} from '@xterm/headless';

export type MouseEncoding = 'default' | 'utf8' | 'sgr' | 'urxvt';

// Kitty bounds the per-screen stack; a runaway program must not grow it without limit.
const KITTY_STACK_LIMIT = 64;

type ScreenName = 'normal' | 'alternate';

export class ModeTracker implements IDisposable {
	mouseEncoding: MouseEncoding = 'default';
	cursorVisible = true;
	/** Whether the protocol is claimed: the outer terminal speaks it and agentgrid mirrors the flags onto it. */
	kittyKeyboard = false;
	private readonly kittyStacks: Record<ScreenName, number[]> = {normal: [], alternate: []};
	private readonly kittyCurrent: Record<ScreenName, number> = {normal: 0, alternate: 0};
	private readonly disposables: IDisposable[];

	constructor(private readonly terminal: Terminal, respond: (data: string) => void) {
		const parser = terminal.parser;
		this.disposables = [
			parser.registerCsiHandler({prefix: '?', final: 'h'}, params => this.decPrivateMode(params, true)),
			parser.registerCsiHandler({prefix: '?', final: 'l'}, params => this.decPrivateMode(params, false)),
			parser.registerEscHandler({final: 'c'}, () => {
				this.reset();
				return false;
			}),
			parser.registerCsiHandler({intermediates: '!', final: 'p'}, () => {
				this.cursorVisible = true;
				return false;
			}),
			parser.registerCsiHandler({prefix: '?', final: 'u'}, () => {
				if (this.kittyKeyboard) respond(`\x1b[?${this.kittyKeyboardFlags}u`);
				return true;
			}),
			parser.registerCsiHandler({prefix: '>', final: 'u'}, params => {
				const stack = this.kittyStacks[this.screen];
				stack.push(this.kittyCurrent[this.screen]);
				if (stack.length > KITTY_STACK_LIMIT) stack.shift();
				this.kittyCurrent[this.screen] = numberParam(params, 0, 0);
				return true;
			}),
			parser.registerCsiHandler({prefix: '<', final: 'u'}, params => {
				const stack = this.kittyStacks[this.screen];
				const count = Math.max(1, numberParam(params, 0, 1));
				let flags = this.kittyCurrent[this.screen];
				for (let i = 0; i < count; i++) {
					// Popping more entries than were pushed resets to no flags, as kitty does.
					flags = stack.pop() ?? 0;
				}
				this.kittyCurrent[this.screen] = flags;
				return true;
			}),
			parser.registerCsiHandler({prefix: '=', final: 'u'}, params => {
				const flags = numberParam(params, 0, 0);
				const mode = numberParam(params, 1, 1);
				const current = this.kittyCurrent[this.screen];
				this.kittyCurrent[this.screen] = mode === 2 ? current | flags : mode === 3 ? current & ~flags : flags;
				return true;
			}),
		];
	}

	get kittyKeyboardFlags(): number {
		return this.kittyKeyboard ? this.kittyCurrent[this.screen] : 0;
	}

	private get screen(): ScreenName {
		return this.terminal.buffer.active.type;
	}

	private decPrivateMode(params: (number | number[])[], on: boolean): boolean {
		for (const param of params) {
			const mode = typeof param === 'number' ? param : param[0];
			switch (mode) {
				case 25:
					this.cursorVisible = on;
					break;
				case 1005:
					this.setEncoding('utf8', on);
					break;
				case 1006:
				case 1016:
					this.setEncoding('sgr', on);
					break;
				case 1015:
					this.setEncoding('urxvt', on);
					break;
				default:
					break;
			}
		}
		return false;
	}

	private setEncoding(encoding: MouseEncoding, on: boolean): void {
		if (on) {
			this.mouseEncoding = encoding;
		} else if (this.mouseEncoding === encoding) {
			this.mouseEncoding = 'default';
		}
	}

	private reset(): void {
		this.mouseEncoding = 'default';
		this.cursorVisible = true;
		this.kittyStacks.normal.length = 0;
		this.kittyStacks.alternate.length = 0;
		this.kittyCurrent.normal = 0;
		this.kittyCurrent.alternate = 0;
	}

	dispose(): void {
		this.disposables.forEach(d => d.dispose());
	}
}

function numberParam(params: (number | number[])[], index: number, fallback: number): number {
	const value = params[index];
	const number = typeof value === 'number' ? value : value?.[0];
	return number === undefined || number < 0 ? fallback : number;
}
