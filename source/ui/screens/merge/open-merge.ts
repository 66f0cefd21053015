/**
 * `m` merges the focused session; `M` merges the sessions marked for the queue, in the order they were marked.
 */
import {keyFor} from '../../keymap/index.js';
import type {WorkspaceEntry} from '../../../core/workspace/types.js';
import type {ScreenFactory, ScreenOpenContext} from '../registry.js';
import {MergeScreen} from './merge-screen.js';

function sessionOf(entry: WorkspaceEntry) {
	return {id: entry.id, target: {slug: entry.slug, branch: entry.branch, worktree: entry.worktree, base: entry.base}};
}

function open(context: ScreenOpenContext, entries: WorkspaceEntry[], queue: boolean) {
	const {services, host} = context;
	return new MergeScreen({
		sessions: entries.map(sessionOf),
		queue,
		services,
		runner: services.tests,
		host,
		setPaneExtras: context.setPaneExtras,
		clearMarks: context.clearMarks,
	});
}

export const openMerge: ScreenFactory = context => {
	if (!context.entry) {
		context.host.flash(`No session is focused: move to a pane first, then press ${keyFor(context.services.keymap, 'session.merge')} to merge it`, 'error');
		return undefined;
	}
	return open(context, [context.entry], false);
};

export const openMergeQueue: ScreenFactory = context => {
	const {services, host, marked} = context;
	if (marked.length === 0) {
		host.flash(`No sessions are marked: ${keyFor(services.keymap, 'session.mark')} marks the focused session, then ${keyFor(services.keymap, 'merge.queue')} merges the marked ones in order`, 'error');
		return undefined;
	}
	const entries = services.workspace.entries();
	const missing = marked.filter(id => !entries.some(entry => entry.id === id));
	if (missing.length > 0) {
		host.flash(`Marked sessions no longer exist: ${missing.join(', ')}; unmark them first`, 'error');
		return undefined;
	}
	return open(context, marked.map(id => entries.find(entry => entry.id === id)!), true);
};
