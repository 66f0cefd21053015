import {AgentgridError} from '../errors.js';
import {isPlainObject} from './validate.js';

/**
 * Refuses key bindings for command ids that do not exist. The ids belong to the app's keymap, which core does not
 * import, so the caller passes them in. Without this, a misspelt id is stored and only fails when the grid starts.
 */
export function assertKnownKeybindingIds(key: string, value: unknown, knownIds: readonly string[]): void {
	const known = new Set(knownIds);
	const unknown = keybindingIdsIn(key, value).filter(id => !known.has(id));
	if (unknown.length === 0) {
		return;
	}
	const described = unknown.map(id => {
		const close = closeMatches(id, knownIds);
		return `"${id}" is not a command id${close.length > 0 ? ` (did you mean ${close.map(match => `"${match}"`).join(' or ')}?)` : ''}`;
	});
	throw new AgentgridError('settings-rejected', `Cannot set "${key}": ${described.join('; ')}.`, `Valid command ids: ${knownIds.join(', ')}.`);
}

function keybindingIdsIn(key: string, value: unknown): string[] {
	const prefix = 'keybindings.';
	if (key.startsWith(prefix) && key.length > prefix.length) {
		return [key.slice(prefix.length)];
	}
	return key === 'keybindings' && isPlainObject(value) ? Object.keys(value) : [];
}

/** Ids sharing the last part of the name ("zoom" → pane.zoom), containing it, or a typo or two away. */
export function closeMatches(id: string, knownIds: readonly string[], limit = 4): string[] {
	const wanted = id.toLowerCase();
	const lastPart = (name: string): string => name.slice(name.lastIndexOf('.') + 1);
	const scored = knownIds.map(candidate => {
		const lower = candidate.toLowerCase();
		if (lastPart(lower) === lastPart(wanted)) return {candidate, score: 0};
		if (wanted.length >= 3 && lower.includes(wanted)) return {candidate, score: 1};
		const distance = editDistance(wanted, lower);
		return {candidate, score: distance <= 2 ? 1 + distance : Number.POSITIVE_INFINITY};
	});
	return scored.filter(entry => Number.isFinite(entry.score)).sort((a, b) => a.score - b.score).slice(0, limit).map(entry => entry.candidate);
}

function editDistance(a: string, b: string): number {
	let previous = Array.from({length: b.length + 1}, (_, index) => index);
	for (let i = 1; i <= a.length; i++) {
		const current = [i];
		for (let j = 1; j <= b.length; j++) {
			current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
		}
		previous = current;
	}
	return previous[b.length]!;
}
