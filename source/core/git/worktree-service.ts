import {type GitContext, type WorktreeOptions, branchForSlug, makeContext, worktreePathForSlug} from './context.js';
import {type CommitOptions, commitSession} from './commit.js';
import {type CreateSessionInput, type CreatedSession, createSession} from './create.js';
import {type DiffSummary, diffSession, diffSessionFile} from './diff.js';
import {type ContinueResult, abortInProgress, continueRebase} from './in-progress.js';
import {type IntegrateOptions, type IntegrateResult, integrateSession} from './integrate.js';
import {type ForeignWorktree, type SessionInfo, describeOneSession, listForeignWorktrees, listSessions, listSessionsUncounted} from './list.js';
import {type OverlapReport, computeOverlap} from './overlap.js';
import {type PruneResult, pruneSessions} from './prune.js';
import {type PushOptions, type PushResult, pushSession} from './push.js';
import {type RebaseResult, rebaseSession} from './rebase.js';
import {type RemoveChoice, type RemoveOptions, type RemoveResult, removeSession} from './remove.js';
import type {Repository} from './repository.js';
import type {SessionRecord} from './session-records.js';
import {normalizeSlug} from './slug.js';
import type {InProgress} from './worktree-admin.js';

export type {WorktreeOptions} from './context.js';
export type {CreateSessionInput, CreatedSession} from './create.js';
export type {ChangeOrigin, DiffFile, DiffSummary} from './diff.js';
export type {FileChangeStatus} from './diff-parse.js';
export type {ContinueResult} from './in-progress.js';
export type {IntegrateOptions, IntegrateResult} from './integrate.js';
export type {ForeignWorktree, SessionInfo} from './list.js';
export type {BasePrediction, OverlapReport, OverlapSession, PairPrediction, SharedFile} from './overlap.js';
export type {KeptWorktree, LeftoverBranch, PruneResult} from './prune.js';
export type {PullRequestOutcome, PushOptions, PushResult} from './push.js';
export type {RebaseResult} from './rebase.js';
export type {RemoveChoice, RemoveOptions, RemoveResult} from './remove.js';
export type {InProgress} from './worktree-admin.js';

/**
 * Every git operation on agentgrid sessions of one repository. A session is a worktree on a branch named
 * `<branchPrefix><slug>`; its base is remembered in git config, so a fresh process knows it.
 */
export class WorktreeService {
	readonly repo: Repository;
	private readonly context: GitContext;

	constructor(repo: Repository, options: WorktreeOptions = {}) {
		this.repo = repo;
		this.context = makeContext(repo, options);
	}

	/** The branch a session with this name has (validating the name). */
	branchFor(slug: string): string {
		return branchForSlug(this.context, normalizeSlug(slug));
	}

	/** Where a session with this name gets its worktree (validating the name). */
	worktreePathFor(slug: string): string {
		return worktreePathForSlug(this.context, normalizeSlug(slug));
	}

	async createSession(input: CreateSessionInput): Promise<CreatedSession> {
		return createSession(this.context, input);
	}

	async listSessions(): Promise<SessionInfo[]> {
		return listSessions(this.context);
	}

	/** The sessions without their change counts, merged flags and ahead/behind: much quicker in a large repository. */
	async listSessionsUncounted(): Promise<SessionRecord[]> {
		return listSessionsUncounted(this.context);
	}

	async describeSession(slug: string): Promise<SessionInfo | undefined> {
		return describeOneSession(this.context, slug);
	}

	async listForeignWorktrees(): Promise<ForeignWorktree[]> {
		return listForeignWorktrees(this.context);
	}

	async diff(slug: string): Promise<DiffSummary> {
		return diffSession(this.context, slug);
	}

	/** Unified diff of one file; pass oldPath for a rename so both sides are shown. */
	async diffFile(slug: string, path: string, oldPath?: string): Promise<string> {
		return diffSessionFile(this.context, slug, path, oldPath);
	}

	async commitAll(slug: string, message: string, options?: CommitOptions): Promise<string | null> {
		return commitSession(this.context, slug, message, options);
	}

	async rebaseOntoBase(slug: string): Promise<RebaseResult> {
		return rebaseSession(this.context, slug);
	}

	/** Aborts the rebase, merge or cherry-pick stopped in a session's worktree; resolves with which it was. */
	async abortInProgress(slug: string): Promise<InProgress> {
		return abortInProgress(this.context, slug);
	}

	async continueRebase(slug: string): Promise<ContinueResult> {
		return continueRebase(this.context, slug);
	}

	async integrate(slug: string, options?: IntegrateOptions): Promise<IntegrateResult> {
		return integrateSession(this.context, slug, options);
	}

	async push(slug: string, options?: PushOptions): Promise<PushResult> {
		return pushSession(this.context, slug, options);
	}

	async removeSession(slug: string, choice: RemoveChoice = 'refuse', options?: RemoveOptions): Promise<RemoveResult> {
		return removeSession(this.context, slug, choice, options);
	}

	async prune(): Promise<PruneResult> {
		return pruneSessions(this.context);
	}

	/**
	 * The overlap radar's pass; aborting `signal` stops it, killing its git processes (rejects with GitAborted). A
	 * pass in the `background` (the default) yields the CPU; one a user waits for does not.
	 */
	async overlap(signal?: AbortSignal, options: {background?: boolean} = {}): Promise<OverlapReport> {
		return computeOverlap(this.context, signal, options);
	}
}
