import type {KeymapState, Scope} from './commands.js';
import type {BoundCommand, Keymap} from './keymap.js';
import {keyLabel} from './keys.js';

/** The keys of a command as people read them: '← / h', and runs of digits collapsed to '1-9'. */
export function formatKeys(keys: readonly string[], separator = ' / '): string {
	const labels: string[] = [];
	for (let index = 0; index < keys.length; index++) {
		let end = index;
		while (/^\d$/.test(keys[index]) && end + 1 < keys.length && /^\d$/.test(keys[end + 1])
			&& Number(keys[end + 1]) === Number(keys[end]) + 1) end++;
		labels.push(end - index >= 2 ? `${keys[index]}-${keys[end]}` : keyLabel(keys[index]));
		if (end - index >= 2) index = end;
	}
	return labels.join(separator);
}

function commandKeys(keymap: Keymap, command: BoundCommand, separator?: string): string {
	const keys = formatKeys(command.keys, separator);
	if (command.scope !== 'pane-prefix') return keys;
	return command.keys.map(key => `${keymap.prefix.label} ${keyLabel(key)}`).join(separator ?? ' / ');
}

/** The keys of a command by id, as messages name them (with the prefix for pane-mode commands). */
export function keysOf(keymap: Keymap, id: string): string {
	return commandKeys(keymap, keymap.command(id));
}

export interface HintItem {
	keys: string;
	label: string;
}

interface HintSpec {
	/** Commands whose first keys are shown together, e.g. the four focus moves as '←↑↓→'. */
	commands: string[];
	label: string;
}

/** Most useful first: what is hard to discover comes before what people try anyway. */
const gridHints: HintSpec[] = [
	{commands: ['pane.enter'], label: 'type'},
	{commands: ['session.new'], label: 'new'},
	{commands: ['focus.left', 'focus.up', 'focus.down', 'focus.right'], label: 'move'},
	{commands: ['session.restart'], label: 'restart'},
	{commands: ['pane.zoom'], label: 'zoom'},
	{commands: ['help'], label: 'help'},
	{commands: ['detach'], label: 'detach'},
	{commands: ['session.close'], label: 'close'},
	{commands: ['quit'], label: 'quit'},
	{commands: ['focus.number'], label: 'jump'},
];

const paneHints: HintSpec[] = [
	{commands: ['prefix.grid'], label: 'grid'},
	{commands: ['prefix.detach'], label: 'detach'},
	{commands: ['prefix.focus-left', 'prefix.focus-up', 'prefix.focus-down', 'prefix.focus-right'], label: 'move'},
	{commands: ['prefix.zoom'], label: 'zoom'},
	{commands: ['prefix.send'], label: 'send it'},
	{commands: ['prefix.new'], label: 'new'},
	{commands: ['prefix.help'], label: 'help'},
];

const copyHints: HintSpec[] = [
	{commands: ['copy.exit'], label: 'leave'},
	{commands: ['copy.search-forward'], label: 'search'},
	{commands: ['copy.next', 'copy.previous'], label: 'next/prev'},
	{commands: ['copy.select-char'], label: 'select'},
	{commands: ['copy.select-line'], label: 'lines'},
	{commands: ['copy.select-block'], label: 'block'},
	{commands: ['copy.copy'], label: 'copy'},
	{commands: ['copy.top', 'copy.bottom'], label: 'top/end'},
	{commands: ['copy.page-up'], label: 'page'},
];

/** The key hints that apply now, most useful first, leaving out disabled and unbound commands. */
export function hintItems(keymap: Keymap, state: KeymapState): HintItem[] {
	const specs = state.copy ? copyHints : state.mode === 'pane' ? paneHints : gridHints;
	const items: HintItem[] = [];
	for (const spec of specs) {
		const commands = spec.commands
			.map(id => keymap.commands.find(command => command.id === id))
			.filter((command): command is BoundCommand => command !== undefined && command.keys.length > 0 && command.enabled(state) === true);
		if (commands.length === 0) continue;
		const keys = commands.length === 1 && commands[0].id === 'focus.number'
			? formatKeys(commands[0].keys)
			: commands.map(command => keyLabel(command.keys[0])).join(commands.length > 1 && commands.every(c => keyLabel(c.keys[0]).length === 1) ? '' : '/');
		items.push({keys, label: spec.label});
	}
	return items;
}

/**
 * One line of hints fitted to `width` cells, most useful first; in pane mode it starts with the prefix ('Ctrl+\ then:')
 * since every hint there is a key to press after it.
 */
export function statusHints(keymap: Keymap, state: KeymapState, width: number): string {
	const lead = state.mode === 'pane' && !state.copy ? `${keymap.prefix.label} then:` : '';
	let line = lead;
	for (const item of hintItems(keymap, state)) {
		const piece = `${item.keys} ${item.label}`;
		const candidate = line === '' ? piece : `${line}${line === lead ? ' ' : '  '}${piece}`;
		if ([...candidate].length > width) continue;
		line = candidate;
	}
	return line === lead ? '' : line;
}

export interface HelpSection {
	title: string;
	rows: Array<{keys: string; description: string; disabledReason?: string}>;
}

function sectionTitle(scope: Scope, keymap: Keymap): string {
	switch (scope) {
		case 'grid':
			return 'Grid mode';
		case 'pane-prefix':
			return `Pane mode, after ${keymap.prefix.label}`;
		case 'copy':
			return 'Copy mode';
		case 'global':
			return 'General';
		case 'review':
			return 'Review';
		case 'tests':
			return 'Test run';
		case 'merge':
			return 'Merge';
		case 'cleanup':
			return 'Cleanup';
		case 'radar':
			return 'Overlap radar';
	}
}

const scopeOrder: Scope[] = ['grid', 'pane-prefix', 'copy', 'global', 'review', 'tests', 'merge', 'cleanup', 'radar'];

/** A screen's footer: its commands' first keys and descriptions, fitted to `width`. */
export function screenHints(keymap: Keymap, scope: Scope, width: number): string {
	let line = '';
	for (const command of keymap.commands) {
		if (command.scope !== scope || command.keys.length === 0) continue;
		const piece = `${keyLabel(command.keys[0])} ${command.description.split(' ').slice(0, 3).join(' ').toLowerCase()}`;
		const candidate = line === '' ? piece : `${line}  ${piece}`;
		if ([...candidate].length <= width) line = candidate;
	}
	return line;
}

/** Every bound command grouped by scope, with why it is disabled right now when it is. */
export function helpSections(keymap: Keymap, state: KeymapState): HelpSection[] {
	return scopeOrder
		.map(scope => ({
			title: sectionTitle(scope, keymap),
			rows: keymap.commands
				.filter(command => command.scope === scope && command.keys.length > 0)
				.map(command => {
					const enabled = command.enabled(state);
					const row: HelpSection['rows'][number] = {keys: commandKeys(keymap, command), description: command.description};
					if (enabled !== true) row.disabledReason = enabled;
					return row;
				}),
		}))
		.filter(section => section.rows.length > 0);
}

function markdownCode(text: string): string {
	const escaped = text.replaceAll('|', '\\|');
	return escaped.includes('`') ? `\`\` ${escaped} \`\`` : `\`${escaped}\``;
}

/** The README's key table (Markdown), generated from the keymap. */
export function keyTableMarkdown(keymap: Keymap): string {
	const lines = ['| Where | Keys | What it does |', '| --- | --- | --- |'];
	for (const scope of scopeOrder) {
		for (const command of keymap.commands.filter(candidate => candidate.scope === scope && candidate.keys.length > 0)) {
			const keys = commandKeys(keymap, command, '\u0000').split('\u0000').map(markdownCode).join(' ');
			const where = scope === 'pane-prefix' ? 'Pane mode, after the prefix' : sectionTitle(scope, keymap);
			lines.push(`| ${where} | ${keys} | ${command.description.replaceAll('|', '\\|')} |`);
		}
	}
	return lines.join('\n');
}
