import type {GitContext} from './context.js';
import {mapLimit} from './concurrency.js';
import {withGitAbort} from './git-abort.js';
import {committedPaths} from './list.js';
import {runGit, splitNul} from './run-git.js';
import {type SessionRecord, resolveCommit, takeInventory} from './session-records.js';
import {snapshotWorktree} from './snapshot.js';
import {type ScopeBreach, scopeBreaches} from '../scope/scope-check.js';
import {hasScope, readScopes, type SessionScope} from '../scope/session-scope.js';

export interface OverlapSession {
	slug: string;
	branch: string;
	/** The commit compared: the branch head, or a snapshot of the worktree when it has uncommitted changes. */
	tip: string;
	includesUncommitted: boolean;
	changedFiles: string[];
	/** What the session owns and must avoid, when it was given a scope. */
	scope?: SessionScope;
}

export interface SharedFile {
	path: string;
	slugs: string[];
}

export interface PairPrediction {
	a: string;
	b: string;
	/** Files that would conflict if both were merged; empty means they merge cleanly. */
	conflicts: string[];
}

export interface BasePrediction {
	slug: string;
	base: string;
	conflicts: string[];
}

export interface OverlapReport {
	sessions: OverlapSession[];
	/** Files changed by two or more live sessions. */
	files: SharedFile[];
	/** Every pair of sessions that touch a common path, with the merge predicted by git merge-tree. */
	pairs: PairPrediction[];
	/** Each session whose base moved on since it forked, merged against the base's current tip. */
	againstBase: BasePrediction[];
	/** Edits outside a session's scope, in paths it avoids, or in paths another session owns. */
	scope: ScopeBreach[];
}

/**
 * The overlap radar. Only objects are written (snapshots of dirty worktrees and merge-tree results);
 * no worktree, index or ref is touched, so it is safe to run in the background while agents work, and to stop at
 * any moment (`signal`): a killed pass leaves at most unreferenced objects, which git's gc removes. Unless a user
 * waits for it (the radar screen), its git runs at low priority: on a busy machine the agents and the keys typed
 * into them come first.
 */
export async function computeOverlap(context: GitContext, signal?: AbortSignal, options: {background?: boolean} = {}): Promise<OverlapReport> {
	return withGitAbort(signal, async () => overlapPass(context), {background: options.background ?? true});
}

async function overlapPass(context: GitContext): Promise<OverlapReport> {
	const {root} = context.repo;
	const {sessions: records} = await takeInventory(context);
	const live = records.filter(record => record.exists);
	const [described, scopes] = await Promise.all([mapLimit(live, 4, async record => describeForOverlap(root, record)), readScopes(root)]);
	const sessions = described.map(session => {
		const scope = scopes.get(session.branch);
		return hasScope(scope) ? {...session, scope} : session;
	});

	const owners = new Map<string, string[]>();
	for (const session of sessions) {
		for (const file of session.changedFiles) {
			owners.set(file, [...(owners.get(file) ?? []), session.slug]);
		}
	}
	const files = [...owners].filter(([, slugs]) => slugs.length >= 2).map(([path, slugs]) => ({path, slugs})).sort((x, y) => (x.path < y.path ? -1 : 1));

	const candidates: Array<[OverlapSession, OverlapSession]> = [];
	for (const [index, a] of sessions.entries()) {
		for (const b of sessions.slice(index + 1)) {
			if (touchCommonPath(a.changedFiles, b.changedFiles)) {
				candidates.push([a, b]);
			}
		}
	}
	const pairs = await mapLimit(candidates, 4, async ([a, b]) => ({a: a.slug, b: b.slug, conflicts: await predictConflicts(root, a.tip, b.tip)}));

	const baseTips = new Map<string, string | null>();
	for (const record of live) {
		if (!baseTips.has(record.base)) {
			baseTips.set(record.base, await resolveCommit(root, record.base));
		}
	}
	const againstBase = (await mapLimit(live, 4, async (record, index) => {
		const baseTip = baseTips.get(record.base);
		const {tip} = sessions[index]!;
		if (!baseTip || (await isAncestor(root, baseTip, tip))) {
			return null;
		}
		return {slug: record.slug, base: record.base, conflicts: await predictConflicts(root, baseTip, tip)};
	})).filter(prediction => prediction !== null);

	return {sessions, files, pairs, againstBase, scope: scopeBreaches(sessions)};
}

async function describeForOverlap(root: string, record: SessionRecord): Promise<OverlapSession> {
	// Snapshotting also answers "is it dirty": staging everything costs the same file walk a status would.
	const {commit: tip, includesUncommitted} = await snapshotWorktree(record.worktree);
	const changedFiles = await committedPaths(root, record.base, tip);
	return {slug: record.slug, branch: record.branch, tip, includesUncommitted, changedFiles};
}

/** Same path, or one side's file sits where the other has a directory: the only ways two changes can collide. */
export function touchCommonPath(a: readonly string[], b: readonly string[]): boolean {
	const withParents = (paths: readonly string[]): Set<string> => {
		const set = new Set<string>();
		for (const file of paths) {
			const parts = file.split('/');
			for (let length = 1; length <= parts.length; length++) {
				set.add(parts.slice(0, length).join('/'));
			}
		}
		return set;
	};
	const aAll = withParents(a);
	const bAll = withParents(b);
	return a.some(file => bAll.has(file)) || b.some(file => aAll.has(file));
}

/** Files git merge-tree reports as conflicting when merging the two commits; [] when the merge is clean. */
export async function predictConflicts(root: string, left: string, right: string): Promise<string[]> {
	const result = await runGit(['merge-tree', '--write-tree', '-z', '--name-only', '--no-messages', left, right], {cwd: root, okExitCodes: [0, 1]});
	if (result.exitCode === 0) {
		return [];
	}
	const [, ...conflicts] = splitNul(result.stdout);
	return [...new Set(conflicts.filter(Boolean))];
}

async function isAncestor(root: string, ancestor: string, descendant: string): Promise<boolean> {
	return (await runGit(['merge-base', '--is-ancestor', ancestor, descendant], {cwd: root, okExitCodes: [0, 1]})).exitCode === 0;
}
