import type {PaneRect} from '../../../source/core/layout/types.js';

/**
 * Draws panes as text so layouts can be compared with a picture: borders as + - |, each pane's content filled with
 * its number (1-based), hidden panes left out. Shared borders merge into '+' where lines cross.
 */
export function picture(width: number, height: number, panes: readonly PaneRect[]): string {
	const grid = Array.from({length: height}, () => Array.from({length: width}, () => '.'));
	const put = (x: number, y: number, char: string) => {
		if (y < 0 || y >= height || x < 0 || x >= width) throw new Error(`cell ${x},${y} outside ${width}x${height}`);
		const old = grid[y][x];
		grid[y][x] = old === '.' || old === char ? char : '+';
	};
	panes.forEach((pane, index) => {
		if (!pane.visible) return;
		const {x, y, width: w, height: h} = pane.outer;
		for (let column = x; column < x + w; column++) {
			put(column, y, '-');
			put(column, y + h - 1, '-');
		}
		for (let row = y; row < y + h; row++) {
			put(x, row, '|');
			put(x + w - 1, row, '|');
		}
		for (const [cx, cy] of [[x, y], [x + w - 1, y], [x, y + h - 1], [x + w - 1, y + h - 1]]) grid[cy][cx] = '+';
		const {inner} = pane;
		for (let row = inner.y; row < inner.y + inner.height; row++) {
			for (let column = inner.x; column < inner.x + inner.width; column++) {
				if (grid[row][column] !== '.') throw new Error(`pane ${index + 1} content overlaps at ${column},${row}`);
				grid[row][column] = String((index + 1) % 10);
			}
		}
	});
	return grid.map(line => line.join('')).join('\n');
}

/** Lets expected pictures be indented template literals. */
export function art(text: string): string {
	const lines = text.split('\n').map(line => line.trim()).filter(line => line.length > 0);
	return lines.join('\n');
}
