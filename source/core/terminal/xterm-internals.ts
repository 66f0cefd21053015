/**
 * The few places where agentgrid reads @xterm/headless internals, all in one file so an xterm upgrade is checked
 * here. Each accessor validates the shape it expects and returns undefined otherwise, letting callers fall back to
 * the public API. The version is pinned in package.json and tests exercise both paths.
 */
import type {IBufferLine, Terminal} from '@xterm/headless';

/** xterm's BufferLine: `length` cells packed as [content, fg, bg] uint32 triples, combined strings by column. */
export interface PackedLine {
	length: number;
	_data: Uint32Array;
	_combined: Record<number, string>;
}

interface InternalCore {
	coreService?: {isCursorHidden?: unknown};
}

export function packedLineOf(line: IBufferLine | undefined): PackedLine | undefined {
	const inner = (line as unknown as {_line?: Partial<PackedLine>} | undefined)?._line;
	if (inner && inner._data instanceof Uint32Array && typeof inner._combined === 'object' && typeof inner.length === 'number') {
		return inner as PackedLine;
	}
	return undefined;
}

/** DECTCEM state (`CSI ? 25 l/h`) as xterm tracks it, including its resets on RIS, DECSTR and screen switches. */
export function cursorHiddenOf(terminal: Terminal): boolean | undefined {
	const hidden = (terminal as unknown as {_core?: InternalCore})._core?.coreService?.isCursorHidden;
	return typeof hidden === 'boolean' ? hidden : undefined;
}
