/**
 * The few places where agentgrid reads @xterm/headless internals, all in one file so an xterm upgrade is checked
 * here. Each accessor validates the shape it expects and returns undefined otherwise, letting callers fall back to
 * the public API. The version is pinned in package.json and tests exercise both paths.
 */
import type {IBufferLine, IDisposable, Terminal} from '@xterm/headless';

/**
 * xterm's BufferLine: `length` cells packed as [content, fg, bg] uint32 triples, combined strings by column, and
 * the extended attributes (underline style and colour, packed in `_ext`) of cells whose bg has HAS_EXTENDED set.
 */
export interface PackedLine {
	length: number;
	_data: Uint32Array;
	_combined: Record<number, string>;
	_extendedAttrs?: Record<number, {_ext?: number} | undefined>;
}

/** The packed extended attributes of a cell read through the public API (its CellData keeps them in `extended`). */
export function extendedAttributesOf(cell: unknown): number | undefined {
	const ext = (cell as {extended?: {_ext?: unknown}}).extended?._ext;
	return typeof ext === 'number' ? ext : undefined;
}

export function packedLineOf(line: IBufferLine | undefined): PackedLine | undefined {
	const inner = (line as unknown as {_line?: unknown} | undefined)?._line;
	return isPackedLine(inner) ? inner : undefined;
}

/** An internal xterm line (from the line list) whose cells are packed as expected. */
export function isPackedLine(line: unknown): line is PackedLine {
	const candidate = line as Partial<PackedLine> | undefined;
	return candidate !== undefined && candidate !== null && candidate._data instanceof Uint32Array && typeof candidate._combined === 'object' && typeof candidate.length === 'number';
}

interface InputHandlerInternals {
	eraseInDisplay?: (params: {params: number[]}, respectProtect?: boolean) => boolean;
}

/**
 * xterm 6.0's ED 1 (erase above) throws when the cursor is in the bottom-right cell of a screen without scrollback
 * (it clears the wrap flag of the line below the last one). The throw escapes the parser on a timer and would take
 * the whole process down. In exactly that position "erase from the top through the cursor" is "erase the whole
 * screen", so answer it with ED 2 ourselves. Returns false (let xterm handle it) in every other case.
 */
export function installEraseAboveGuard(terminal: Terminal): IDisposable {
	const guard = (respectProtect: boolean) => (params: (number | number[])[]): boolean => {
		if (params[0] !== 1) {
			return false;
		}
		const buffer = terminal.buffer.active;
		const atLastCell = buffer.cursorY === terminal.rows - 1 && buffer.cursorX + 1 >= terminal.cols;
		if (!atLastCell || buffer.length > terminal.rows) {
			return false;
		}
		const handler = (terminal as unknown as {_core?: {_inputHandler?: InputHandlerInternals}})._core?._inputHandler;
		if (typeof handler?.eraseInDisplay !== 'function') {
			return false;
		}
		handler.eraseInDisplay({params: [2]}, respectProtect);
		return true;
	};
	const disposables = [
		terminal.parser.registerCsiHandler({final: 'J'}, guard(false)),
		terminal.parser.registerCsiHandler({prefix: '?', final: 'J'}, guard(true)),
	];
	return {dispose: () => disposables.forEach(d => d.dispose())};
}

/**
 * xterm parses a write on a later timer tick, except the first write after user input, which it parses at once so
 * typed characters echo without delay. Marking user input before a write gets that path for the write. Returns false
 * when the internals are not there (the write then waits for xterm's timer).
 */
export function markUserInput(terminal: Terminal): boolean {
	const writeBuffer = (terminal as unknown as {_core?: {_writeBuffer?: {handleUserInput?: () => void}}})._core?._writeBuffer;
	if (typeof writeBuffer?.handleUserInput !== 'function') {
		return false;
	}
	writeBuffer.handleUserInput();
	return true;
}

/** xterm's list of normal-buffer lines; a full reset replaces it, so callers compare identities. */
export interface HistoryLines {
	onTrim(listener: (amount: number) => void): IDisposable;
	/** Lines by absolute row, as the buffer's getLine has them, without the public API's wrapper per call. */
	get(row: number): InternalLine | undefined;
	readonly length: number;
}

export interface InternalLine {
	isWrapped: boolean;
	translateToString(trimRight?: boolean, startCol?: number, endCol?: number): string;
}

/**
 * The normal buffer's line list, whose onTrim says how many lines left the top of the history (when it is full,
 * every new line drops the oldest one and every absolute line number moves up). Undefined when the internals are
 * not there; callers then cache nothing keyed by line number.
 */
export function historyLinesOf(terminal: Terminal): HistoryLines | undefined {
	const lines = (terminal as unknown as {_core?: {_bufferService?: {buffers?: {normal?: {lines?: Partial<HistoryLines>}}}}})._core?._bufferService?.buffers?.normal?.lines;
	return typeof lines?.onTrim === 'function' && typeof lines.get === 'function' && typeof lines.length === 'number' ? (lines as HistoryLines) : undefined;
}

/**
 * Whether xterm's parser is between sequences (in its ground state), so the screen as it stands is all the output
 * parsed so far says: a chunk may end inside an escape sequence whose rest comes with the next one. Undefined when
 * the internals are not there.
 */
export function parserAtRest(terminal: Terminal): boolean | undefined {
	const parser = (terminal as unknown as {_core?: {_inputHandler?: {_parser?: {currentState?: unknown}}}})._core?._inputHandler?._parser;
	return typeof parser?.currentState === 'number' ? parser.currentState === 0 : undefined;
}

/** What the next printed character gets that the cells do not show: xterm's pen, scroll region and G0 charset. */
export interface DrawingInternals {
	/** The packed fg and bg of the pen, and its extended attributes (underline style and colour). */
	fg: number;
	bg: number;
	ext: number | undefined;
	/** Rows of the scroll region, from 0. */
	scrollTop: number;
	scrollBottom: number;
	/** The charset in use is DEC line drawing (`ESC ( 0`), as full-screen programs switch to it to draw boxes. */
	lineDrawing: boolean;
}

export function drawingInternalsOf(terminal: Terminal): DrawingInternals | undefined {
	const core = (terminal as unknown as {_core?: {
		_inputHandler?: {_curAttrData?: {fg?: unknown; bg?: unknown; extended?: {_ext?: unknown}}};
		buffer?: {scrollTop?: unknown; scrollBottom?: unknown};
		_charsetService?: {charset?: unknown};
	}})._core;
	const pen = core?._inputHandler?._curAttrData;
	const buffer = core?.buffer;
	if (typeof pen?.fg !== 'number' || typeof pen.bg !== 'number' || typeof buffer?.scrollTop !== 'number' || typeof buffer.scrollBottom !== 'number') return undefined;
	const charset = core?._charsetService?.charset as Record<string, string> | undefined;
	return {
		fg: pen.fg,
		bg: pen.bg,
		ext: typeof pen.extended?._ext === 'number' ? pen.extended._ext : undefined,
		scrollTop: buffer.scrollTop,
		scrollBottom: buffer.scrollBottom,
		lineDrawing: charset?.q === '─',
	};
}
