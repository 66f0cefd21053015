/**
 * The demo's status bar: what to try next, read from what the grid shows and which screens the user has opened,
 * so a newcomer walks the whole loop (answer, review, test, radar, merge, hand back, clean up) without the README.
 * Keys come from the keymap, so a rebound key is named as bound.
 */
import type {CommandId} from './keymap/commands.js';
import type {Keymap} from './keymap/keymap.js';
import {keyLabel} from './keymap/keys.js';
import type {GridState, PaneView} from './store.js';

export type DemoGuide = (state: GridState, width: number) => string;

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
			if (state.mode === 'pane') {
				return [`you are typing into ${focused?.slug ?? 'the pane'}`, `${key('prefix.grid')} goes back to the grid`];
			}
			// "3 selects it, " when the pane to act on is not the focused one.
			const select = (pane: PaneView): string => {
				const number = String(state.panes.indexOf(pane) + 1);
				return pane === focused || !keymap.command('focus.number').keys.includes(number) ? '' : `${number} selects it, `;
			};
			if (waiting) return [`${waiting.slug} asks a question`, `${select(waiting)}${key('pane.enter')} types into it: answer 1`];
			const finished = (pane: PaneView | undefined) => pane?.status === 'idle' && pane.changedFiles > 0;
			const done = finished(focused) ? focused : state.panes.find(pane => finished(pane));
			if (!seen.has('review') && done) return [`${done.slug} has finished`, `${select(done)}${key('session.review')} reviews its diff`];
			if (!seen.has('tests') && done) return [`${select(done)}${key('session.test')} runs ${done.slug}'s tests`];
			const overlapping = state.panes.filter(pane => pane.overlap !== undefined);
			const conflicting = state.panes.filter(pane => pane.overlap === 'conflict');
			const flagged = conflicting.length > 1 ? conflicting : overlapping;
			const who = flagged.length === 2 ? `${flagged[0]!.slug} and ${flagged[1]!.slug}` : `${flagged.length} sessions`;
			if (!seen.has('radar') && flagged.length > 1) return [`${who} changed the same lines`, `${key('radar.open')} opens the radar`];
			if (!seen.has('merge') && done) return [`${key('session.mark')} marks sessions`, `${key('merge.queue')} merges the marked ones`, `${key('session.merge')} merges the focused one`];
			if (!seen.has('cleanup') && seen.has('merge')) return ['a conflict can be handed back to its agent from the merge screen', `${key('cleanup.open')} cleans up merged sessions`];
			if (steps.every(step => seen.has(step))) return ['that is the whole loop', `${key('quit')} ends the demo and removes it`, `${key('help')} lists every key`];
			return ['the demo agents are at work', `${key('pane.enter')} types into the focused pane`, `${key('help')} lists every key`];
		})();
		return fit(['demo:', ...parts], width);
	};
}

/** As many whole phrases as fit, so a phrase is never cut inside a word. */
function fit(parts: string[], width: number): string {
	let text = parts[0]!;
	for (const part of parts.slice(1)) {
		const next = `${text}${text.endsWith(':') ? ' ' : ' · '}${part}`;
		if (next.length > width) break;
		text = next;
	}
	return text;
}
