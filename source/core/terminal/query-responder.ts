/**
 * Answers the terminal queries xterm leaves unanswered, synchronously while parsing, so a program gets every reply
 * within the same read cycle as its question: XTVERSION (Claude Code enables synchronized output when it gets one)
 * and the OSC 4/10/11 colour queries (Codex waits for them and colours its input box from the answer).
 * DA1, DA2, DSR and CPR are answered by xterm itself.
 */
import type {IDisposable, Terminal} from '@xterm/headless';
import {defaultPalette, isHexColor, toXParseColor, type TerminalColors} from './colors.js';

const ST = '\x1b\\';

export interface QueryResponderOptions {
	colors: TerminalColors;
	version: string;
	respond: (data: string) => void;
}

export function installQueryResponder(terminal: Terminal, options: QueryResponderOptions): IDisposable {
	const {respond} = options;
	const configured = {...options.colors};
	const palette = defaultPalette();
	options.colors.palette?.forEach((color, index) => {
		if (index < 256 && isHexColor(color)) {
			palette[index] = color;
		}
	});
	const configuredPalette = [...palette];
	// Programs may set the dynamic colours (OSC 10/11) and expect to read back what they set.
	const dynamic = {foreground: configured.foreground, background: configured.background};

	const dynamicColor = (ident: number): string => (ident === 11 ? dynamic.background : dynamic.foreground);
	const setDynamic = (ident: number, value: string): void => {
		if (ident === 10 && isHexColor(value)) dynamic.foreground = value;
		if (ident === 11 && isHexColor(value)) dynamic.background = value;
	};

	// OSC 10;?;? asks for 10 then 11: each further parameter addresses the next dynamic colour.
	const dynamicHandler = (first: number) => (data: string): boolean => {
		let handledAll = true;
		data.split(';').forEach((item, offset) => {
			const ident = first + offset;
			if (item === '?') {
				if (ident >= 10 && ident <= 12) {
					respond(`\x1b]${ident};${toXParseColor(dynamicColor(ident))}${ST}`);
				}
			} else {
				setDynamic(ident, item);
				handledAll = false;
			}
		});
		return handledAll;
	};

	const disposables: IDisposable[] = [
		terminal.parser.registerCsiHandler({prefix: '>', final: 'q'}, params => {
			if ((params[0] ?? 0) !== 0) {
				return false;
			}
			respond(`\x1bP>|agentgrid(${options.version})${ST}`);
			return true;
		}),
		terminal.parser.registerOscHandler(10, dynamicHandler(10)),
		terminal.parser.registerOscHandler(11, dynamicHandler(11)),
		terminal.parser.registerOscHandler(4, data => {
			const parts = data.split(';');
			let handledAll = true;
			for (let i = 0; i + 1 < parts.length; i += 2) {
				const index = Number.parseInt(parts[i], 10);
				if (parts[i + 1] === '?' && index >= 0 && index < 256) {
					respond(`\x1b]4;${index};${toXParseColor(palette[index])}${ST}`);
				} else {
					if (index >= 0 && index < 256 && isHexColor(parts[i + 1])) palette[index] = parts[i + 1];
					handledAll = false;
				}
			}
			return handledAll;
		}),
		terminal.parser.registerOscHandler(104, data => {
			if (data === '') {
				palette.splice(0, palette.length, ...configuredPalette);
			} else {
				for (const item of data.split(';')) {
					const index = Number.parseInt(item, 10);
					if (index >= 0 && index < 256) palette[index] = configuredPalette[index];
				}
			}
			return false;
		}),
		terminal.parser.registerOscHandler(110, () => {
			dynamic.foreground = configured.foreground;
			return false;
		}),
		terminal.parser.registerOscHandler(111, () => {
			dynamic.background = configured.background;
			return false;
		}),
	];
	return {dispose: () => disposables.forEach(d => d.dispose())};
}
