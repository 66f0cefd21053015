import {describe, expect, it} from 'vitest';
import {fits, gridShape, minimumArea, minimumPaneSize, tile} from '../../../source/core/layout/index.js';
import {art, picture} from './render.js';

const at = (width: number, height: number) => ({x: 0, y: 0, width, height});
const draw = (width: number, height: number, count: number, zoomed?: number) =>
	picture(width, height, tile(at(width, height), count, zoomed));

describe('gridShape', () => {
	it('grows rows then columns like tmux until every pane has a cell', () => {
		const shapes = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map(count => {
			const {rows, columns} = gridShape(count);
			return `${rows}x${columns}`;
		});
		expect(shapes).toEqual(['1x1', '2x1', '2x2', '2x2', '3x2', '3x2', '3x3', '3x3', '3x3', '4x3']);
	});
});

describe('tile', () => {
	it('returns nothing for no panes', () => {
		expect(tile(at(80, 24), 0)).toEqual([]);
	});

	it('boxes a single pane', () => {
		expect(draw(9, 4, 1)).toBe(art(`
			+-------+
			|1111111|
			|1111111|
			+-------+
		`));
		const [only] = tile(at(9, 4), 1);
		expect(only).toEqual({outer: {x: 0, y: 0, width: 9, height: 4}, inner: {x: 1, y: 1, width: 7, height: 2}, visible: true});
	});

	it('stacks two panes vertically', () => {
		expect(draw(21, 9, 2)).toBe(art(`
			+-------------------+
			|1111111111111111111|
			|1111111111111111111|
			|1111111111111111111|
			+-------------------+
			|2222222222222222222|
			|2222222222222222222|
			|2222222222222222222|
			+-------------------+
		`));
	});

	it('lets the lone pane of the last row span the width (3 panes)', () => {
		expect(draw(21, 9, 3)).toBe(art(`
			+---------+---------+
			|111111111|222222222|
			|111111111|222222222|
			|111111111|222222222|
			+---------+---------+
			|3333333333333333333|
			|3333333333333333333|
			|3333333333333333333|
			+-------------------+
		`));
	});

	it('makes a 2x2 grid of four panes', () => {
		expect(draw(21, 9, 4)).toBe(art(`
			+---------+---------+
			|111111111|222222222|
			|111111111|222222222|
			|111111111|222222222|
			+---------+---------+
			|333333333|444444444|
			|333333333|444444444|
			|333333333|444444444|
			+---------+---------+
		`));
	});

	it('uses three rows of two for five and six panes', () => {
		expect(draw(25, 10, 5)).toBe(art(`
			+-----------+-----------+
			|11111111111|22222222222|
			|11111111111|22222222222|
			+-----------+-----------+
			|33333333333|44444444444|
			|33333333333|44444444444|
			+-----------+-----------+
			|55555555555555555555555|
			|55555555555555555555555|
			+-----------------------+
		`));
		expect(draw(25, 10, 6)).toBe(art(`
			+-----------+-----------+
			|11111111111|22222222222|
			|11111111111|22222222222|
			+-----------+-----------+
			|33333333333|44444444444|
			|33333333333|44444444444|
			+-----------+-----------+
			|55555555555|66666666666|
			|55555555555|66666666666|
			+-----------+-----------+
		`));
	});

	it('uses a 3x3 grid for seven to nine panes, stretching the last pane of a short last row', () => {
		expect(draw(25, 13, 7)).toBe(art(`
			+-------+-------+-------+
			|1111111|2222222|3333333|
			|1111111|2222222|3333333|
			|1111111|2222222|3333333|
			+-------+-------+-------+
			|4444444|5555555|6666666|
			|4444444|5555555|6666666|
			|4444444|5555555|6666666|
			+-------+-------+-------+
			|77777777777777777777777|
			|77777777777777777777777|
			|77777777777777777777777|
			+-----------------------+
		`));
		expect(draw(25, 13, 8)).toBe(art(`
			+-------+-------+-------+
			|1111111|2222222|3333333|
			|1111111|2222222|3333333|
			|1111111|2222222|3333333|
			+-------+-------+-------+
			|4444444|5555555|6666666|
			|4444444|5555555|6666666|
			|4444444|5555555|6666666|
			+-------+-------+-------+
			|7777777|888888888888888|
			|7777777|888888888888888|
			|7777777|888888888888888|
			+-------+---------------+
		`));
		expect(draw(25, 13, 9)).toBe(art(`
			+-------+-------+-------+
			|1111111|2222222|3333333|
			|1111111|2222222|3333333|
			|1111111|2222222|3333333|
			+-------+-------+-------+
			|4444444|5555555|6666666|
			|4444444|5555555|6666666|
			|4444444|5555555|6666666|
			+-------+-------+-------+
			|7777777|8888888|9999999|
			|7777777|8888888|9999999|
			|7777777|8888888|9999999|
			+-------+-------+-------+
		`));
	});

	it('gives leftover columns and rows to the last ones on odd sizes', () => {
		expect(draw(22, 11, 3)).toBe(art(`
			+---------+----------+
			|111111111|2222222222|
			|111111111|2222222222|
			|111111111|2222222222|
			|111111111|2222222222|
			+---------+----------+
			|33333333333333333333|
			|33333333333333333333|
			|33333333333333333333|
			|33333333333333333333|
			+--------------------+
		`));
		expect(draw(23, 8, 4)).toBe(art(`
			+----------+----------+
			|1111111111|2222222222|
			|1111111111|2222222222|
			+----------+----------+
			|3333333333|4444444444|
			|3333333333|4444444444|
			|3333333333|4444444444|
			+----------+----------+
		`));
		expect(draw(26, 9, 9)).toBe(art(`
			+-------+-------+--------+
			|1111111|2222222|33333333|
			+-------+-------+--------+
			|4444444|5555555|66666666|
			|4444444|5555555|66666666|
			+-------+-------+--------+
			|7777777|8888888|99999999|
			|7777777|8888888|99999999|
			+-------+-------+--------+
		`));
	});

	it('fills the area with the zoomed pane and keeps the tiled rects of the hidden ones', () => {
		expect(draw(13, 5, 5, 2)).toBe(art(`
			+-----------+
			|33333333333|
			|33333333333|
			|33333333333|
			+-----------+
		`));
		const zoomed = tile(at(25, 10), 5, 2);
		const tiled = tile(at(25, 10), 5);
		expect(zoomed.map(pane => pane.visible)).toEqual([false, false, true, false, false]);
		expect(zoomed[0]).toEqual({...tiled[0], visible: false});
		expect(zoomed[2].inner).toEqual({x: 1, y: 1, width: 23, height: 8});
	});

	it('ignores a zoom index that names no pane', () => {
		expect(tile(at(21, 9), 2, 5)).toEqual(tile(at(21, 9), 2));
	});

	it('places panes inside an area that does not start at the origin', () => {
		const panes = tile({x: 2, y: 1, width: 11, height: 5}, 2);
		expect(picture(14, 7, panes)).toBe(art(`
			..............
			..+---------+.
			..|111111111|.
			..+---------+.
			..|222222222|.
			..+---------+.
			..............
		`));
	});

	it('covers every cell of the area exactly once with borders or content, for every count and many sizes', () => {
		for (let count = 1; count <= 9; count++) {
			for (const [width, height] of [[80, 24], [81, 25], [120, 40], [159, 44], [200, 50], [97, 31]]) {
				const panes = tile(at(width, height), count);
				expect(panes).toHaveLength(count);
				const drawn = picture(width, height, panes);
				expect(drawn).not.toContain('.');
				const digits = drawn.replace(/[^0-9]/g, '').length;
				const content = panes.reduce((sum, pane) => sum + pane.inner.width * pane.inner.height, 0);
				expect(digits).toBe(content);
				// Columns within a full row differ by at most one cell.
				const {columns} = gridShape(count);
				const firstRow = panes.slice(0, Math.min(columns, count)).map(pane => pane.inner.width);
				expect(Math.max(...firstRow) - Math.min(...firstRow)).toBeLessThanOrEqual(1);
			}
		}
	});

	it('never returns negative sizes in an area that is far too small', () => {
		const panes = tile(at(7, 4), 9);
		for (const pane of panes) {
			for (const value of [pane.outer.width, pane.outer.height, pane.inner.width, pane.inner.height]) {
				expect(value).toBeGreaterThanOrEqual(0);
			}
		}
	});
});

describe('fits', () => {
	it('accepts the common terminal sizes for up to nine panes', () => {
		for (let count = 1; count <= 9; count++) expect(fits({width: 80, height: 23}, count)).toBe(true);
	});

	it('refuses an area where a pane would get less than the minimum content size', () => {
		const minimum = minimumArea(4);
		expect(minimum).toEqual({width: 2 * (minimumPaneSize.width + 1) + 1, height: 2 * (minimumPaneSize.height + 1) + 1});
		expect(fits(minimum, 4)).toBe(true);
		expect(fits({...minimum, width: minimum.width - 1}, 4)).toBe(false);
		expect(fits({...minimum, height: minimum.height - 1}, 4)).toBe(false);
		for (const pane of tile(at(minimum.width, minimum.height), 4)) {
			expect(pane.inner.width).toBeGreaterThanOrEqual(minimumPaneSize.width);
			expect(pane.inner.height).toBeGreaterThanOrEqual(minimumPaneSize.height);
		}
	});

	it('needs room for one pane only when zoomed', () => {
		const minimum = minimumArea(9);
		const small = {width: minimum.width - 10, height: minimum.height};
		expect(fits(small, 9)).toBe(false);
		expect(fits(small, 9, {zoomed: true})).toBe(true);
	});

	it('takes a custom minimum', () => {
		expect(fits({width: 10, height: 5}, 1, {minimum: {width: 8, height: 3}})).toBe(true);
		expect(fits({width: 9, height: 5}, 1, {minimum: {width: 8, height: 3}})).toBe(false);
	});

	it('asks for room for the empty state when there are no panes', () => {
		expect(fits({width: 80, height: 24}, 0)).toBe(true);
		expect(fits({width: 5, height: 3}, 0)).toBe(false);
	});
});
