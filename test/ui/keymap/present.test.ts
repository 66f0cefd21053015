import {describe, expect, it} from 'vitest';
import {buildKeymap, formatKeys, helpSections, hintItems, keyTableMarkdown, screenHints, statusHints, type KeymapState} from '../../../source/ui/keymap/index.js';

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

	it('lists the enabled grid keys, the focused session\'s workflow first', () => {
		expect(statusHints(keymap, state(), 200)).toBe('Enter type  n new  d diff  t test  m merge  Space queue  ←↑↓→ move  z zoom  c cleanup  o overlaps  i isolation  x close  ? help  D detach  q quit  1-9 jump');
	});

	it('fits the width without cutting a hint, keeping quit whatever the width', () => {
		const line = statusHints(keymap, state(), 40);
		expect(line).toBe('Enter type  n new  d diff  q quit');
		expect([...line].length).toBeLessThanOrEqual(40);
		expect(statusHints(keymap, state(), 18)).toBe('Enter type  q quit');
		expect(statusHints(keymap, state(), 6)).toBe('q quit');
		expect(statusHints(keymap, state(), 3)).toBe('');
	});

	it('skips a long hint that does not fit and keeps a later short one', () => {
		expect(statusHints(keymap, state(), 25)).toBe('Enter type  n new  q quit');
		expect(statusHints(keymap, state(), 33)).toBe('Enter type  n new  d diff  q quit');
		expect(statusHints(keymap, state(), 34)).toBe('Enter type  n new  d diff  q quit');
	});

	it('leaves out what is disabled and shows restart and the queue where they apply', () => {
		expect(statusHints(keymap, state({panes: []}), 200)).toBe('n new  c cleanup  o overlaps  ? help  D detach  q quit');
		// A session with services offers to show them.
		expect(statusHints(keymap, state({panes: [{status: 'idle', services: [{name: 'web', state: 'up'}]}]}), 200)).toContain('o overlaps  v view service  i isolation');
		expect(statusHints(keymap, state({panes: [{status: 'stopped'}]}), 200)).toBe('r restart  n new  d diff  t test  m merge  Space queue  c cleanup  o overlaps  i isolation  ? help  D detach  q quit  1-9 jump');
		expect(statusHints(keymap, state({marked: ['a']}), 200)).toContain('m merge  M merge queued  Space queue');
		expect(statusHints(keymap, state(), 200)).not.toContain('M merge queued');
	});

	it('shows the keys after the prefix in pane mode, always with the way back to the grid', () => {
		expect(statusHints(keymap, state({mode: 'pane'}), 200)).toBe('Ctrl+\\ then: g grid  d detach  ←↑↓→ move  z zoom  Ctrl+\\ send it  n new  ? help');
		expect(statusHints(keymap, state({mode: 'pane'}), 22)).toBe('Ctrl+\\ then: g grid');
		expect(statusHints(buildKeymap({prefix: 'C-]'}), state({mode: 'pane', panes: [{status: 'busy'}]}), 200))
			.toBe('Ctrl+] then: g grid  d detach  Ctrl+] send it  n new  ? help');
	});

	it('follows rebound keys', () => {
		const rebound = buildKeymap({overrides: {'pane.enter': ['i'], 'focus.left': ['a'], 'focus.up': ['w'], 'focus.down': ['s'], 'focus.right': ['f'], 'session.review': ['R'], 'session.mark': ['v'], 'pane.view': ['V'], 'session.isolation': ['I']}});
		expect(hintItems(rebound, state()).slice(0, 3)).toEqual([
			{keys: 'i', label: 'type'},
			{keys: 'n', label: 'new'},
			{keys: 'R', label: 'diff'},
		]);
		expect(hintItems(rebound, state()).find(item => item.label === 'move')?.keys).toBe('awsf');
		const unbound = buildKeymap({overrides: {'session.new': []}});
		expect(hintItems(unbound, state()).map(item => item.label)).not.toContain('new');
	});
});

describe('screenHints', () => {
	const keymap = buildKeymap();

	it('uses the short labels, pairs moves, and lists only what applies, the way back always', () => {
		expect(screenHints(keymap, 'radar', 200)).toBe('↓↑ move  r refresh  q back');
		expect(screenHints(keymap, 'tests', 200, id => (id === 'tests.stop' ? 'nothing runs' : true))).toBe('r run again  q back');
		expect(screenHints(keymap, 'merge', 200, id => (id === 'merge.push' || id === 'merge.close' ? true : 'no'))).toBe('p push  q back');
		expect(screenHints(keymap, 'review', 15)).toBe('↓↑ move  q back');
		expect(screenHints(keymap, 'review', 6)).toBe('q back');
	});
});

describe('helpSections', () => {
	it('groups every binding by scope with the reason a command is disabled', () => {
		const sections = helpSections(buildKeymap(), state({panes: [{status: 'busy'}]}));
		expect(sections.map(section => section.title)).toEqual(['Grid mode', 'Pane mode, after Ctrl+\\', 'Copy mode', 'General', 'New-session form', 'Review', 'Test run', 'Test matrix', 'Merge', 'Cleanup', 'Overlap radar', 'Search every pane', 'Quit question', 'Questions']);
		const [grid, pane, copy, general] = sections;
		expect(copy.rows.find(row => row.keys === '/')?.description).toMatch(/^Search down/);
		expect(grid.rows[0]).toEqual({keys: '← / h', id: 'focus.left', description: 'Focus the pane on the left', disabledReason: 'only one pane'});
		expect(grid.rows.find(row => row.keys === '1-9')).toEqual({keys: '1-9', id: 'focus.number', description: 'Focus pane 1 to 9 (the Nth key focuses pane N)'});
		expect(grid.rows.find(row => row.keys === 'r')?.disabledReason).toBe('its agent is running');
		expect(pane.rows[0]).toEqual({keys: 'Ctrl+\\ g / Ctrl+\\ Esc', id: 'prefix.grid', description: 'Back to grid mode'});
		expect(pane.rows.at(-1)).toEqual({keys: 'Ctrl+\\ Ctrl+\\', id: 'prefix.send', description: 'Send the prefix key itself to the agent'});
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
		expect(lines[0]).toBe('| Where | Keys | What it does | Command |');
		expect(lines[1]).toBe('| --- | --- | --- | --- |');
		expect(lines).toHaveLength(2 + keymap.commands.length);
		expect(lines).toContain('| Grid mode | `←` `h` | Focus the pane on the left | `focus.left` |');
		expect(lines).toContain('| Grid mode | `1-9` | Focus pane 1 to 9 (the Nth key focuses pane N) | `focus.number` |');
		expect(lines).toContain('| Pane mode, after the prefix | `Ctrl+\\ Ctrl+\\` | Send the prefix key itself to the agent | `prefix.send` |');
		for (const line of lines) expect(line.split(/(?<!\\)\|/).length, line).toBe(6);
	});

	it('escapes pipes and backticks in keys', () => {
		const keymap = buildKeymap({overrides: {'pane.zoom': ['|', '`']}});
		expect(keyTableMarkdown(keymap)).toContain('| Grid mode | `\\|` `` ` `` | Zoom');
	});
});
