import {describe, expect, it} from 'vitest';
import {AgentgridError} from '../../../source/core/errors.js';
import {KeyParser, type KeyEvent} from '../../../source/ui/input/key-parser.js';
import {buildKeymap, defaultCommands, type CommandId, type KeymapState} from '../../../source/ui/keymap/index.js';

function failure(run: () => unknown): AgentgridError {
	try {
		run();
	} catch (error) {
		if (error instanceof AgentgridError) return error;
		throw error;
	}
	throw new Error('no error thrown');
}

function press(bytes: string): KeyEvent {
	const events: KeyEvent[] = [];
	const parser = new KeyParser(event => events.push(event));
	parser.feed(bytes);
	parser.flush();
	expect(events).toHaveLength(1);
	return events[0];
}

const state = (patch: Partial<KeymapState> = {}): KeymapState => ({
	mode: 'grid',
	focus: 0,
	zoomed: false,
	panes: [{status: 'busy'}, {status: 'idle'}],
	...patch,
});

describe('buildKeymap', () => {
	it('binds the grid keys the spec names', () => {
		const keymap = buildKeymap();
		const grid = (bytes: string) => keymap.lookupEvent('grid', press(bytes))?.command.id;
		expect(grid('\x1b[D')).toBe('focus.left');
		expect(grid('h')).toBe('focus.left');
		expect(grid('j')).toBe('focus.down');
		expect(grid('\x1bOA')).toBe('focus.up');
		expect(grid('l')).toBe('focus.right');
		expect(grid('\r')).toBe('pane.enter');
		expect(grid('z')).toBe('pane.zoom');
		expect(grid('n')).toBe('session.new');
		expect(grid('x')).toBe('session.close');
		expect(grid('r')).toBe('session.restart');
		expect(grid('?')).toBe('help');
		expect(grid('q')).toBe('quit');
		expect(grid('Q')).toBeUndefined();
		expect(grid('\x1b[1;5D')).toBeUndefined();
	});

	it('tells which digit was pressed for jumps', () => {
		const keymap = buildKeymap();
		expect(keymap.lookup('grid', '1')).toMatchObject({command: {id: 'focus.number'}, index: 0});
		expect(keymap.lookup('grid', '9')).toMatchObject({command: {id: 'focus.number'}, index: 8});
		expect(keymap.lookup('grid', '0')).toBeUndefined();
	});

	it('binds the keys after the prefix separately, including the prefix itself', () => {
		const keymap = buildKeymap();
		const after = (bytes: string) => keymap.lookupEvent('pane-prefix', press(bytes))?.command.id;
		expect(after('\x1b[C')).toBe('prefix.focus-right');
		expect(after('z')).toBe('prefix.zoom');
		expect(after('g')).toBe('prefix.grid');
		expect(after('\x1b')).toBe('prefix.grid');
		expect(after('\x1c')).toBe('prefix.send');
		expect(after('h')).toBeUndefined();
		expect(after('q')).toBeUndefined();
	});

	it('follows a configured prefix for "send the prefix"', () => {
		const keymap = buildKeymap({prefix: 'C-]'});
		expect(keymap.prefix).toMatchObject({byte: 0x1d, label: 'Ctrl+]'});
		expect(keymap.lookup('pane-prefix', 'C-]')?.command.id).toBe('prefix.send');
		expect(keymap.lookup('pane-prefix', 'C-\\')).toBeUndefined();
	});

	it('replaces default keys with the user\'s', () => {
		const keymap = buildKeymap({overrides: {'pane.zoom': ['Z', 'f11'], 'focus.number': ['F1', 'F2']}});
		expect(keymap.lookup('grid', 'z')).toBeUndefined();
		expect(keymap.lookup('grid', 'Z')?.command.id).toBe('pane.zoom');
		expect(keymap.lookup('grid', 'f11')?.command.id).toBe('pane.zoom');
		expect(keymap.lookup('grid', 'f2')).toMatchObject({command: {id: 'focus.number'}, index: 1});
		expect(keymap.lookup('grid', '1')).toBeUndefined();
		expect(keymap.command('pane.zoom').keys).toEqual(['Z', 'f11']);
	});

	it('lets a freed key be reused and a command be unbound', () => {
		const keymap = buildKeymap({overrides: {quit: ['C-q'], 'session.close': ['q'], 'session.restart': []}});
		expect(keymap.lookup('grid', 'q')?.command.id).toBe('session.close');
		expect(keymap.lookup('grid', 'r')).toBeUndefined();
	});

	it('names unknown command ids and lists the known ones', () => {
		const error = failure(() => buildKeymap({overrides: {'review.open': ['d'], 'pane.zoom': ['z']}}));
		expect(error.code).toBe('keymap-unknown-command');
		expect(error.message).toContain('"review.open"');
		expect(error.hint).toContain('pane.zoom');
	});

	it('refuses a key bound to two commands of the same space, naming both', () => {
		const error = failure(() => buildKeymap({overrides: {'pane.zoom': ['n']}}));
		expect(error.code).toBe('keymap-conflict');
		expect(error.message).toContain('"session.new"');
		expect(error.message).toContain('"pane.zoom"');
	});

	it('refuses a grid key that a general command already uses', () => {
		expect(failure(() => buildKeymap({overrides: {'pane.zoom': ['?']}})).code).toBe('keymap-conflict');
	});

	it('refuses binding the prefix key to another command after the prefix', () => {
		const error = failure(() => buildKeymap({overrides: {'prefix.zoom': ['C-\\']}}));
		expect(error.code).toBe('keymap-conflict');
		expect(error.message).toContain('Ctrl+\\ Ctrl+\\');
	});

	it('allows the same key in grid mode and after the prefix', () => {
		expect(() => buildKeymap({overrides: {'prefix.zoom': ['n'], 'prefix.new': ['N']}})).not.toThrow();
	});

	it('names the command whose key is unreadable', () => {
		const error = failure(() => buildKeymap({overrides: {'pane.zoom': ['Ctrl+Foo']}}));
		expect(error.code).toBe('keymap-invalid-key');
		expect(error.message).toContain('pane.zoom');
		expect(error.message).toContain('Ctrl+Foo');
	});

	it('refuses to leave a mode without a way out', () => {
		expect(failure(() => buildKeymap({overrides: {'prefix.grid': []}})).code).toBe('keymap-required');
		expect(failure(() => buildKeymap({overrides: {quit: []}})).code).toBe('keymap-required');
	});

	it('refuses a non-list override', () => {
		const overrides = {'pane.zoom': 'z'} as unknown as Record<string, string[]>;
		expect(failure(() => buildKeymap({overrides})).code).toBe('keymap-invalid-key');
	});

	it('passes on a bad prefix as the prefix error', () => {
		expect(failure(() => buildKeymap({prefix: 'C-c'})).code).toBe('prefix-reserved');
	});

	it('has unique command ids and readable default keys', () => {
		const ids = defaultCommands.map(command => command.id);
		expect(new Set(ids).size).toBe(ids.length);
		expect(() => buildKeymap()).not.toThrow();
	});
});

describe('enabled', () => {
	const keymap = buildKeymap();
	const enabled = (id: CommandId, patch: Partial<KeymapState>) => keymap.command(id).enabled(state(patch));

	it('explains why focus moves do nothing with fewer than two panes', () => {
		expect(enabled('focus.left', {})).toBe(true);
		expect(enabled('focus.left', {panes: [{status: 'busy'}]})).toBe('only one pane');
		expect(enabled('focus.left', {panes: []})).toBe('no sessions yet');
		expect(enabled('focus.number', {panes: []})).toBe('no sessions yet');
		expect(enabled('prefix.focus-up', {panes: [{status: 'busy'}]})).toBe('only one pane');
	});

	it('allows typing only into a running agent', () => {
		expect(enabled('pane.enter', {})).toBe(true);
		expect(enabled('pane.enter', {panes: [{status: 'starting'}]})).toBe(true);
		expect(enabled('pane.enter', {panes: [{status: 'stopped'}]})).toMatch(/stopped/);
		expect(enabled('pane.enter', {panes: [{status: 'exited'}]})).toMatch(/exited/);
		expect(enabled('pane.enter', {panes: []})).toBe('no sessions yet');
	});

	it('allows restarting only an agent that is not running', () => {
		expect(enabled('session.restart', {})).toBe('its agent is running');
		expect(enabled('session.restart', {focus: 1, panes: [{status: 'busy'}, {status: 'stopped'}]})).toBe(true);
		expect(enabled('session.restart', {panes: [{status: 'exited'}]})).toBe(true);
	});

	it('allows zooming back out even with one pane', () => {
		expect(enabled('pane.zoom', {panes: [{status: 'busy'}]})).toBe('only one pane');
		expect(enabled('pane.zoom', {panes: [{status: 'busy'}], zoomed: true})).toBe(true);
		expect(enabled('session.close', {panes: []})).toBe('no sessions yet');
		expect(enabled('session.new', {panes: []})).toBe(true);
	});
});
