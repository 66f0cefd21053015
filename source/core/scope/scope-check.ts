/**
 * Scope enforcement for the radar: from each session's changed files and the scopes of all live sessions, which
 * edits lie outside what a session owns, inside what it must avoid, or inside what another session owns. It needs no
 * conflict to exist: an edit counts as soon as it is in the worktree.
 */
import {hasScope, inPaths, type SessionScope} from './session-scope.js';

export interface ScopedSession {
	slug: string;
	changedFiles: readonly string[];
	scope?: SessionScope;
}

export type ScopeBreachKind = 'outside' | 'avoided' | 'foreign';

export interface ScopeBreach {
	slug: string;
	/** outside: not under any path it owns; avoided: under a path it was told not to touch; foreign: owned by `owner`. */
	kind: ScopeBreachKind;
	paths: string[];
	owner?: string;
}

export function scopeBreaches(sessions: readonly ScopedSession[]): ScopeBreach[] {
	const breaches: ScopeBreach[] = [];
	for (const session of sessions) {
		const scope = session.scope;
		const own = scope?.owns ?? [];
		if (hasScope(scope)) {
			const outside = own.length === 0 ? [] : session.changedFiles.filter(file => !inPaths(file, own));
			if (outside.length > 0) breaches.push({slug: session.slug, kind: 'outside', paths: outside});
			const avoided = session.changedFiles.filter(file => inPaths(file, scope.avoid));
			if (avoided.length > 0) breaches.push({slug: session.slug, kind: 'avoided', paths: avoided});
		}
		for (const other of sessions) {
			if (other.slug === session.slug || !other.scope || other.scope.owns.length === 0) continue;
			// Shared ownership is allowed (the spawn form warned about it); only edits in what the other alone owns count.
			const foreign = session.changedFiles.filter(file => inPaths(file, other.scope!.owns) && !inPaths(file, own));
			if (foreign.length > 0) breaches.push({slug: session.slug, kind: 'foreign', paths: foreign, owner: other.slug});
		}
	}
	return breaches;
}

/** Paths in breach per session, for the pane title's marker. */
export function scopeMarkers(breaches: readonly ScopeBreach[]): Map<string, number> {
	const paths = new Map<string, Set<string>>();
	for (const breach of breaches) {
		const set = paths.get(breach.slug) ?? new Set<string>();
		for (const file of breach.paths) set.add(file);
		paths.set(breach.slug, set);
	}
	return new Map([...paths].map(([slug, set]) => [slug, set.size]));
}

export function describeBreach(breach: ScopeBreach): string {
	const files = breach.paths.length === 1 ? '1 file' : `${breach.paths.length} files`;
	switch (breach.kind) {
		case 'outside': return `${breach.slug} edits ${files} outside what it owns`;
		case 'avoided': return `${breach.slug} edits ${files} it was told to avoid`;
		case 'foreign': return `${breach.slug} edits ${files} that ${breach.owner} owns`;
	}
}
