/**
 * The cursor line and the first visible line of one file's diff, and how each review command moves them. Pure, so
 * the same rules hold whatever the screen size and are cheap to test.
 */
import type {FileDiff} from '../../../core/review/file-diff.js';

export interface Viewport {
	/** The line under the cursor (feedback and the editor are about this line). */
	cursor: number;
	/** The first line on screen. */
	top: number;
}

export const startViewport: Viewport = {cursor: 0, top: 0};

function clamp(value: number, low: number, high: number): number {
	return Math.max(low, Math.min(high, value));
}

/** Keeps the viewport inside the diff and the cursor on screen (after a resize, a reload, a shorter file). */
export function fitViewport(viewport: Viewport, lineCount: number, page: number): Viewport {
	const last = Math.max(0, lineCount - 1);
	const cursor = clamp(viewport.cursor, 0, last);
	let top = clamp(viewport.top, 0, Math.max(0, lineCount - page));
	if (cursor < top) top = cursor;
	if (cursor >= top + page) top = cursor - page + 1;
	return {cursor, top: Math.max(0, top)};
}

/** Puts `line` under the cursor at the top of the screen, as far as the end of the diff allows. */
function showAtTop(line: number, lineCount: number, page: number): Viewport {
	return fitViewport({cursor: line, top: line}, lineCount, page);
}

/** The viewport after a review scroll command, or undefined when the command is not a scroll command. */
export function scrollViewport(viewport: Viewport, command: string, diff: FileDiff, page: number): Viewport | undefined {
	const count = diff.lineCount;
	switch (command) {
		case 'review.down':
			return fitViewport({...viewport, cursor: viewport.cursor + 1}, count, page);
		case 'review.up':
			return fitViewport({...viewport, cursor: viewport.cursor - 1}, count, page);
		case 'review.page-down': {
			// Scroll the view and the cursor together; at the end, the cursor still reaches the last line.
			const top = clamp(viewport.top + page, 0, Math.max(0, count - page));
			const moved = top - viewport.top;
			return fitViewport({top, cursor: moved < page ? count - 1 : viewport.cursor + page}, count, page);
		}
		case 'review.page-up': {
			const top = Math.max(0, viewport.top - page);
			const moved = viewport.top - top;
			return fitViewport({top, cursor: moved < page ? 0 : viewport.cursor - page}, count, page);
		}
		case 'review.top':
			return fitViewport({cursor: 0, top: 0}, count, page);
		case 'review.bottom':
			return fitViewport({cursor: count - 1, top: count - page}, count, page);
		case 'review.next-hunk': {
			const next = diff.nextHunk(viewport.cursor);
			return next === undefined ? viewport : showAtTop(next, count, page);
		}
		case 'review.previous-hunk': {
			const previous = diff.previousHunk(viewport.cursor);
			return previous === undefined ? viewport : showAtTop(previous, count, page);
		}
		default:
			return undefined;
	}
}
