/**
 * The cleanup table's data: every agentgrid worktree (with its directory or orphaned) and every session branch left
 * without a worktree, with what decides whether removing it is safe: running agent, merged, dirty, ahead, age.
 */
import {stat} from 'node:fs/promises';
import {makeContext, slugForBranch} from '../../../core/git/context.js';
import {mapLimit} from '../../../core/git/concurrency.js';
import {aheadBehind} from '../../../core/git/list.js';
import {git} from '../../../core/git/run-git.js';
import {readBaseMemory} from '../../../core/git/session-records.js';
import {listWorktrees} from '../../../core/git/worktree-list.js';
import type {InProgress, SessionInfo, WorktreeService} from '../../../core/git/worktree-service.js';
import type {WorkspaceEntry} from '../../../core/workspace/types.js';

/** 'worktree': directory present; 'orphan': git still lists the worktree but its directory is gone; 'branch': no worktree. */
export type CleanupKind = 'worktree' | 'orphan' | 'branch';

export interface CleanupRow {
	slug: string;
	branch: string;
	kind: CleanupKind;
	/** Absent for a branch without a worktree. */
	worktree?: string;
	base: string;
	baseExists: boolean;
	/** Its agent runs in this app right now (stopping it comes first). */
	running: boolean;
	merged: boolean;
	dirty: boolean;
	ahead: number;
	behind: number;
	changedFiles: number;
	/** Newest of the branch's last commit and the worktree directory's mtime (epoch ms). */
	lastActivity?: number;
	/** A rebase, merge or cherry-pick stopped half-way in the worktree. */
	inProgress?: InProgress;
	/** An orphan's directory found elsewhere: it was moved by hand. */
	movedTo?: string;
}

export interface CleanupSources {
	worktrees: WorktreeService;
	workspace: {entries(): readonly WorkspaceEntry[]};
}

const liveStatuses = new Set(['starting', 'busy', 'waiting', 'idle']);

export function isRunning(entry: WorkspaceEntry | undefined): boolean {
	return entry !== undefined && liveStatuses.has(entry.status);
}

export async function loadCleanupRows({worktrees, workspace}: CleanupSources): Promise<CleanupRow[]> {
	const root = worktrees.repo.root;
	const [sessions, commitTimes, leftovers] = await Promise.all([worktrees.listSessions(), branchCommitTimes(root), leftoverBranches(worktrees)]);
	const entries = new Map(workspace.entries().map(entry => [entry.slug, entry]));
	const rows = await mapLimit(sessions, 8, async (info): Promise<CleanupRow> => {
		const mtime = info.exists ? await stat(info.worktree).then(s => s.mtimeMs, () => undefined) : undefined;
		return {
			...fromInfo(info),
			running: isRunning(entries.get(info.slug)),
			lastActivity: newest(commitTimes.get(info.branch), mtime),
		};
	});
	// A branch being rebased is checked out nowhere (the rebase detached HEAD), yet it is that session's.
	const sessionBranches = new Set(sessions.map(info => info.branch));
	for (const leftover of leftovers.filter(row => !sessionBranches.has(row.branch))) {
		rows.push({...leftover, lastActivity: commitTimes.get(leftover.branch)});
	}
	return rows.sort((a, b) => a.slug.localeCompare(b.slug));
}

function fromInfo(info: SessionInfo): Omit<CleanupRow, 'running' | 'lastActivity'> {
	return {
		slug: info.slug,
		branch: info.branch,
		kind: info.exists ? 'worktree' : 'orphan',
		worktree: info.worktree,
		base: info.base,
		baseExists: info.baseExists,
		merged: info.merged,
		dirty: info.dirty,
		ahead: info.ahead,
		behind: info.behind,
		changedFiles: info.changedFiles,
		...(info.inProgress ? {inProgress: info.inProgress} : {}),
		...(info.movedTo ? {movedTo: info.movedTo} : {}),
	};
}

function newest(...times: Array<number | undefined>): number | undefined {
	const known = times.filter((time): time is number => time !== undefined);
	return known.length > 0 ? Math.max(...known) : undefined;
}

async function branchCommitTimes(root: string): Promise<Map<string, number>> {
	const output = await git(root, ['for-each-ref', '--format=%(refname:strip=2)%00%(committerdate:unix)', 'refs/heads']);
	const times = new Map<string, number>();
	for (const line of output.split('\n').filter(Boolean)) {
		const [branch = '', seconds = ''] = line.split('\0');
		times.set(branch, Number(seconds) * 1000);
	}
	return times;
}

/** The prefix the service gives session branches (its settings are private; the branch it would name tells it). */
function branchPrefixOf(worktrees: WorktreeService): string {
	return worktrees.branchFor('x').slice(0, -1);
}

/** Session branches no worktree has checked out, e.g. kept by a salvage or by "remove worktree, keep branch". */
async function leftoverBranches(worktrees: WorktreeService): Promise<Array<Omit<CleanupRow, 'lastActivity'>>> {
	const context = makeContext(worktrees.repo, {branchPrefix: branchPrefixOf(worktrees)});
	const root = worktrees.repo.root;
	const [listed, refs, memory] = await Promise.all([
		listWorktrees(root),
		git(root, ['for-each-ref', '--format=%(refname:strip=2)', 'refs/heads']),
		readBaseMemory(context),
	]);
	const checkedOut = new Set(listed.map(entry => entry.branch));
	const branches = refs.split('\n').filter(branch => branch && !checkedOut.has(branch) && slugForBranch(context, branch) !== undefined);
	return mapLimit(branches, 4, async branch => {
		const base = memory.get(branch)?.base ?? worktrees.repo.defaultBase;
		const counts = await aheadBehind(root, base, branch);
		const changed = counts.baseExists ? await changedFileCount(root, base, branch) : 0;
		return {
			slug: slugForBranch(context, branch)!,
			branch,
			kind: 'branch' as const,
			base,
			baseExists: counts.baseExists,
			running: false,
			merged: counts.baseExists && counts.ahead === 0,
			dirty: false,
			ahead: counts.ahead,
			behind: counts.behind,
			changedFiles: changed,
		};
	});
}

async function changedFileCount(root: string, base: string, branch: string): Promise<number> {
	const output = await git(root, ['diff', '--name-only', '-z', `${base}...refs/heads/${branch}`, '--']);
	return output.split('\0').filter(Boolean).length;
}
