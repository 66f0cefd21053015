/**
 * `d` on the grid: the review screen of the focused session.
 */
import {keyFor} from '../../keymap/index.js';
import type {ScreenFactory} from '../registry.js';
import {ReviewController} from './review-controller.js';

export const openReview: ScreenFactory = ({services, host, entry}) => {
	if (!entry) {
		host.flash(`No session is focused: move to a pane first, then press ${keyFor(services.keymap, 'session.review')} to review its changes`, 'error');
		return undefined;
	}
	return new ReviewController({entry, worktrees: services.worktrees, workspace: services.workspace, host, env: services.env});
};
