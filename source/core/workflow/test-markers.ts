/**
 * What each session's pane title says about its tests: the last recorded result, marked stale when the worktree
 * (its commit or its uncommitted files) has changed since that run.
 */
import {snapshotWorktree} from '../git/snapshot.js';
import {testMarker, type TestResultStore} from './test-results.js';

export interface MarkedSession {
	slug: string;
	branch: string;
	worktree: string;
}

export type TestMarker = {passed: boolean; stale: boolean};

export async function currentTestMarkers(results: TestResultStore, sessions: readonly MarkedSession[]): Promise<Map<string, TestMarker>> {
	const all = await results.all();
	const markers = new Map<string, TestMarker>();
	await Promise.all(sessions.map(async session => {
		const result = all.get(session.slug);
		// A result of an earlier session that had the same name says nothing about this one.
		if (!result || result.branch !== session.branch) {
			return;
		}
		const snapshot = await snapshotWorktree(session.worktree).then(value => value.commit, () => undefined);
		markers.set(session.slug, testMarker(result, snapshot));
	}));
	return markers;
}
