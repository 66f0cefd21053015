import {type CommandId, type KeymapState, type Scope, type ScreenScope, screenScopes} from './commands.js';
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

function withPrefix(keymap: Keymap, command: BoundCommand, key: string): string {
	return command.scope === 'pane-prefix' ? `${keymap.prefix.label} ${keyLabel(key)}` : keyLabel(key);
}

function commandKeys(keymap: Keymap, command: BoundCommand, separator?: string): string {
	if (command.scope !== 'pane-prefix') return formatKeys(command.keys, separator);
	return command.keys.map(key => withPrefix(keymap, command, key)).join(separator ?? ' / ');
}

/** Every key of a command by id, as the help names them (with the prefix for pane-mode commands). */
export function keysOf(keymap: Keymap, id: CommandId): string {
	return commandKeys(keymap, keymap.command(id));
}

/**
 * The one key a message names for a command ("r restarts it"): its first key, with the prefix for pane-mode
 * commands; a command the user unbound is named by its id, which is what the key bindings take.
 */
export function keyFor(keymap: Keymap, id: CommandId): string {
	const command = keymap.command(id);
	return command.keys.length === 0 ? `${id} (unbound)` : withPrefix(keymap, command, command.keys[0]);
}

export interface HintItem {
	keys: string;
	label: string;
	/** Shown whatever the width: the way out of where the user is. */
	keep?: boolean;
}

interface HintSpec {
	/** Commands whose first keys are shown together, e.g. the four focus moves as '←↑↓→'. */
	commands: CommandId[];
	/** The label when it is not the first command's short label. */
	label?: string;
	keep?: boolean;
}

/** Most useful first: the focused session's workflow before navigation, and what people try anyway last. */
const gridHints: HintSpec[] = [
	{commands: ['pane.enter']},
	{commands: ['attention.next']},
	{commands: ['session.restart']},
	{commands: ['session.new']},
	{commands: ['session.review']},
	{commands: ['session.test']},
	{commands: ['session.merge']},
	{commands: ['merge.queue']},
	{commands: ['session.mark']},
	{commands: ['focus.left', 'focus.up', 'focus.down', 'focus.right'], label: 'move'},
	{commands: ['pane.zoom']},
	{commands: ['cleanup.open']},
	{commands: ['radar.open']},
	{commands: ['pane.view']},
	{commands: ['session.isolation']},
	{commands: ['session.close']},
	{commands: ['help']},
	{commands: ['detach']},
	{commands: ['quit'], keep: true},
	{commands: ['focus.number']},
];

const paneHints: HintSpec[] = [
	{commands: ['prefix.grid'], keep: true},
	{commands: ['prefix.detach']},
	{commands: ['prefix.attention']},
	{commands: ['prefix.focus-left', 'prefix.focus-up', 'prefix.focus-down', 'prefix.focus-right'], label: 'move'},
	{commands: ['prefix.zoom']},
	{commands: ['prefix.send']},
	{commands: ['prefix.new']},
	{commands: ['prefix.help']},
];

const copyHints: HintSpec[] = [
	{commands: ['copy.exit'], keep: true},
	{commands: ['copy.search-forward']},
	{commands: ['copy.next', 'copy.previous'], label: 'next/prev'},
	{commands: ['copy.select-char']},
	{commands: ['copy.select-line']},
	{commands: ['copy.select-block']},
	{commands: ['copy.copy']},
	{commands: ['copy.top', 'copy.bottom'], label: 'top/end'},
	{commands: ['copy.page-up']},
];

function hintOf(keymap: Keymap, spec: HintSpec, isEnabled: (command: BoundCommand) => boolean): HintItem | undefined {
	const commands = spec.commands.map(id => keymap.command(id)).filter(command => command.keys.length > 0 && isEnabled(command));
	if (commands.length === 0) return undefined;
	const first = commands.map(command => keyLabel(command.keys[0]));
	const keys = commands.length === 1 && commands[0].id === 'focus.number'
		? formatKeys(commands[0].keys)
		: first.join(commands.length > 1 && first.every(label => [...label].length === 1) ? '' : '/');
	return {keys, label: spec.label ?? commands[0].short, keep: spec.keep};
}

/** Every hint any status bar or screen footer can show, whatever the state: what a picture of one may contain. */
export function everyHint(keymap: Keymap): string[] {
	const always = () => true;
	const bars = [gridHints, paneHints, copyHints].flatMap(specs => specs.map(spec => hintOf(keymap, spec, always)));
	const screens = screenScopes.flatMap(scope => screenHintItems(keymap, scope));
	return [...bars, ...screens].filter(item => item !== undefined).map(item => `${item.keys} ${item.label}`);
}

/** The key hints that apply now, most useful first, leaving out disabled and unbound commands. */
export function hintItems(keymap: Keymap, state: KeymapState): HintItem[] {
	const specs = state.copy ? copyHints : state.mode === 'pane' ? paneHints : gridHints;
	return specs.map(spec => hintOf(keymap, spec, command => command.enabled(state) === true)).filter(item => item !== undefined);
}

const width = (text: string) => [...text].length;

/**
 * Fits hints to `room` cells without cutting any: the kept ones first, then the others in order of usefulness while
 * they fit, shown in their own order. A hint that does not fit is left out whole, and a later shorter one may fit.
 */
export function fitHints(items: readonly HintItem[], room: number, lead = ''): string {
	const separator = '  ';
	const pieces = items.map(item => `${item.keys} ${item.label}`);
	const chosen = new Set<number>();
	let used = width(lead);
	const add = (index: number) => {
		const extra = (used === 0 ? 0 : lead !== '' && chosen.size === 0 ? 1 : separator.length) + width(pieces[index]);
		if (used + extra > room) return;
		chosen.add(index);
		used += extra;
	};
	items.forEach((item, index) => item.keep && add(index));
	items.forEach((item, index) => !item.keep && add(index));
	if (chosen.size === 0) return '';
	const body = pieces.filter((_, index) => chosen.has(index)).join(separator);
	return lead === '' ? body : `${lead} ${body}`;
}

/**
 * One line of hints fitted to `width` cells, most useful first; in pane mode it starts with the prefix ('Ctrl+\ then:')
 * since every hint there is a key to press after it.
 */
export function statusHints(keymap: Keymap, state: KeymapState, room: number): string {
	return fitHints(hintItems(keymap, state), room, state.mode === 'pane' && !state.copy ? `${keymap.prefix.label} then:` : '');
}

/** Pairs a screen's footer shows as one hint: the first command's key, then the second's, then the label. */
const screenPairs: Record<string, {with: CommandId; label: string}> = {
	'review.down': {with: 'review.up', label: 'move'},
	'review.page-down': {with: 'review.page-up', label: 'page'},
	'review.next-file': {with: 'review.previous-file', label: 'file'},
	'review.next-hunk': {with: 'review.previous-hunk', label: 'hunk'},
	'cleanup.down': {with: 'cleanup.up', label: 'move'},
	'radar.down': {with: 'radar.up', label: 'move'},
};
const pairedSeconds = new Set(Object.values(screenPairs).map(pair => pair.with));

/** Which of a screen's commands apply now: true, or why not. */
export type ScreenEnabled = (id: CommandId) => true | string;

/** The hints of a workflow screen: its commands that apply now, with their short labels; the way back always. */
export function screenHintItems(keymap: Keymap, scope: ScreenScope, enabled: ScreenEnabled = () => true): HintItem[] {
	const items: HintItem[] = [];
	const isEnabled = (command: BoundCommand) => enabled(command.id) === true;
	for (const command of keymap.commands) {
		if (command.scope !== scope || pairedSeconds.has(command.id)) continue;
		const pair = screenPairs[command.id];
		const item = hintOf(keymap, pair ? {commands: [command.id, pair.with], label: pair.label} : {commands: [command.id]}, isEnabled);
		if (item) items.push(command.id.endsWith('.close') ? {...item, keep: true} : item);
	}
	return items;
}

/** A screen's footer: the commands that apply now, fitted to `room`. */
export function screenHints(keymap: Keymap, scope: ScreenScope, room: number, enabled?: ScreenEnabled): string {
	return fitHints(screenHintItems(keymap, scope, enabled), room);
}

export interface HelpSection {
	title: string;
	/** `id` is absent for what no key binding can change (the mouse). */
	rows: Array<{keys: string; id?: CommandId; description: string; disabledReason?: string}>;
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
		case 'form':
			return 'New-session form';
		case 'quit':
			return 'Quit question';
		case 'choice':
			return 'Questions';
		case 'review':
			return 'Review';
		case 'matrix':
			return 'Test matrix';
		case 'tests':
			return 'Test run';
		case 'merge':
			return 'Merge';
		case 'cleanup':
			return 'Cleanup';
		case 'search':
			return 'Search every pane';
		case 'radar':
			return 'Overlap radar';
	}
}

const scopeOrder: Scope[] = ['grid', 'pane-prefix', 'copy', 'global', 'form', 'review', 'tests', 'matrix', 'merge', 'cleanup', 'radar', 'search', 'quit', 'choice'];

/** Every bound command grouped by scope, with why it is disabled right now when it is. */
export function helpSections(keymap: Keymap, state: KeymapState): HelpSection[] {
	return scopeOrder
		.map(scope => ({
			title: sectionTitle(scope, keymap),
			rows: keymap.commands
				.filter(command => command.scope === scope && command.keys.length > 0)
				.map(command => {
					const enabled = command.enabled(state);
					const row: HelpSection['rows'][number] = {keys: commandKeys(keymap, command), id: command.id, description: command.description};
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

/** The README's key table (Markdown), generated from the keymap; the command ids are what `keybindings` takes. */
export function keyTableMarkdown(keymap: Keymap): string {
	const lines = ['| Where | Keys | What it does | Command |', '| --- | --- | --- | --- |'];
	for (const scope of scopeOrder) {
		for (const command of keymap.commands.filter(candidate => candidate.scope === scope && candidate.keys.length > 0)) {
			const keys = commandKeys(keymap, command, '\u0000').split('\u0000').map(markdownCode).join(' ');
			const where = scope === 'pane-prefix' ? 'Pane mode, after the prefix' : sectionTitle(scope, keymap);
			lines.push(`| ${where} | ${keys} | ${command.description.replaceAll('|', '\\|')} | \`${command.id}\` |`);
		}
	}
	return lines.join('\n');
}
