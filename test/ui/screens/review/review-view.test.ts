import {Box} from 'ink';
import {render} from 'ink-testing-library';
import React from 'react';
import {stripVTControlCharacters} from 'node:util';
import {afterEach, describe, expect, it} from 'vitest';
import {reviewFixture} from './review-fixture.js';

// The screen is absolutely positioned over the grid; here it gets a parent of the same size to be drawn in.
const framed = (element: React.ReactElement, size: {cols: number; rows: number}) => React.createElement(Box, {width: size.cols, height: size.rows}, element);

const unmounts: Array<() => void> = [];
afterEach(() => {
	for (const unmount of unmounts.splice(0)) unmount();
});

describe('review view', () => {
	it('draws the file list, the numbered diff and the note editor', async () => {
		// ink-testing-library draws 100 columns wide.
		const size = {cols: 100, rows: 20};
		const fixture = await reviewFixture('view', size);
		const work = fixture.checkout(fixture.entry.worktree);
		await work.write('src/app.txt', 'one\nTWO!\nthree\n');
		await work.write('notes/todo.txt', 'remember\tthis\n');
		const controller = await fixture.open();
		const view = render(framed(controller.render(size), size));
		unmounts.push(view.unmount);
		const frame = stripVTControlCharacters(view.lastFrame() ?? '');
		expect(frame).toContain('Review view');
		expect(frame).toContain('2 files +2 -1 against main');
		expect(frame).toMatch(/A notes\/todo\.txt\s+\+1 -0 +│/);
		expect(frame).toMatch(/M src\/app\.txt\s+\+1 -1 +│/);
		expect(frame).toContain('A notes/todo.txt  added · untracked · +1 -0');
		expect(frame).toMatch(/1\/2 · line 1\/3 │/);
		expect(frame).toMatch(/ {2}1 \+remember {4}this/);

		controller.onKey({name: 'tab', ctrl: false, alt: false, shift: false, sequence: '\t'}, 'review.next-file');
		await controller.ready();
		controller.onKey({name: 'f', ctrl: false, alt: false, shift: false, sequence: 'f', text: 'f'}, 'review.feedback');
		view.rerender(framed(controller.render(size), size));
		const next = stripVTControlCharacters(view.lastFrame() ?? '');
		expect(next).toContain('@@ -1,3 +1,3 @@');
		expect(next).toMatch(/ {2}1 {3}1 {2}one/);
		expect(next).toMatch(/ {2}2 {5}-two/);
		expect(next).toMatch(/ {6}2 \+TWO!/);
		expect(next).toContain('Feedback for the agent in view');
		expect(next).toContain('In src/app.txt line 1:');
		expect(next).toContain('Enter sends it');
		expect(next.split('\n')).toHaveLength(size.rows);
	});
});
