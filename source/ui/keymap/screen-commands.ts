/**
 * Keys of the workflow screens (review, test run, merge, cleanup, radar). Each screen is its own key space, so the
 * same key can mean different things on different screens, and every one of them appears in the help and README.
 */
import type {Command} from './commands.js';

const always = (): true => true;

function screen(scope: Command['scope'], entries: Array<[id: string, keys: string[], description: string]>): Command[] {
	return entries.map(([id, keys, description]) => ({id: `${scope}.${id}`, keys, description, scope, enabled: always}));
}

export const screenCommands: readonly Command[] = [
	...screen('review', [
		['down', ['down', 'j'], 'Next line'],
		['up', ['up', 'k'], 'Previous line'],
		['page-down', ['pagedown', 'space'], 'Next page'],
		['page-up', ['pageup', 'b'], 'Previous page'],
		['top', ['g', 'home'], 'First line'],
		['bottom', ['G', 'end'], 'Last line'],
		['next-file', ['tab', ']'], 'Next file'],
		['previous-file', ['S-tab', '['], 'Previous file'],
		['next-hunk', ['}', 'n'], 'Next hunk'],
		['previous-hunk', ['{', 'N'], 'Previous hunk'],
		['feedback', ['f'], 'Write feedback for the agent about the line under the cursor'],
		['edit', ['e'], 'Open the file at this line in $EDITOR'],
		['close', ['q', 'escape'], 'Back to the grid'],
	]),
	...screen('tests', [
		['stop', ['C-c'], 'Stop the running tests'],
		['rerun', ['r'], 'Run the tests again'],
		['close', ['q', 'escape'], 'Back to the grid'],
	]),
	...screen('merge', [
		['confirm', ['y', 'enter'], 'Go ahead with the step shown'],
		['send-conflict', ['a'], 'Send the conflict to the agent so it can resolve it'],
		['override', ['!'], 'Merge although the tests failed (asks again)'],
		['push', ['p'], 'Push the merged branch with its upstream set'],
		['pull-request', ['P'], 'Push the branch and open a pull request (gh) instead of merging here'],
		['close', ['q', 'escape'], 'Back to the grid'],
	]),
	...screen('cleanup', [
		['down', ['down', 'j'], 'Next row'],
		['up', ['up', 'k'], 'Previous row'],
		['mark', ['space'], 'Mark or unmark the row'],
		['remove', ['d', 'delete'], 'Remove worktree and branch (asks to salvage or discard any work)'],
		['remove-worktree', ['w'], 'Remove the worktree, keep the branch'],
		['delete-merged', ['D'], 'Delete the branches already merged into their base'],
		['prune', ['p'], 'Prune worktrees whose directory is gone'],
		['abort', ['a'], 'Abort the rebase, merge or cherry-pick stopped half-way in the worktree'],
		['close', ['q', 'escape'], 'Back to the grid'],
	]),
	...screen('radar', [
		['down', ['down', 'j'], 'Next row'],
		['up', ['up', 'k'], 'Previous row'],
		['refresh', ['r'], 'Refresh now'],
		['close', ['q', 'escape'], 'Back to the grid'],
	]),
];
