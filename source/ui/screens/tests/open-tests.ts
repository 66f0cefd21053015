/**
 * `t` on the grid: the test run screen of the focused session.
 */
import type {ScreenFactory} from '../registry.js';
import {TestsScreen} from './tests-screen.js';
import {keyFor} from '../../keymap/index.js';
import {refreshTestMarkers} from './test-services.js';

export const openTests: ScreenFactory = ({services, host, entry, setPaneExtras}) => {
	if (!entry) {
		host.flash(`No session is focused: move to a pane first, then press ${keyFor(services.keymap, 'session.test')} to run its tests`, 'error');
		return undefined;
	}
	// Other sessions' markers may have gone stale since they were set (new commits, new edits).
	void refreshTestMarkers(services, setPaneExtras, [entry.id]);
	return new TestsScreen({entry, runner: services.tests, host, setPaneExtras, keyLabel: id => keyFor(services.keymap, id)});
};
