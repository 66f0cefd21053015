import {describe, expect, it} from 'vitest';
import {byNumber, neighbour, tile} from '../../../source/core/layout/index.js';
import type {Direction} from '../../../source/core/layout/index.js';
import {art, picture} from './render.js';

const at = (width: number, height: number) => ({x: 0, y: 0, width, height});

/** Moves from pane `from` (1-based, as drawn) and returns the 1-based pane focus lands on. */
function move(panes: ReturnType<typeof tile>, from: number, direction: Direction, recent?: number[]): number {
	return neighbour(panes, from - 1, direction, recent ? {recent: recent.map(n => n - 1)} : {}) + 1;
}

describe('neighbour', () => {
	// +-------+-------+-------+
	// |1111111|2222222|3333333|
	// +-------+-------+-------+
	// |4444444|5555555|6666666|
	// +-------+-------+-------+
	// |7777777|888888888888888|
	// +-------+---------------+
	const eight = tile(at(25, 7), 8);

	it('draws the layout the cases below refer to', () => {
		expect(picture(25, 7, eight)).toBe(art(`
			+-------+-------+-------+
			|1111111|2222222|3333333|
			+-------+-------+-------+
			|4444444|5555555|6666666|
			+-------+-------+-------+
			|7777777|888888888888888|
			+-------+---------------+
		`));
	});

	it('moves to the adjacent pane in each direction', () => {
		expect(move(eight, 5, 'left')).toBe(4);
		expect(move(eight, 5, 'right')).toBe(6);
		expect(move(eight, 5, 'up')).toBe(2);
		expect(move(eight, 5, 'down')).toBe(8);
		expect(move(eight, 6, 'down')).toBe(8);
		expect(move(eight, 4, 'down')).toBe(7);
	});

	it('does not treat a shared horizontal border as overlap', () => {
		// Pane 4's outer rect touches rows of panes 1 and 7 through the borders; only 5 is beside it.
		expect(move(eight, 4, 'right')).toBe(5);
		expect(move(eight, 7, 'right')).toBe(8);
	});

	it('breaks ties between equally near panes by alignment with the moving pane', () => {
		// 8 spans under 5 and 6 equally: the one starting where 8 starts wins.
		expect(move(eight, 8, 'up')).toBe(5);
	});

	it('prefers the most recently focused candidate, as tmux does', () => {
		expect(move(eight, 8, 'up', [8, 6, 5])).toBe(6);
		expect(move(eight, 8, 'up', [8, 5, 6])).toBe(5);
		// Recency never picks a pane that is not adjacent.
		expect(move(eight, 8, 'up', [3, 1])).toBe(5);
	});

	it('wraps around at the screen edges like tmux', () => {
		expect(move(eight, 4, 'left')).toBe(6);
		expect(move(eight, 6, 'right')).toBe(4);
		expect(move(eight, 2, 'up')).toBe(8);
		expect(move(eight, 8, 'down')).toBe(2);
		expect(move(eight, 3, 'up')).toBe(8);
		expect(move(eight, 1, 'up')).toBe(7);
		expect(move(eight, 7, 'down')).toBe(1);
	});

	it('stays put when no other pane lies in that line', () => {
		const two = tile(at(21, 9), 2);
		expect(move(two, 1, 'left')).toBe(1);
		expect(move(two, 1, 'right')).toBe(1);
		expect(move(two, 1, 'down')).toBe(2);
		expect(move(two, 1, 'up')).toBe(2);
		const one = tile(at(21, 9), 1);
		for (const direction of ['left', 'right', 'up', 'down'] as const) expect(move(one, 1, direction)).toBe(1);
	});

	it('prefers the pane sharing more rows when candidates overlap unequally', () => {
		// Hand-made layout: pane 1 on the left is tall; 2 overlaps it by 5 rows, 3 by 2.
		const panes = [
			{x: 0, y: 0, width: 10, height: 9},
			{x: 9, y: 0, width: 10, height: 7},
			{x: 9, y: 6, width: 10, height: 5},
		].map(outer => ({outer, inner: {x: outer.x + 1, y: outer.y + 1, width: outer.width - 2, height: outer.height - 2}, visible: true}));
		expect(move(panes, 1, 'right')).toBe(2);
		expect(move(panes, 3, 'left')).toBe(1);
	});

	it('returns the starting index for an index that names no pane', () => {
		expect(neighbour(eight, 12, 'left')).toBe(12);
		expect(neighbour([], 0, 'up')).toBe(0);
	});

	it('round-trips left/right and up/down in full grids', () => {
		for (const count of [4, 6, 9]) {
			const panes = tile(at(120, 40), count);
			panes.forEach((_, index) => {
				expect(neighbour(panes, neighbour(panes, index, 'right'), 'left')).toBe(index);
				expect(neighbour(panes, neighbour(panes, index, 'down'), 'up')).toBe(index);
			});
		}
	});
});

describe('byNumber', () => {
	it('maps digits to pane indexes', () => {
		expect(byNumber(3, 1)).toBe(0);
		expect(byNumber(3, 3)).toBe(2);
		expect(byNumber(3, 4)).toBeUndefined();
		expect(byNumber(3, 0)).toBeUndefined();
		expect(byNumber(9, 9)).toBe(8);
		expect(byNumber(3, 1.5)).toBeUndefined();
	});
});
