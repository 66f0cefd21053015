import {access, mkdir, readdir} from 'node:fs/promises';
import path from 'node:path';
import {type GitContext, branchForSlug, worktreePathForSlug} from './context.js';
import {BaseNotFound, GitCommandFailed, InvalidRef, InvalidSlug, NameClash} from './errors.js';
import {git, runGit} from './run-git.js';
import {baseOfBranch, branchExists, rememberBase, resolveCommit} from './session-records.js';
import {normalizeSlug} from './slug.js';
import {readStatus, statusPaths} from './status.js';
import {listWorktrees} from './worktree-list.js';

export interface CreateSessionInput {
	slug: string;
	/** Branch (or any commit) to start from; default the repository's default base. */
	base?: string;
	/** Check out an existing session branch instead of reporting a clash. */
	resumeExisting?: boolean;
}

export interface CreatedSession {
	slug: string;
	branch: string;
	worktree: string;
	base: string;
	baseCommit: string;
	/** true when an existing branch was checked out again rather than created. */
	resumed: boolean;
	/** Uncommitted paths in the main checkout: they are not part of the new worktree. */
	mainCheckoutChanges: string[];
	/** Non-fatal problems, e.g. a submodule that could not be initialised. */
	warnings: string[];
}

/** Rejects revisions that git could read as options or that are not printable. */
export function assertSafeRevision(revision: string): void {
	if (revision.length === 0 || revision.startsWith('-') || /[\s\p{Cc}]/u.test(revision)) {
		throw new InvalidRef(revision, 'it is empty, starts with "-" or contains spaces or control characters');
	}
}

export async function createSession(context: GitContext, input: CreateSessionInput): Promise<CreatedSession> {
	const {root} = context.repo;
	const slug = normalizeSlug(input.slug);
	const branch = branchForSlug(context, slug);
	const worktree = worktreePathForSlug(context, slug);
	const requestedBase = input.base ?? context.repo.defaultBase;
	assertSafeRevision(requestedBase);

	const [refFormat, exists, requestedBaseCommit, mainStatus, worktrees] = await Promise.all([
		runGit(['check-ref-format', `refs/heads/${branch}`], {cwd: root, okExitCodes: [0, 1]}),
		branchExists(root, branch),
		resolveCommit(root, requestedBase),
		readStatus(root, 'normal'),
		listWorktrees(root),
	]);
	if (refFormat.exitCode !== 0) {
		throw new InvalidSlug(slug, `"${branch}" is not a valid branch name (check the branch prefix)`);
	}
	const holder = worktrees.find(entry => entry.branch === branch);
	if (exists && !input.resumeExisting) {
		throw new NameClash('branch', branch, holder
			? `Session "${slug}" already exists (branch ${branch} is checked out at ${holder.path}).`
			: `A branch named "${branch}" already exists.`);
	}
	if (holder && !holder.prunable) {
		throw new NameClash('session', branch, `Branch "${branch}" is already checked out at ${holder.path}.`);
	}
	if (worktrees.some(entry => entry.path === worktree && !entry.prunable) || (await isNonEmptyDirectory(worktree))) {
		throw new NameClash('worktree-directory', worktree, `The directory ${worktree} already exists and is not empty.`);
	}
	// What is left are registrations whose directories are gone: git refuses to reuse their branch or path
	// until they are dropped. Dropping them one by one leaves other sessions' orphans for the user to see.
	const stale = new Set([holder?.path, ...worktrees.filter(entry => entry.path === worktree).map(entry => entry.path)]);
	for (const stalePath of stale) {
		if (stalePath) {
			await git(root, ['worktree', 'remove', '--force', '--force', stalePath]);
		}
	}

	let base = requestedBase;
	let baseCommit: string;
	await mkdir(path.dirname(worktree), {recursive: true});
	try {
		if (exists) {
			base = input.base ?? (await baseOfBranch(context, branch));
			baseCommit = (await resolveCommit(root, base)) ?? (await resolveCommit(root, `refs/heads/${branch}`))!;
			await git(root, ['worktree', 'add', worktree, branch]);
		} else {
			if (!requestedBaseCommit) {
				throw new BaseNotFound(requestedBase);
			}
			baseCommit = requestedBaseCommit;
			// Starting from the commit id rather than the base name keeps git from making the base the upstream.
			await git(root, ['worktree', 'add', '-b', branch, worktree, baseCommit]);
			await rememberBase(context, branch, base, baseCommit);
		}
	} catch (error) {
		if (error instanceof GitCommandFailed && /already exists/.test(error.stderr)) {
			throw new NameClash(exists ? 'worktree-directory' : 'branch', branch, `Session "${slug}" was created by someone else at the same moment: ${error.stderr.trim()}`);
		}
		throw error;
	}

	const warnings = context.initSubmodules ? await initSubmodules(worktree) : [];
	return {slug, branch, worktree, base, baseCommit, resumed: exists, mainCheckoutChanges: statusPaths(mainStatus), warnings};
}

async function isNonEmptyDirectory(directory: string): Promise<boolean> {
	try {
		return (await readdir(directory)).length > 0;
	} catch {
		return false;
	}
}

/** A fresh worktree has empty submodule directories; fill them so the agent sees a complete tree. */
async function initSubmodules(worktree: string): Promise<string[]> {
	try {
		await access(path.join(worktree, '.gitmodules'));
	} catch {
		return [];
	}
	try {
		await git(worktree, ['submodule', 'update', '--init', '--recursive']);
		return [];
	} catch (error) {
		const detail = error instanceof GitCommandFailed ? error.stderr.trim().split('\n').slice(-2).join(' ') : String(error);
		return [`Submodules could not be initialised in ${worktree}: ${detail}`];
	}
}
