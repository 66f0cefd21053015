/**
 * Keys of copy mode (a pane's history frozen for reading, searching and copying): vi keys and arrows, as in tmux's
 * vi copy mode and less. Copy mode is its own key space.
 */
import type {CommandSpec} from './commands.js';

type CopySpec = readonly [keys: readonly string[], short: string, description: string, required?: boolean];

type Specs<T extends Record<string, CopySpec>> = {[K in keyof T & string as `copy.${K}`]: CommandSpec & {scope: 'copy'}};

function copy<const T extends Record<string, CopySpec>>(entries: T): Specs<T> {
	const specs: Record<string, CommandSpec> = {};
	for (const [id, [keys, short, description, required]] of Object.entries(entries)) specs[`copy.${id}`] = {keys, short, description, scope: 'copy', required};
	return specs as Specs<T>;
}

export const copyCommandSpecs = copy({
	'up': [['up', 'k'], 'up', 'Cursor up a line (scrolls at the top)'],
	'down': [['down', 'j'], 'down', 'Cursor down a line (scrolls at the bottom)'],
	'left': [['left', 'h'], 'left', 'Cursor left'],
	'right': [['right', 'l'], 'right', 'Cursor right'],
	'page-up': [['pageup', 'C-b'], 'page', 'Up a page'],
	'page-down': [['pagedown', 'C-f'], 'page down', 'Down a page'],
	'half-up': [['C-u'], 'half up', 'Up half a page'],
	'half-down': [['C-d'], 'half down', 'Down half a page'],
	'top': [['g'], 'top', 'Oldest line of the history'],
	'bottom': [['G'], 'end', 'Newest line'],
	'line-start': [['0', 'home'], 'line start', 'Start of the line'],
	'line-end': [['$', 'end'], 'line end', 'End of the line'],
	'word-next': [['w'], 'next word', 'Next word'],
	'word-back': [['b'], 'previous word', 'Previous word'],
	'word-end': [['e'], 'word end', 'End of the word'],
	'view-top': [['H'], 'view top', 'Top line of the view'],
	'view-middle': [['M'], 'view middle', 'Middle line of the view'],
	'view-bottom': [['L'], 'view bottom', 'Bottom line of the view'],
	'search-forward': [['/'], 'search', 'Search down (regex, smart case; every hit highlighted, counted in the corner)'],
	'search-backward': [['?'], 'search up', 'Search up'],
	'next': [['n'], 'next', 'Next hit in the search\'s direction'],
	'previous': [['N'], 'previous', 'Previous hit'],
	'select-char': [['v', 'space'], 'select', 'Select by character from the cursor (again: stop selecting)'],
	'select-line': [['V'], 'lines', 'Select whole lines'],
	'select-block': [['C-v'], 'block', 'Select a rectangle'],
	'copy': [['y', 'enter'], 'copy', 'Copy the selection to the clipboard (OSC 52, and copyCommand) and leave copy mode'],
	'clear': [['escape'], 'clear', 'Clear the selection, or leave copy mode when there is none'],
	'exit': [['q'], 'leave', 'Back to the live pane', true],
});

export type CopyCommandSpecs = typeof copyCommandSpecs;
