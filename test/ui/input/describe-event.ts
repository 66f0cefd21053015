import type {KeyEvent} from '../../../source/ui/input/key-event.js';

/** Short text for an event so expectations read like key names: 'C-up', 'M-a', 'S-tab', 'paste:hi'. */
export function describeEvent(event: KeyEvent): string {
	if (event.name === 'paste') return `paste:${event.text}`;
	const prefix = (event.ctrl ? 'C-' : '') + (event.alt ? 'M-' : '');
	const impliedShift = [...event.name].length === 1 && event.name !== event.name.toLowerCase();
	return prefix + (event.shift && !impliedShift ? 'S-' : '') + event.name;
}
