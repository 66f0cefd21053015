import type {PaneRect, Rect, Size} from './types.js';

/**
 * Smallest content area a pane may get before the grid shows a "terminal too small" message instead: narrower than
 * this, agents' own UIs (prompts, spinners, diffs) wrap into garbage.
 */
export const minimumPaneSize: Size = {width: 20, height: 4};

export interface GridShape {
	rows: number;
	columns: number;
}

/**
 * tmux's tiled rule (layout-set.c): add a row, then a column, alternately, until rows x columns holds every pane.
 * So 2 panes stack vertically, 3-4 make a 2x2, 5-6 a 3x2, 7-9 a 3x3.
 */
export function gridShape(count: number): GridShape {
	let rows = 1;
	let columns = 1;
	while (rows * columns < count) {
		rows++;
		if (rows * columns < count) columns++;
	}
	return {rows, columns};
}

/**
 * Splits `total` cells into `parts` sizes as even as possible. Like tmux, the leftover cells go to the last parts
 * (tmux gives them all to the last pane; spreading them one by one keeps the columns within one cell of each other).
 */
function split(total: number, parts: number): number[] {
	const base = Math.max(0, Math.floor(total / parts));
	const extra = Math.max(0, total - base * parts);
	return Array.from({length: parts}, (_, index) => base + (index >= parts - extra ? 1 : 0));
}

function innerOf(outer: Rect): Rect {
	return {
		x: outer.x + 1,
		y: outer.y + 1,
		width: Math.max(0, outer.width - 2),
		height: Math.max(0, outer.height - 2),
	};
}

function pane(outer: Rect, visible = true): PaneRect {
	return {outer, inner: innerOf(outer), visible};
}

/**
 * Lays `count` panes out over `area` with tmux's tiled rule and one-cell borders shared between neighbours (the whole
 * grid is boxed, so n columns use n + 1 border columns). Rows fill left to right, top to bottom, in pane order.
 * When the last row has fewer panes than there are columns, its panes keep the column widths and its last pane
 * stretches to the right edge, as `tmux select-layout tiled` does, so borders line up with the rows above.
 *
 * With `zoomed`, that pane's outer rect is the whole area; the others keep their tiled rects and are marked hidden,
 * so their terminals need no resize when the zoom ends.
 *
 * An area too small for the panes yields rects with zero-sized interiors; check `fits` first and show a message.
 */
export function tile(area: Rect, count: number, zoomed?: number): PaneRect[] {
	if (count <= 0) return [];
	const {rows, columns} = gridShape(count);
	const heights = split(area.height - (rows + 1), rows);
	const widths = split(area.width - (columns + 1), columns);
	const panes: PaneRect[] = [];
	let y = area.y;
	for (let row = 0; row < rows && panes.length < count; row++) {
		const height = heights[row] + 2;
		const inRow = Math.min(columns, count - panes.length);
		let x = area.x;
		for (let column = 0; column < inRow; column++) {
			const last = column === inRow - 1;
			const width = last ? area.x + area.width - x : widths[column] + 2;
			panes.push(pane({x, y, width: Math.max(0, width), height}));
			x += width - 1;
		}
		y += height - 1;
	}
	if (zoomed === undefined || zoomed < 0 || zoomed >= count) return panes;
	return panes.map((tiled, index) => (index === zoomed ? pane({...area}) : {...tiled, visible: false}));
}

/** True when every pane of a tiled (or zoomed) layout gets at least `minimum` content cells. */
export function fits(area: Size, count: number, options: {zoomed?: boolean; minimum?: Size} = {}): boolean {
	const minimum = options.minimum ?? minimumPaneSize;
	if (count <= 0) return area.width >= minimum.width + 2 && area.height >= minimum.height + 2;
	const {rows, columns} = options.zoomed ? {rows: 1, columns: 1} : gridShape(count);
	const innerWidth = Math.floor((area.width - (columns + 1)) / columns);
	const innerHeight = Math.floor((area.height - (rows + 1)) / rows);
	return innerWidth >= minimum.width && innerHeight >= minimum.height;
}

/** The smallest area in which `count` tiled panes fit, for the "terminal too small" message. */
export function minimumArea(count: number, minimum: Size = minimumPaneSize): Size {
	const {rows, columns} = gridShape(Math.max(1, count));
	return {width: columns * (minimum.width + 1) + 1, height: rows * (minimum.height + 1) + 1};
}
