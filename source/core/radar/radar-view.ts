/**
 * Reads an overlap report the way the radar presents it: one marker per session for its pane title, and the rows of
 * the radar view (pairs of sessions that touch the same files, then sessions whose base moved on).
 */
import type {OverlapReport} from '../git/worktree-service.js';
import type {ScopeBreach, ScopeBreachKind} from '../scope/scope-check.js';

/** 'conflict' outranks 'shared': a title has room for one marker and a predicted conflict is what needs acting on. */
export type OverlapMarker = 'conflict' | 'shared';

export function overlapMarkers(report: OverlapReport): Map<string, OverlapMarker> {
	const markers = new Map<string, OverlapMarker>();
	const mark = (slug: string, marker: OverlapMarker) => {
		if (markers.get(slug) !== 'conflict') markers.set(slug, marker);
	};
	for (const pair of report.pairs) {
		const marker = pair.conflicts.length > 0 ? 'conflict' : 'shared';
		mark(pair.a, marker);
		mark(pair.b, marker);
	}
	for (const file of report.files) {
		for (const slug of file.slugs) mark(slug, 'shared');
	}
	for (const prediction of report.againstBase) {
		if (prediction.conflicts.length > 0) mark(prediction.slug, 'conflict');
	}
	return markers;
}

export interface PairRow {
	kind: 'pair';
	a: string;
	b: string;
	/** Paths both sessions changed (a file on one side under a directory path of the other counts too). */
	shared: string[];
	conflicts: string[];
	/** Either side's comparison included uncommitted work (a snapshot of its worktree). */
	uncommitted: boolean;
}

export interface BaseRow {
	kind: 'base';
	slug: string;
	base: string;
	conflicts: string[];
}

export interface ScopeRow extends Omit<ScopeBreach, 'kind'> {
	kind: 'scope';
	breach: ScopeBreachKind;
}

export type RadarRow = ScopeRow | PairRow | BaseRow;

/** Conflicting pairs first, then the rest by name; then every session whose base moved, conflicting ones first. */
export function radarRows(report: OverlapReport): RadarRow[] {
	const sessions = new Map(report.sessions.map(session => [session.slug, session]));
	const pairs: PairRow[] = report.pairs.map(pair => {
		const a = sessions.get(pair.a);
		const b = sessions.get(pair.b);
		return {
			kind: 'pair',
			a: pair.a,
			b: pair.b,
			shared: sharedPaths(a?.changedFiles ?? [], b?.changedFiles ?? []),
			conflicts: pair.conflicts,
			uncommitted: Boolean(a?.includesUncommitted || b?.includesUncommitted),
		};
	});
	const bases: BaseRow[] = report.againstBase.map(prediction => ({kind: 'base', slug: prediction.slug, base: prediction.base, conflicts: prediction.conflicts}));
	const byConflictThenName = <T extends {conflicts: string[]}>(name: (row: T) => string) => (x: T, y: T) =>
		Number(y.conflicts.length > 0) - Number(x.conflicts.length > 0) || name(x).localeCompare(name(y));
	pairs.sort(byConflictThenName(row => `${row.a}\0${row.b}`));
	bases.sort(byConflictThenName(row => row.slug));
	// Scope breaches first: they exist before any conflict does, and are the earliest sign of trouble.
	const scope: ScopeRow[] = (report.scope ?? []).map(breach => ({...breach, kind: 'scope', breach: breach.kind}));
	return [...scope, ...pairs, ...bases];
}

/**
 * The paths two change sets have in common: equal paths, plus a file of one side that is a directory of the other
 * (both are how git reports the collision, so the view names both).
 */
export function sharedPaths(a: readonly string[], b: readonly string[]): string[] {
	const shared = new Set<string>();
	const collect = (files: readonly string[], others: ReadonlySet<string>) => {
		for (const file of files) {
			if (others.has(file)) shared.add(file);
			const parts = file.split('/');
			for (let length = 1; length < parts.length; length++) {
				const parent = parts.slice(0, length).join('/');
				if (others.has(parent)) {
					shared.add(parent);
					shared.add(file);
				}
			}
		}
	};
	collect(a, new Set(b));
	collect(b, new Set(a));
	return [...shared].sort();
}
