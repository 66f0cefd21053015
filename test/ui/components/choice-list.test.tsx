import {render} from 'ink-testing-library';
import React from 'react';
import {stripVTControlCharacters} from 'node:util';
import {afterEach, describe, expect, it} from 'vitest';
import {ChoiceList} from '../../../source/ui/components/ChoiceList.js';
import {buildKeymap, type CommandId} from '../../../source/ui/keymap/index.js';

const unmounts: Array<() => void> = [];
afterEach(() => {
	for (const unmount of unmounts.splice(0)) unmount();
});

function open(keymap = buildKeymap()) {
	const chosen: Array<CommandId | undefined> = [];
	const view = render(<ChoiceList keymap={keymap} spaces={['quit', 'choice']} choices={[{command: 'quit.detach', label: 'detach'}, {command: 'quit.stop', label: 'stop all'}]} onChoose={command => chosen.push(command)} width={60} />);
	unmounts.push(view.unmount);
	const press = async (...keys: string[]) => {
		for (const key of keys) {
			view.stdin.write(key);
			await new Promise(resolve => setTimeout(resolve, 20));
		}
	};
	return {chosen, press, frame: () => stripVTControlCharacters(view.lastFrame() ?? '')};
}

describe('choice list', () => {
	it('lists the answers with their keys and answers nothing until a key is pressed', async () => {
		const list = open();
		await list.press();
		expect(list.frame()).toContain('❯ d      detach');
		expect(list.frame()).toContain('Esc    cancel');
		expect(list.chosen).toEqual([]);
	});

	it('chooses by key, by arrows and Enter, and cancels on Esc or any other key', async () => {
		const a = open();
		await a.press('s');
		expect(a.chosen).toEqual(['quit.stop']);
		const b = open();
		await b.press('\u001B[B', '\r');
		expect(b.chosen).toEqual(['quit.stop']);
		const c = open();
		await c.press('z');
		expect(c.chosen).toEqual([undefined]);
		const d = open(buildKeymap({overrides: {'quit.detach': ['C-d']}}));
		await d.press('d' );
		expect(d.chosen).toEqual([undefined]);
	});
});
