import type {Direction, PaneRect, Rect} from './types.js';

interface Span {
	start: number;
	end: number;
}

function along(rect: Rect, direction: Direction): Span {
	return direction === 'left' || direction === 'right'
		? {start: rect.y, end: rect.y + rect.height}
		: {start: rect.x, end: rect.x + rect.width};
}

function overlap(a: Span, b: Span): number {
	return Math.min(a.end, b.end) - Math.max(a.start, b.start);
}

/**
 * Position of a rect's near edge seen from the moving pane, growing with distance. Outer rects of neighbours share a
 * border, so "beyond" means starting at or past the moving pane's far border.
 */
function distance(from: Rect, to: Rect, direction: Direction): number {
	switch (direction) {
		case 'left':
			return from.x - (to.x + to.width - 1);
		case 'right':
			return to.x - (from.x + from.width - 1);
		case 'up':
			return from.y - (to.y + to.height - 1);
		case 'down':
			return to.y - (from.y + from.height - 1);
	}
}

export interface NeighbourOptions {
	/** Pane indexes, most recently focused first: among equally adjacent panes tmux returns to the last used one. */
	recent?: readonly number[];
}

/**
 * The pane focus moves to from pane `from`, like tmux's select-pane -L/-R/-U/-D:
 * - candidates are panes whose extent across the movement overlaps the moving pane's, lying in that direction;
 *   the nearest of them (smallest gap) win;
 * - among several nearest ones: the most recently focused (when `recent` is given), then the one sharing the most
 *   rows/columns with the moving pane, then the one whose start aligns closest with it, then the lower index;
 * - at the edge of the screen focus wraps around to the farthest overlapping pane on the other side, as tmux does;
 *   when no other pane overlaps at all (e.g. left in a single column) focus stays put and `from` is returned.
 *
 * Give it the tiled layout (not the zoomed one): moving focus is meant to leave or change the zoom.
 */
export function neighbour(panes: readonly PaneRect[], from: number, direction: Direction, options: NeighbourOptions = {}): number {
	const origin = panes[from]?.outer;
	if (!origin) return from;
	// Overlap is measured on content areas: outer rects of stacked panes share a border line, which is no overlap.
	const span = along(panes[from].inner, direction);
	const overlapping = panes
		.map((pane, index) => ({index, rect: pane.outer, inner: pane.inner}))
		.filter(({index, inner}) => index !== from && overlap(span, along(inner, direction)) > 0);
	const ahead = overlapping.filter(({rect}) => distance(origin, rect, direction) >= 0);
	let pool: typeof overlapping;
	if (ahead.length > 0) {
		const nearest = Math.min(...ahead.map(({rect}) => distance(origin, rect, direction)));
		pool = ahead.filter(({rect}) => distance(origin, rect, direction) === nearest);
	} else {
		// Wrap: the panes farthest away on the other side, i.e. those touching the opposite screen edge.
		const behind = overlapping.filter(({rect}) => distance(origin, rect, direction) < 0);
		if (behind.length === 0) return from;
		const farthest = Math.min(...behind.map(({rect}) => distance(origin, rect, direction)));
		pool = behind.filter(({rect}) => distance(origin, rect, direction) === farthest);
	}
	const recent = options.recent ?? [];
	const rank = (index: number) => {
		const position = recent.indexOf(index);
		return position === -1 ? Number.POSITIVE_INFINITY : position;
	};
	pool.sort((a, b) => {
		const byRecent = rank(a.index) - rank(b.index);
		if (byRecent !== 0 && Number.isFinite(Math.min(rank(a.index), rank(b.index)))) return byRecent;
		const spanA = along(a.inner, direction);
		const spanB = along(b.inner, direction);
		const byOverlap = overlap(span, spanB) - overlap(span, spanA);
		if (byOverlap !== 0) return byOverlap;
		const byAlignment = Math.abs(spanA.start - span.start) - Math.abs(spanB.start - span.start);
		if (byAlignment !== 0) return byAlignment;
		return a.index - b.index;
	});
	return pool[0].index;
}

/** The pane a digit key jumps to: 1 is the first pane. Undefined when there is no such pane. */
export function byNumber(count: number, digit: number): number | undefined {
	if (!Number.isInteger(digit) || digit < 1 || digit > count) return undefined;
	return digit - 1;
}
