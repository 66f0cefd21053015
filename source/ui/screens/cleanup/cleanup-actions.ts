/**
 * What the cleanup screen does to sessions. Nothing holding work is removed without an explicit answer: work is
 * salvaged (committed on its branch, which is kept) unless the user chose to discard it and confirmed a second time
 * after reading exactly what goes (files and unmerged commits). Running agents are stopped first, after asking.
 */
import {HasUnsavedWork, type UnmergedCommit} from '../../../core/git/errors.js';
import {gitWithLockRetry} from '../../../core/git/run-git.js';
import {unmergedCommitsOf} from '../../../core/git/unsaved-work.js';
import type {KeptWorktree, RemoveChoice, RemoveResult, WorktreeService} from '../../../core/git/worktree-service.js';
import type {SetupEvent} from '../../../core/setup/setup-job.js';
import type {CommandId} from '../../keymap/index.js';
import type {CleanupRow} from './cleanup-rows.js';

/** The answers a cleanup question can offer (their keys come from the keymap); cancelling is always one more. */
export type CleanupChoice = 'choice.yes' | 'choice.salvage' | 'choice.discard';

export interface Question {
	title: string;
	lines: string[];
	choices: Array<{command: CleanupChoice; label: string}>;
	/** Shown in red: the question is about losing work. */
	danger?: boolean;
}

export interface CleanupDeps {
	worktrees: WorktreeService;
	workspace: {
		stop(id: string): Promise<void>;
		load(): Promise<void>;
		/** Removes the session, running the repository's teardown first (see AgentWorkspace.remove). */
		remove(slug: string, choice: RemoveChoice, options: {keepBranch?: boolean}, onEvent: (event: SetupEvent) => void): Promise<RemoveResult>;
	};
	slots: {release(slug: string): Promise<void>};
	/** Resolves with the chosen answer, or undefined when the question was cancelled. */
	ask(question: Question): Promise<CleanupChoice | undefined>;
	/** Progress while a step runs, e.g. "removing fix-login…". */
	progress(text: string): void;
	/** The key bound to a command, for messages that name one. */
	key(command: CommandId): string;
}

/** What happened, in one line for the status message. */
export interface Outcome {
	text: string;
	kind: 'info' | 'error';
}

class Cancelled extends Error {}

const listed = (items: readonly string[], limit = 6): string => (items.length <= limit ? items.join(', ') : `${items.slice(0, limit).join(', ')} and ${items.length - limit} more`);
const plural = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : /(s|sh|ch|x)$/.test(noun) ? 'es' : 's'}`;
const keptNote = (kept: KeptWorktree, removeKey: string): string => {
	const name = kept.slug ?? kept.path;
	if (kept.movedTo) return `kept ${name}: moved to ${kept.movedTo}, reconnect it with git worktree repair "${kept.movedTo}"`;
	// Only sessions are rows here; a worktree made outside agentgrid is forgotten with git itself.
	const forget = kept.slug ? `remove it with ${removeKey}` : `git worktree remove "${kept.path}"`;
	return `kept ${name}: directory gone but ${plural(kept.unmergedCommits, 'commit')} not merged; if you moved it, run git worktree repair <new location>, else ${forget}`;
};
const commitLine = (commit: UnmergedCommit): string => `  commit ${commit.sha.slice(0, 10)} ${commit.subject}`;

export class CleanupActions {
	constructor(private readonly deps: CleanupDeps) {}

	/** `d` (keepBranch false) and `w` (keepBranch true) on the given rows, one after another; a cancel stops the rest. */
	async remove(rows: readonly CleanupRow[], keepBranch: boolean): Promise<Outcome> {
		const done: string[] = [];
		const notes: string[] = [];
		try {
			await this.stopRunning(rows);
			for (const row of rows) {
				this.deps.progress(`removing ${row.slug}…`);
				const note = row.kind === 'branch' ? await this.deleteLeftoverBranch(row, keepBranch) : await this.removeSession(row, keepBranch);
				if (note) notes.push(note);
				done.push(row.slug);
			}
		} catch (error) {
			if (!(error instanceof Cancelled)) {
				await this.deps.workspace.load();
				throw error;
			}
			notes.push(done.length < rows.length ? `cancelled${rows.length > 1 ? `; ${listed(rows.slice(done.length).map(r => r.slug))} untouched` : ''}` : 'cancelled');
		}
		await this.deps.workspace.load();
		return {text: notes.join('; ') || 'nothing to do', kind: 'info'};
	}

	/** `D`: removes every merged session (worktree and branch); one with uncommitted changes is kept and named. */
	async deleteMerged(rows: readonly CleanupRow[]): Promise<Outcome> {
		const merged = rows.filter(row => row.merged);
		if (merged.length === 0) return {text: 'no branch is merged into its base yet', kind: 'info'};
		const answer = await this.deps.ask({
			title: `Delete ${plural(merged.length, 'merged branch')}?`,
			lines: merged.map(row => `  ${row.branch} (into ${row.base})${row.kind === 'branch' ? '' : ', with its worktree'}${row.running ? ', agent running: stopped first' : ''}`),
			choices: [{command: 'choice.yes', label: 'delete them'}],
		});
		if (answer !== 'choice.yes') return {text: 'cancelled', kind: 'info'};
		const deleted: string[] = [];
		const kept: string[] = [];
		for (const row of merged) {
			this.deps.progress(`deleting ${row.branch}…`);
			if (row.running) await this.deps.workspace.stop(row.slug);
			if (row.kind === 'branch') {
				// Checked again at the last moment: a merged branch may have gained a commit since the table was read.
				if ((await unmergedCommitsOf(this.deps.worktrees.repo.root, row.branch, row.base)).length > 0) {
					kept.push(`${row.slug} (new commits)`);
					continue;
				}
				await this.deleteBranch(row.branch);
			} else {
				try {
					await this.removeWithTeardown(row.slug, 'refuse', false);
				} catch (error) {
					if (!(error instanceof HasUnsavedWork)) throw error;
					kept.push(`${row.slug} (${error.uncommittedFiles.length > 0 ? 'uncommitted changes' : 'new commits'})`);
					continue;
				}
			}
			deleted.push(row.slug);
		}
		await this.deps.workspace.load();
		const parts = [`deleted ${plural(deleted.length, 'merged branch')}${deleted.length > 0 ? `: ${listed(deleted)}` : ''}`];
		if (kept.length > 0) parts.push(`kept ${listed(kept)}`);
		return {text: parts.join('; '), kind: 'info'};
	}

	/**
	 * `p`: forgets worktrees whose directory is gone; their branches stay (and show as branches without a worktree).
	 * One moved by hand, or whose branch has unmerged commits, is kept and named with how to reconnect it.
	 */
	async prune(rows: readonly CleanupRow[]): Promise<Outcome> {
		this.deps.progress('pruning…');
		const result = await this.deps.worktrees.prune();
		const pruned = new Set(result.prunedWorktrees);
		const slugs = rows.filter(row => row.kind === 'orphan' && row.worktree !== undefined && pruned.has(row.worktree)).map(row => row.slug);
		for (const slug of slugs) await this.deps.slots.release(slug);
		await this.deps.workspace.load();
		const parts = result.keptWorktrees.map(kept => keptNote(kept, this.deps.key('cleanup.remove')));
		if (result.prunedWorktrees.length > 0) {
			const names = slugs.length > 0 ? listed(slugs) : listed(result.prunedWorktrees);
			parts.unshift(`pruned ${plural(result.prunedWorktrees.length, 'orphaned worktree')} (${names}); branches kept`);
		} else if (parts.length === 0) {
			return {text: 'no orphaned worktree to prune', kind: 'info'};
		}
		return {text: parts.join('; '), kind: 'info'};
	}

	/** `a`: aborts what a killed merge (or an agent) left half-way in the worktree, after saying what that undoes. */
	async abortInProgress(row: CleanupRow): Promise<Outcome> {
		if (!row.inProgress) return {text: `nothing is in progress in ${row.slug}`, kind: 'info'};
		const answer = await this.deps.ask({
			title: `Abort the ${row.inProgress} in ${row.slug}?`,
			lines: [`The worktree goes back to ${row.branch} as it was before the ${row.inProgress}; conflict resolutions made since are lost.`],
			choices: [{command: 'choice.yes', label: `abort the ${row.inProgress}`}],
		});
		if (answer !== 'choice.yes') return {text: 'cancelled', kind: 'info'};
		this.deps.progress(`aborting the ${row.inProgress} in ${row.slug}…`);
		const aborted = await this.deps.worktrees.abortInProgress(row.slug);
		await this.deps.workspace.load();
		return {text: `aborted the ${aborted} in ${row.slug}`, kind: 'info'};
	}

	private async stopRunning(rows: readonly CleanupRow[]): Promise<void> {
		const running = rows.filter(row => row.running);
		if (running.length === 0) return;
		const answer = await this.deps.ask({
			title: `${running.length === 1 ? 'An agent is' : 'Agents are'} still running`,
			lines: [`Stop the agent in ${listed(running.map(row => row.slug))} first?`],
			choices: [{command: 'choice.yes', label: 'stop and continue'}],
		});
		if (answer !== 'choice.yes') throw new Cancelled();
		for (const row of running) {
			this.deps.progress(`stopping ${row.slug}…`);
			await this.deps.workspace.stop(row.slug);
		}
	}

	private async removeSession(row: CleanupRow, keepBranch: boolean): Promise<string> {
		try {
			const result = await this.removeWithTeardown(row.slug, 'refuse', keepBranch);
			return result.branchDeleted ? `removed ${row.slug}` : `removed ${row.slug}'s worktree, kept ${row.branch}`;
		} catch (error) {
			if (!(error instanceof HasUnsavedWork)) throw error;
			const files = error.uncommittedFiles;
			// With the branch kept its commits are not at stake; only uncommitted files are.
			const commits = keepBranch ? [] : error.unmergedCommits;
			const what = [files.length > 0 ? `uncommitted changes in ${plural(files.length, 'file')} (${listed(files, 4)})` : '', commits.length > 0 ? `${plural(commits.length, 'commit')} not merged into ${row.base}` : '']
				.filter(Boolean)
				.join(' and ');
			const choice = await this.deps.ask({
				title: `${row.slug} has work`,
				lines: [`It has ${what}.`],
				choices: [
					{command: 'choice.salvage', label: files.length > 0 ? 'salvage: commit it on the branch and keep the branch' : 'salvage: keep the branch'},
					{command: 'choice.discard', label: 'discard it (asks again)'},
				],
			});
			if (choice === 'choice.salvage') {
				this.deps.progress(`salvaging ${row.slug}…`);
				const result = await this.removeWithTeardown(row.slug, 'salvage', keepBranch);
				const branch = result.branchDeleted ? `deleted ${result.branch}` : `kept ${result.branch}`;
				const commit = result.salvagedCommit ? ` with commit ${result.salvagedCommit.slice(0, 10)}` : ' (nothing to commit)';
				return `salvaged ${row.slug}: ${branch}${commit}`;
			}
			if (choice !== 'choice.discard') throw new Cancelled();
			await this.confirmLoss(row, keepBranch ? `Remove ${row.slug}'s worktree and lose for good:` : `Remove ${row.slug} and lose for good:`, files, commits);
			this.deps.progress(`discarding ${row.slug}…`);
			const result = await this.removeWithTeardown(row.slug, 'discard', keepBranch);
			return `discarded ${row.slug}${result.branchDeleted ? '' : `, kept ${row.branch}`}`;
		}
	}

	/** Every removal goes through the workspace, so teardown runs; its steps show as progress. */
	private async removeWithTeardown(slug: string, choice: RemoveChoice, keepBranch: boolean): Promise<RemoveResult> {
		return this.deps.workspace.remove(slug, choice, {keepBranch}, event => {
			if (event.type === 'step-started') this.deps.progress(`${slug}: ${event.title}…`);
			if (event.type === 'step-skipped') this.deps.progress(`${slug}: ${event.title} skipped: ${event.reason.split('\n')[0]}`);
		});
	}

	private async deleteLeftoverBranch(row: CleanupRow, keepBranch: boolean): Promise<string> {
		if (keepBranch) return `${row.slug} has no worktree (only its branch)`;
		const commits = await unmergedCommitsOf(this.deps.worktrees.repo.root, row.branch, row.base);
		if (commits.length > 0) {
			const choice = await this.deps.ask({
				title: `${row.branch} has work`,
				lines: [`It has ${plural(commits.length, 'commit')} not merged into ${row.base}.`],
				choices: [{command: 'choice.discard', label: 'discard them (asks again)'}],
			});
			if (choice !== 'choice.discard') throw new Cancelled();
			await this.confirmLoss(row, `Delete ${row.branch} and lose for good:`, [], commits);
		}
		await this.deleteBranch(row.branch);
		return `deleted ${row.branch}`;
	}

	private async confirmLoss(row: CleanupRow, title: string, files: readonly string[], commits: readonly UnmergedCommit[]): Promise<void> {
		const answer = await this.deps.ask({
			title,
			lines: [
				...(files.length > 0 ? [`${plural(files.length, 'uncommitted file')}:`, ...files.map(file => `  ${file}`)] : []),
				...(commits.length > 0 ? [`${plural(commits.length, 'commit')} not in ${row.base}:`, ...commits.map(commitLine)] : []),
			],
			choices: [{command: 'choice.yes', label: 'yes, discard all of this'}],
			danger: true,
		});
		if (answer !== 'choice.yes') throw new Cancelled();
	}

	private async deleteBranch(branch: string): Promise<void> {
		await gitWithLockRetry(this.deps.worktrees.repo.root, ['branch', '--delete', '--force', branch]);
	}
}
