/**
 * The pane-title markers derived from the repository's test history.
 */
import {currentTestMarkers} from '../../../core/workflow/test-markers.js';
import type {ScreenOpenContext} from '../registry.js';
import type {ScreenServices} from '../types.js';

/**
 * Sets every session's test marker from the saved results (stale when its worktree moved on). Runs in the
 * background; a failure only leaves the markers as they were. `except` names sessions whose marker is about to be
 * set by a run in progress, which an older result must not overwrite.
 */
export function refreshTestMarkers(services: ScreenServices, setPaneExtras: ScreenOpenContext['setPaneExtras'], except: readonly string[] = []): Promise<void> {
	const sessions = services.workspace.entries().filter(entry => !except.includes(entry.id)).map(entry => ({slug: entry.slug, branch: entry.branch, worktree: entry.worktree, id: entry.id}));
	return currentTestMarkers(services.tests.results, sessions).then(
		markers => {
			for (const session of sessions) {
				const marker = markers.get(session.slug);
				if (marker) setPaneExtras(session.id, {tests: marker});
			}
		},
		() => {},
	);
}
