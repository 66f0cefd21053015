import type {GitContext} from './context.js';
import {mapLimit} from './concurrency.js';
import {runGit, splitNul} from './run-git.js';
import {type SessionRecord, takeInventory} from './session-records.js';
import {readStatus} from './status.js';
import type {InProgress} from './worktree-admin.js';
import {isDirectory} from './worktree-list.js';

export interface SessionInfo {
	slug: string;
	branch: string;
	worktree: string;
	head: string | null;
	base: string;
	/** false when the base no longer resolves; ahead/behind are then 0. */
	baseExists: boolean;
	/** Commits on the branch that the base does not have. */
	ahead: number;
	/** Commits on the base that the branch does not have. */
	behind: number;
	/** Uncommitted changes, untracked files included. */
	dirty: boolean;
	/** Distinct paths changed since the merge-base with the base, committed or not. */
	changedFiles: number;
	/** false when the worktree directory is gone (an orphan). */
	exists: boolean;
	locked: boolean;
	/** The branch did work and all of it is contained in the base. */
	merged: boolean;
	/** A rebase, merge or cherry-pick stopped half-way in the worktree; abort or continue it before anything else. */
	inProgress?: InProgress;
	/** Where a missing worktree directory was found after a move by hand; `git worktree repair <movedTo>` reconnects it. */
	movedTo?: string;
}

export interface ForeignWorktree {
	path: string;
	branch: string | null;
	head: string | null;
	detached: boolean;
	locked: boolean;
	exists: boolean;
}

export async function listSessions(context: GitContext): Promise<SessionInfo[]> {
	const {sessions} = await takeInventory(context);
	// Each description already runs its git commands in parallel; bounding sessions keeps a 2-core machine responsive.
	return mapLimit(sessions, 4, async record => describeSession(context, record));
}

/**
 * The sessions from the inventory alone: no status or diff per worktree, so no counts. In a large repository those
 * are most of a listing's time (8 worktrees of 20 000 files: ~15 ms against ~550 ms), so a start draws from this first.
 */
export async function listSessionsUncounted(context: GitContext): Promise<SessionRecord[]> {
	return (await takeInventory(context)).sessions;
}

/** One session as listSessions describes it, without describing the others; undefined when it is not a session. */
export async function describeOneSession(context: GitContext, slug: string): Promise<SessionInfo | undefined> {
	const record = (await takeInventory(context)).sessions.find(candidate => candidate.slug === slug);
	return record ? describeSession(context, record) : undefined;
}

export async function listForeignWorktrees(context: GitContext): Promise<ForeignWorktree[]> {
	const {foreign} = await takeInventory(context);
	return foreign.map(({path, branch, head, detached, locked, exists}) => ({path, branch, head, detached, locked, exists}));
}

export interface AheadBehind {
	ahead: number;
	behind: number;
	baseExists: boolean;
}

export async function aheadBehind(root: string, base: string, branch: string): Promise<AheadBehind> {
	const result = await runGit(['rev-list', '--left-right', '--count', `${base}...refs/heads/${branch}`, '--'], {cwd: root, okExitCodes: [0, 128]});
	if (result.exitCode !== 0) {
		return {ahead: 0, behind: 0, baseExists: false};
	}
	const [behind = '0', ahead = '0'] = result.stdout.trim().split(/\s+/);
	return {ahead: Number(ahead), behind: Number(behind), baseExists: true};
}

/** Paths changed by the branch's commits since it forked from the base. */
export async function committedPaths(root: string, base: string, tip: string): Promise<string[]> {
	const result = await runGit(['diff', '--name-only', '--no-renames', '-z', `${base}...${tip}`, '--'], {cwd: root, okExitCodes: [0, 128]});
	return result.exitCode === 0 ? splitNul(result.stdout) : [];
}

async function describeSession(context: GitContext, record: SessionRecord): Promise<SessionInfo> {
	const {root} = context.repo;
	let {exists} = record;
	const [{counts, committed}, status] = await Promise.all([
		// Runs beside the (slower) status; a branch without commits of its own needs no diff.
		aheadBehind(root, record.base, record.branch).then(async counts => ({
			counts,
			committed: counts.ahead > 0 ? await committedPaths(root, record.base, `refs/heads/${record.branch}`) : [],
		})),
		// A worktree deleted while the list is being made is reported as an orphan rather than failing the list.
		record.exists ? readStatus(record.worktree, 'normal').catch(async (error: unknown) => {
			if (await isDirectory(record.worktree)) {
				throw error;
			}
			exists = false;
			return [];
		}) : Promise.resolve([]),
	]);
	const changed = new Set(committed);
	for (const entry of status) {
		changed.add(entry.path);
	}
	const didWork = record.startCommit === null || record.head !== record.startCommit;
	return {
		slug: record.slug,
		branch: record.branch,
		worktree: record.worktree,
		head: record.head,
		base: record.base,
		baseExists: counts.baseExists,
		ahead: counts.ahead,
		behind: counts.behind,
		dirty: status.length > 0,
		changedFiles: changed.size,
		exists,
		locked: record.locked,
		merged: counts.baseExists && counts.ahead === 0 && didWork,
		...(record.inProgress ? {inProgress: record.inProgress} : {}),
		...(record.movedTo ? {movedTo: record.movedTo} : {}),
	};
}
