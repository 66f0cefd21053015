import {describe, expect, it} from 'vitest';
import {buildKeymap, formatKeys, helpSections, hintItems, keyTableMarkdown, statusHints, type KeymapState} from '../../../source/ui/keymap/index.js';

const state = (patch: Partial<KeymapState> = {}): KeymapState => ({
	mode: 'grid',
	focus: 0,
	zoomed: false,
	panes: [{status: 'busy'}, {status: 'idle'}],
	...patch,
});

describe('formatKeys', () => {
	it('joins labels and collapses runs of digits', () => {
		expect(formatKeys(['left', 'h'])).toBe('← / h');
		expect(formatKeys(['1', '2', '3', '4'])).toBe('1-4');
		expect(formatKeys(['1', '2'])).toBe('1 / 2');
		expect(formatKeys(['1', '3', '4', '5', 'x'])).toBe('1 / 3-5 / x');
		expect(formatKeys(['C-\\', 'S-tab'], ', ')).toBe('Ctrl+\\, Shift+Tab');
	});
});

describe('statusHints', () => {
	const keymap = buildKeymap();

	it('lists the most useful enabled grid keys', () => {
		expect(statusHints(keymap, state(), 200)).toBe('Enter type  n new  ←↑↓→ move  z zoom  ? help  D detach  x close  q quit  1-9 jump');
	});

	it('fits the width, keeping the most useful hints first', () => {
		const line = statusHints(keymap, state(), 40);
		expect(line).toBe('Enter type  n new  ←↑↓→ move  z zoom');
		expect([...line].length).toBeLessThanOrEqual(40);
		expect(statusHints(keymap, state(), 12)).toBe('Enter type');
		expect(statusHints(keymap, state(), 3)).toBe('');
	});

	it('skips a long hint that does not fit and keeps a later short one', () => {
		expect(statusHints(keymap, state(), 21)).toBe('Enter type  n new');
		expect(statusHints(keymap, state(), 26)).toBe('Enter type  n new  z zoom');
	});

	it('leaves out what is disabled and shows restart where it applies', () => {
		expect(statusHints(keymap, state({panes: []}), 200)).toBe('n new  ? help  D detach  q quit');
		expect(statusHints(keymap, state({panes: [{status: 'stopped'}]}), 200)).toBe('n new  r restart  ? help  D detach  x close  q quit  1-9 jump');
	});

	it('shows the keys after the prefix in pane mode', () => {
		expect(statusHints(keymap, state({mode: 'pane'}), 200)).toBe('Ctrl+\\ then: g grid  d detach  ←↑↓→ move  z zoom  Ctrl+\\ send it  n new  ? help');
		expect(statusHints(buildKeymap({prefix: 'C-]'}), state({mode: 'pane', panes: [{status: 'busy'}]}), 200))
			.toBe('Ctrl+] then: g grid  d detach  Ctrl+] send it  n new  ? help');
	});

	it('follows rebound keys', () => {
		const rebound = buildKeymap({overrides: {'pane.enter': ['i'], 'focus.left': ['a'], 'focus.up': ['w'], 'focus.down': ['s'], 'focus.right': ['d'], 'session.review': ['R']}});
		expect(hintItems(rebound, state()).slice(0, 3)).toEqual([
			{keys: 'i', label: 'type'},
			{keys: 'n', label: 'new'},
			{keys: 'awsd', label: 'move'},
		]);
		const unbound = buildKeymap({overrides: {'session.new': []}});
		expect(hintItems(unbound, state()).map(item => item.label)).not.toContain('new');
	});
});

describe('helpSections', () => {
	it('groups every binding by scope with the reason a command is disabled', () => {
		const sections = helpSections(buildKeymap(), state({panes: [{status: 'busy'}]}));
		expect(sections.map(section => section.title)).toEqual(['Grid mode', 'Pane mode, after Ctrl+\\', 'Copy mode', 'General', 'Review', 'Test run', 'Merge', 'Cleanup', 'Overlap radar']);
		const [grid, pane, copy, general] = sections;
		expect(copy.rows.find(row => row.keys === '/')?.description).toMatch(/^Search down/);
		expect(grid.rows[0]).toEqual({keys: '← / h', description: 'Focus the pane on the left', disabledReason: 'only one pane'});
		expect(grid.rows.find(row => row.keys === '1-9')).toEqual({keys: '1-9', description: 'Focus pane 1 to 9 (the Nth key focuses pane N)'});
		expect(grid.rows.find(row => row.keys === 'r')?.disabledReason).toBe('its agent is running');
		expect(pane.rows[0]).toEqual({keys: 'Ctrl+\\ g / Ctrl+\\ Esc', description: 'Back to grid mode'});
		expect(pane.rows.at(-1)).toEqual({keys: 'Ctrl+\\ Ctrl+\\', description: 'Send the prefix key itself to the agent'});
		expect(general.rows.map(row => row.keys)).toEqual(['?', 'q']);
	});

	it('lists every bound command exactly once and leaves unbound ones out', () => {
		const keymap = buildKeymap({overrides: {'session.restart': []}});
		const rows = helpSections(keymap, state()).flatMap(section => section.rows);
		expect(rows).toHaveLength(keymap.commands.length - 1);
		expect(rows.map(row => row.description)).not.toContain('Restart the agent of a stopped session');
	});
});

describe('keyTableMarkdown', () => {
	it('renders a Markdown table with one row per command', () => {
		const keymap = buildKeymap();
		const lines = keyTableMarkdown(keymap).split('\n');
		expect(lines[0]).toBe('| Where | Keys | What it does |');
		expect(lines[1]).toBe('| --- | --- | --- |');
		expect(lines).toHaveLength(2 + keymap.commands.length);
		expect(lines).toContain('| Grid mode | `←` `h` | Focus the pane on the left |');
		expect(lines).toContain('| Grid mode | `1-9` | Focus pane 1 to 9 (the Nth key focuses pane N) |');
		expect(lines).toContain('| Pane mode, after the prefix | `Ctrl+\\ Ctrl+\\` | Send the prefix key itself to the agent |');
		for (const line of lines) expect(line.split(/(?<!\\)\|/).length, line).toBe(5);
	});

	it('escapes pipes and backticks in keys', () => {
		const keymap = buildKeymap({overrides: {'pane.zoom': ['|', '`']}});
		expect(keyTableMarkdown(keymap)).toContain('| Grid mode | `\\|` `` ` `` | Zoom');
	});
});
