/**
 * The test runner and result history of the repository a screen works on, built from the screen services, and the
 * pane-title markers derived from that history.
 */
import {errorText} from '../../grid/command-runner.js';
import {currentTestMarkers} from '../../../core/workflow/test-markers.js';
import {TestResultStore, testResultsFile} from '../../../core/workflow/test-results.js';
import {TestRunner} from '../../../core/workflow/test-runner.js';
import type {ScreenOpenContext} from '../registry.js';
import type {ScreenHost, ScreenServices} from '../types.js';

export function createTestRunner(services: ScreenServices, host: ScreenHost): TestRunner {
	const {repo} = services.worktrees;
	return new TestRunner({
		repoRoot: repo.root,
		gitCommonDir: repo.commonDir,
		repository: services.repository,
		trust: services.trust,
		env: services.env,
		results: new TestResultStore(testResultsFile(repo.commonDir)),
		scrollback: services.user.scrollback,
		colors: services.colors,
		version: services.version,
		onRecordError: error => host.flash(`The test result could not be saved: ${errorText(error)}`, 'error'),
	});
}

/**
 * Sets every session's test marker from the saved results (stale when its worktree moved on). Runs in the
 * background; a failure only leaves the markers as they were. `except` names sessions whose marker is about to be
 * set by a run in progress, which an older result must not overwrite.
 */
export function refreshTestMarkers(services: ScreenServices, setPaneExtras: ScreenOpenContext['setPaneExtras'], except: readonly string[] = []): Promise<void> {
	const {repo} = services.worktrees;
	const sessions = services.workspace.entries().filter(entry => !except.includes(entry.id)).map(entry => ({slug: entry.slug, branch: entry.branch, worktree: entry.worktree, id: entry.id}));
	return currentTestMarkers(new TestResultStore(testResultsFile(repo.commonDir)), sessions).then(
		markers => {
			for (const session of sessions) {
				const marker = markers.get(session.slug);
				if (marker) setPaneExtras(session.id, {tests: marker});
			}
		},
		() => {},
	);
}
