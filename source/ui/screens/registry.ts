/**
 * Which grid command opens which workflow screen. Each screen module registers one factory here.
 */
import type {WorkspaceEntry} from '../../core/workspace/types.js';
import type {GridCommandId} from '../keymap/index.js';
import type {PaneView} from '../store.js';
import type {ScreenController, ScreenHost, ScreenServices} from './types.js';
import {openReview} from './review/open-review.js';
import {openCleanup} from './cleanup/cleanup-screen.js';
import {openRadar} from './radar/radar-screen.js';
import {openTests} from './tests/open-tests.js';
import {openMatrix} from './matrix/matrix-screen.js';
import {openMerge, openMergeQueue} from './merge/open-merge.js';
import {openHistorySearch} from './search/search-screen.js';

export interface ScreenOpenContext {
	services: ScreenServices;
	host: ScreenHost;
	/** The focused session, if any. */
	entry: WorkspaceEntry | undefined;
	/** Sessions marked for the merge queue, in order. */
	marked: readonly string[];
	/** Sets markers in a session's pane title (radar overlap, last test result). */
	setPaneExtras(id: string, extras: Pick<PaneView, 'overlap' | 'tests'>): void;
	clearMarks(ids: readonly string[]): void;
}

/** Returns the screen to open, or undefined after explaining (via host.flash) why there is none. */
export type ScreenFactory = (context: ScreenOpenContext) => ScreenController | undefined;

/** The grid commands that open a workflow screen, and the screen each opens. */
export const screenFactories = {
	'cleanup.open': openCleanup,
	'radar.open': openRadar,
	'session.review': openReview,
	'session.test': openTests,
	'tests.matrix': openMatrix,
	'session.merge': openMerge,
	'merge.queue': openMergeQueue,
	'history.search': openHistorySearch,
} satisfies Partial<Record<GridCommandId, ScreenFactory>>;

export type ScreenOpener = keyof typeof screenFactories;
