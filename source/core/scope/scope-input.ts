/**
 * Scope as typed in the spawn form: paths separated by spaces or commas, done-when items by semicolons; and the live
 * sessions whose owned paths a new scope overlaps, so the form can warn before two sessions own the same files.
 */
import {normalizeScope, pathsOverlap, type SessionScope} from './session-scope.js';

export function splitPaths(text: string): string[] {
	return text.split(/[\s,]+/u).filter(item => item !== '');
}

export function splitDoneWhen(text: string): string[] {
	return text.split(';').map(item => item.trim()).filter(item => item !== '');
}

/** The scope typed, normalised, or the first problem with a path (absolute, leaving the repository...). */
export function parseScopeInput(owns: string, avoid: string): {scope: SessionScope} | {error: string} {
	try {
		return {scope: normalizeScope({owns: splitPaths(owns), avoid: splitPaths(avoid)})};
	} catch (error) {
		return {error: (error as Error).message.replace(/^--owns /u, 'Owns: ').replace(/^--avoid /u, 'Avoid: ')};
	}
}

export interface ScopeOverlap {
	slug: string;
	/** The other session's owned paths that overlap the new ones. */
	paths: string[];
}

/** Live sessions owning a path that one of `owns` contains or lies in. */
export function ownedOverlaps(owns: readonly string[], live: ReadonlyArray<{slug: string; owns: readonly string[]}>): ScopeOverlap[] {
	return live.flatMap(session => {
		const paths = session.owns.filter(owned => owns.some(path => pathsOverlap(path, owned)));
		return paths.length > 0 ? [{slug: session.slug, paths}] : [];
	});
}

export function describeOverlaps(overlaps: readonly ScopeOverlap[]): string {
	return `overlaps what ${overlaps.map(overlap => `${overlap.slug} owns (${overlap.paths.join(', ')})`).join(' and what ')}`;
}
