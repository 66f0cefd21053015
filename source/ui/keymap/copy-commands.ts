/**
 * Keys of copy mode (a pane's history frozen for reading, searching and copying): vi keys and arrows, as in tmux's
 * vi copy mode and less. Copy mode is its own key space.
 */
import type {Command} from './commands.js';

const always = (): true => true;

function copy(entries: Array<[id: string, keys: string[], description: string, required?: boolean]>): Command[] {
	return entries.map(([id, keys, description, required]) => ({id: `copy.${id}`, keys, description, scope: 'copy', enabled: always, required}));
}

export const copyCommands: readonly Command[] = copy([
	['up', ['up', 'k'], 'Cursor up a line (scrolls at the top)'],
	['down', ['down', 'j'], 'Cursor down a line (scrolls at the bottom)'],
	['left', ['left', 'h'], 'Cursor left'],
	['right', ['right', 'l'], 'Cursor right'],
	['page-up', ['pageup', 'C-b'], 'Up a page'],
	['page-down', ['pagedown', 'C-f'], 'Down a page'],
	['half-up', ['C-u'], 'Up half a page'],
	['half-down', ['C-d'], 'Down half a page'],
	['top', ['g'], 'Oldest line of the history'],
	['bottom', ['G'], 'Newest line'],
	['line-start', ['0', 'home'], 'Start of the line'],
	['line-end', ['$', 'end'], 'End of the line'],
	['word-next', ['w'], 'Next word'],
	['word-back', ['b'], 'Previous word'],
	['word-end', ['e'], 'End of the word'],
	['view-top', ['H'], 'Top line of the view'],
	['view-middle', ['M'], 'Middle line of the view'],
	['view-bottom', ['L'], 'Bottom line of the view'],
	['search-forward', ['/'], 'Search down (regex, smart case; every hit highlighted, counted in the corner)'],
	['search-backward', ['?'], 'Search up'],
	['next', ['n'], 'Next hit in the search\'s direction'],
	['previous', ['N'], 'Previous hit'],
	['select-char', ['v', 'space'], 'Select by character from the cursor (again: stop selecting)'],
	['select-line', ['V'], 'Select whole lines'],
	['select-block', ['C-v'], 'Select a rectangle'],
	['copy', ['y', 'enter'], 'Copy the selection to the clipboard (OSC 52, and copyCommand) and leave copy mode'],
	['clear', ['escape'], 'Clear the selection, or leave copy mode when there is none'],
	['exit', ['q'], 'Back to the live pane', true],
]);
