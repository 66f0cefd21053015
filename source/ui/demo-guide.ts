/**
 * The demo's status bar: what to try next, read from what the grid shows and which screens the user has opened,
 * so a newcomer walks the whole loop (answer, review, test, radar, merge, hand back, clean up) without the README.
 * Keys come from the keymap, so a rebound key is named as bound.
 */
import type {CommandId} from './keymap/commands.js';
import type {Keymap} from './keymap/keymap.js';
import {keyLabel} from './keymap/keys.js';
import type {GridState, PaneView} from './store.js';

/** What to try next, in at most `width` cells; undefined when nothing useful fits. */
export type DemoGuide = (state: GridState, width: number) => string | undefined;

const steps = ['review', 'tests', 'radar', 'merge', 'cleanup'] as const;

export function demoGuide(keymap: Keymap): DemoGuide {
	const seen = new Set<string>();
	const key = (id: CommandId): string => {
		const command = keymap.command(id);
		const first = command.keys[0];
		if (first === undefined) return `(${id} is unbound)`;
		return command.scope === 'pane-prefix' ? `${keymap.prefix.label} ${keyLabel(first)}` : keyLabel(first);
	};

	return (state, width) => {
		if (state.overlay?.kind === 'screen') seen.add(state.overlay.scope);
		const focused = state.panes[state.focus];
		const waiting = state.panes.find(pane => pane.status === 'waiting');
		const parts = ((): string[] => {
			if (state.mode === 'pane') return [`${key('prefix.grid')} back to the grid`, `typing into ${focused?.slug ?? 'the pane'}`];
			// "3 selects it" when the pane to act on is not the focused one.
			const select = (pane: PaneView): string[] => {
				const number = String(state.panes.indexOf(pane) + 1);
				return pane === focused || !keymap.command('focus.number').keys.includes(number) ? [] : [`${number} selects it`];
			};
			if (waiting) return [`${waiting.slug} asks a question`, ...select(waiting), `${key('pane.enter')} types: answer 1`];
			// Every demo agent ends its task idle, with its work committed.
			const finished = (pane: PaneView | undefined) => pane?.status === 'idle';
			const done = finished(focused) ? focused : state.panes.find(pane => finished(pane));
			if (!seen.has('review') && done) return [`${done.slug} is done`, ...select(done), `${key('session.review')} reviews its diff`];
			if (!seen.has('tests') && done) return [...select(done), `${key('session.test')} runs ${done.slug}'s tests`];
			const overlapping = state.panes.filter(pane => pane.overlap !== undefined);
			const conflicting = state.panes.filter(pane => pane.overlap === 'conflict');
			const flagged = conflicting.length > 1 ? conflicting : overlapping;
			const who = flagged.length === 2 ? `${flagged[0]!.slug} and ${flagged[1]!.slug}` : `${flagged.length} sessions`;
			if (!seen.has('radar') && flagged.length > 1) return [`${key('radar.open')} opens the radar`, `${who} changed the same lines`];
			if (!seen.has('merge') && done) return [`${key('session.merge')} merges the focused session`, `${key('session.mark')} marks several`, `${key('merge.queue')} merges the marked`];
			if (!seen.has('cleanup') && seen.has('merge')) return [`${key('cleanup.open')} cleans up merged sessions`, 'a conflict goes back to its agent from the merge screen'];
			if (steps.every(step => seen.has(step))) return ['that is the whole loop', `${key('quit')} ends the demo`, `${key('help')} lists every key`];
			return ['the agents are at work', `${key('pane.enter')} types into a pane`, `${key('help')} lists every key`];
		})();
		return fit(parts, width);
	};
}

/**
 * As many whole phrases as fit, so a phrase is never cut inside a word; "demo:" leads when there is room for it.
 * Nothing fits: the usual key hints are shown instead.
 */
function fit(parts: string[], width: number): string | undefined {
	const join = (list: string[]) => list.join(' · ');
	for (let count = parts.length; count > 0; count--) {
		const shown = join(parts.slice(0, count));
		if (`demo: ${shown}`.length <= width) return `demo: ${shown}`;
		if (shown.length <= width) return shown;
	}
	return undefined;
}
