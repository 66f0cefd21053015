/**
 * Keys of the workflow screens (review, test run, merge, cleanup, radar). Each screen is its own key space, so the
 * same key can mean different things on different screens, and every one of them appears in the help and README.
 * A screen says which of its commands apply right now (ScreenController.enabled), so its footer lists only those.
 */
import type {CommandSpec, ScreenScope} from './commands.js';

type ScreenSpec = readonly [keys: readonly string[], short: string, description: string];

type Specs<S extends ScreenScope, T extends Record<string, ScreenSpec>> = {[K in keyof T & string as `${S}.${K}`]: CommandSpec & {scope: S}};

function screen<S extends ScreenScope, const T extends Record<string, ScreenSpec>>(scope: S, entries: T): Specs<S, T> {
	const specs: Record<string, CommandSpec> = {};
	for (const [id, [keys, short, description]] of Object.entries(entries)) specs[`${scope}.${id}`] = {keys, short, description, scope};
	return specs as Specs<S, T>;
}

export const screenCommandSpecs = {
	...screen('review', {
		'down': [['down', 'j'], 'down', 'Next line'],
		'up': [['up', 'k'], 'up', 'Previous line'],
		'page-down': [['pagedown', 'space'], 'page', 'Next page'],
		'page-up': [['pageup', 'b'], 'page up', 'Previous page'],
		'top': [['g', 'home'], 'top', 'First line'],
		'bottom': [['G', 'end'], 'bottom', 'Last line'],
		'next-file': [['tab', ']'], 'next file', 'Next file'],
		'previous-file': [['S-tab', '['], 'previous file', 'Previous file'],
		'next-hunk': [['}', 'n'], 'next hunk', 'Next hunk'],
		'previous-hunk': [['{', 'N'], 'previous hunk', 'Previous hunk'],
		'feedback': [['f'], 'feedback', 'Write feedback for the agent about the line under the cursor'],
		'edit': [['e'], 'edit', 'Open the file at this line in $EDITOR'],
		'close': [['q', 'escape'], 'back', 'Back to the grid'],
	}),
	...screen('tests', {
		'stop': [['C-c'], 'stop', 'Stop the running tests'],
		'rerun': [['r'], 'run again', 'Run the tests again'],
		'close': [['q', 'escape'], 'back', 'Back to the grid'],
	}),
	...screen('matrix', {
		'down': [['down', 'j'], 'down', 'Next row'],
		'up': [['up', 'k'], 'up', 'Previous row'],
		'open': [['enter'], 'output', 'Show the output of the row\'s run (again: back to the table)'],
		'stop': [['C-c'], 'stop', 'Stop the runs in progress'],
		'rerun': [['r'], 'run again', 'Run the whole matrix again'],
		'close': [['q', 'escape'], 'back', 'Back to the grid (runs in progress go on)'],
	}),
	...screen('merge', {
		'confirm': [['y', 'enter'], 'go ahead', 'Go ahead with the step shown'],
		'edit-message': [['e'], 'edit message', 'Edit the commit message of the pending work'],
		'send-conflict': [['a'], 'send conflict', 'Send the conflict to the agent so it can resolve it'],
		'override': [['!'], 'merge anyway', 'Merge although the tests failed (asks again)'],
		'push': [['p'], 'push', 'Push the merged branch with its upstream set'],
		'pull-request': [['P'], 'pull request', 'Push the branch and open a pull request (gh) instead of merging here'],
		'close': [['q', 'escape'], 'back', 'Back to the grid'],
	}),
	...screen('cleanup', {
		'down': [['down', 'j'], 'down', 'Next row'],
		'up': [['up', 'k'], 'up', 'Previous row'],
		'mark': [['space'], 'mark', 'Mark or unmark the row'],
		'remove': [['d', 'delete'], 'remove', 'Remove worktree and branch (asks to salvage or discard any work)'],
		'remove-worktree': [['w'], 'remove worktree', 'Remove the worktree, keep the branch'],
		'delete-merged': [['D'], 'delete merged', 'Delete the branches already merged into their base'],
		'prune': [['p'], 'prune', 'Prune worktrees whose directory is gone'],
		'abort': [['a'], 'abort rebase', 'Abort the rebase, merge or cherry-pick stopped half-way in the worktree'],
		'close': [['q', 'escape'], 'back', 'Back to the grid'],
	}),
	...screen('radar', {
		'down': [['down', 'j'], 'down', 'Next row'],
		'up': [['up', 'k'], 'up', 'Previous row'],
		'refresh': [['r'], 'refresh', 'Refresh now'],
		'close': [['q', 'escape'], 'back', 'Back to the grid'],
	}),
	// Typed characters edit the query, so the search screen's own keys are all non-printing.
	...screen('search', {
		'down': [['down', 'C-n'], 'next', 'Next hit'],
		'up': [['up', 'C-p'], 'previous', 'Previous hit'],
		'page-down': [['pagedown'], 'page', 'Next page of hits'],
		'page-up': [['pageup'], 'page up', 'Previous page of hits'],
		'open': [['enter'], 'open', 'Open the hit in its pane\'s copy mode'],
		'close': [['escape'], 'back', 'Back to the grid'],
	}),
};

export type ScreenCommandSpecs = typeof screenCommandSpecs;
