import {AgentgridError} from '../errors.js';

const existingLock = /Unable to create '(.+?\.lock)': File exists/;

/**
 * A git command exited with an unexpected status; carries its arguments and stderr for diagnosis. A lock file left
 * in place (by a running git, or by one that crashed) gets a message of its own: git's advice to delete it is only
 * safe when nothing else is using that checkout, and agents run git there all the time.
 */
export class GitCommandFailed extends AgentgridError {
	readonly args: readonly string[];
	readonly exitCode: number;
	readonly stderr: string;
	/** The lock file that stopped the command, when that is why it failed. */
	readonly lockFile: string | null;

	constructor(args: readonly string[], exitCode: number, stderr: string) {
		const command = `git ${args.slice(0, 3).join(' ')}`;
		const lockFile = existingLock.exec(stderr)?.[1] ?? null;
		if (lockFile) {
			super(
				'GIT_LOCKED',
				`${command} failed: the lock file ${lockFile} exists, so another git process is working there or one crashed and left it behind.`,
				`Wait and try again. Remove ${lockFile} only when no git process is running in that worktree (an agent's included); removing it while one runs can corrupt its index.`,
			);
		} else {
			const detail = stderr.trim().split('\n').slice(0, 6).join('\n');
			super('GIT_FAILED', `${command} failed (exit ${exitCode})${detail ? `: ${detail}` : ''}`);
		}
		this.args = args;
		this.exitCode = exitCode;
		this.stderr = stderr;
		this.lockFile = lockFile;
	}
}

export class GitNotFound extends AgentgridError {
	constructor() {
		super('GIT_NOT_FOUND', 'git was not found on this machine.', 'Install git 2.38 or newer and make sure it is on PATH.');
	}
}

export class GitTooOld extends AgentgridError {
	readonly found: string;

	constructor(found: string, needed: string) {
		super('GIT_TOO_OLD', `git ${found} is too old: agentgrid needs git ${needed} or newer.`, `Upgrade git to ${needed} or newer (it predicts conflicts with "git merge-tree --write-tree").`);
		this.found = found;
	}
}

export class NotARepository extends AgentgridError {
	constructor(cwd: string) {
		super('NOT_A_REPOSITORY', `${cwd} is not inside a git repository.`, 'Run agentgrid from inside a git repository (or create one with "git init" and make a first commit).');
	}
}

export class BareRepository extends AgentgridError {
	constructor(path: string) {
		super('BARE_REPOSITORY', `${path} is a bare repository: it has no working tree to start sessions from.`, 'Clone it into a normal checkout ("git clone <path> <dir>") and run agentgrid there.');
	}
}

export class NoCommits extends AgentgridError {
	constructor(root: string) {
		super('NO_COMMITS', `The repository at ${root} has no commits yet, so there is nothing to branch sessions from.`, 'Make a first commit (for example "git add -A && git commit -m \'Initial commit\'") and start agentgrid again.');
	}
}

export class NoBaseBranch extends AgentgridError {
	constructor(root: string) {
		super('NO_BASE_BRANCH', `Could not find a base branch in ${root}: HEAD is detached and there is no origin/HEAD, main or master branch.`, 'Check out a branch in the main worktree, or name the base explicitly.');
	}
}

export class InvalidSlug extends AgentgridError {
	readonly input: string;

	constructor(input: string, reason: string) {
		super('INVALID_SLUG', `Invalid session name ${JSON.stringify(input.length > 60 ? `${input.slice(0, 60)}…` : input)}: ${reason}.`, 'Use lowercase letters, digits, ".", "_" and "-" (not first), at most 64 characters.');
		this.input = input;
	}
}

export class InvalidRef extends AgentgridError {
	constructor(ref: string, reason: string) {
		super('INVALID_REF', `Invalid git reference ${JSON.stringify(ref)}: ${reason}.`);
	}
}

export type NameClashKind = 'branch' | 'worktree-directory' | 'session';

export class NameClash extends AgentgridError {
	readonly kind: NameClashKind;
	/** The branch or directory that is already taken. */
	readonly taken: string;

	constructor(kind: NameClashKind, name: string, message: string) {
		super('NAME_CLASH', message, kind === 'branch'
			? 'Pick another session name, or resume that branch explicitly.'
			: 'Pick another session name.');
		this.kind = kind;
		this.taken = name;
	}
}

export class SessionNotFound extends AgentgridError {
	constructor(slug: string) {
		super('SESSION_NOT_FOUND', `There is no session named "${slug}".`);
	}
}

export class BaseNotFound extends AgentgridError {
	constructor(base: string) {
		super('BASE_NOT_FOUND', `The base "${base}" does not name a commit in this repository.`, 'Pick an existing branch as the base.');
	}
}

/** The remembered base of an existing session stopped resolving (deleted or renamed outside agentgrid). */
export class BaseBranchGone extends AgentgridError {
	readonly base: string;

	constructor(base: string) {
		super('BASE_BRANCH_GONE', `The base branch "${base}" no longer exists; nothing was committed or merged.`, `Recreate it ("git branch ${base} <commit>") and try again; the session's branch and worktree are untouched.`);
		this.base = base;
	}
}

/**
 * A session's own branch was deleted outside agentgrid while its worktree still has it checked out. Committing
 * there would start a new history (a root commit), so nothing is done until the branch is back.
 */
export class SessionBranchGone extends AgentgridError {
	readonly branch: string;

	constructor(slug: string, branch: string, worktree: string) {
		super('SESSION_BRANCH_GONE', `The branch "${branch}" of session "${slug}" no longer exists; nothing was committed or merged.`, `Recreate it at its last commit ("git reflog" in ${worktree} shows it) with "git update-ref refs/heads/${branch} <commit>", then try again.`);
		this.branch = branch;
	}
}

export class UnrelatedHistory extends AgentgridError {
	constructor(branch: string, base: string) {
		super('UNRELATED_HISTORY', `"${branch}" has no commit in common with its base "${base}", so it cannot be rebased onto it; nothing changed.`, `Its history was probably restarted after the branch was deleted by hand; cherry-pick its commits onto "${base}" in the worktree instead.`);
	}
}

export class BaseNotLocal extends AgentgridError {
	constructor(base: string) {
		super('BASE_NOT_LOCAL', `The base "${base}" is not a local branch, so it cannot be updated.`, 'Create a local branch for it (git branch <name> <base>) or push the session and open a pull request.');
	}
}

export class WorktreeMissing extends AgentgridError {
	constructor(slug: string, path: string, movedTo?: string) {
		if (movedTo) {
			super('WORKTREE_MISSING', `The worktree of session "${slug}" was moved to ${movedTo}; git still expects it at ${path}.`, `Reconnect it with: git worktree repair "${movedTo}"`);
		} else {
			super(
				'WORKTREE_MISSING',
				`The worktree directory of session "${slug}" (${path}) no longer exists.`,
				'If you moved it, reconnect it with "git worktree repair <new location>"; otherwise remove the session (its branch is kept unless you choose to delete it).',
			);
		}
	}
}

export class SessionDirty extends AgentgridError {
	readonly files: string[];

	constructor(slug: string, action: string, files: string[]) {
		super('SESSION_DIRTY', `Session "${slug}" has uncommitted changes (${summarizeFiles(files)}), so it cannot ${action}.`, 'Commit the changes first (or discard them).');
		this.files = files;
	}
}

export class OperationInProgress extends AgentgridError {
	constructor(where: string, operation: string) {
		super('OPERATION_IN_PROGRESS', `A ${operation} is in progress in ${where}.`, `Finish or abort the ${operation} there first.`);
	}
}

export class NothingInProgress extends AgentgridError {
	constructor(slug: string) {
		super('NOTHING_IN_PROGRESS', `Nothing is in progress in session "${slug}": no rebase, merge or cherry-pick to abort or continue.`);
	}
}

export class DirtyBase extends AgentgridError {
	readonly base: string;
	readonly worktree: string;
	readonly files: string[];

	constructor(base: string, worktree: string, files: string[], why = 'has uncommitted changes', hint = 'Commit or stash the changes in that checkout, then try again.') {
		super('DIRTY_BASE', `The base branch "${base}" is checked out in ${worktree}, which ${why} (${summarizeFiles(files)}). Nothing was changed.`, hint);
		this.base = base;
		this.worktree = worktree;
		this.files = files;
	}
}

export class NotFastForward extends AgentgridError {
	constructor(base: string, branch: string) {
		super('NOT_FAST_FORWARD', `"${base}" has commits that "${branch}" does not contain, so it cannot be fast-forwarded.`, 'Rebase the session onto its base first.');
	}
}

export class BranchMoved extends AgentgridError {
	constructor(branch: string, expected: string, actual: string) {
		super('BRANCH_MOVED', `"${branch}" moved from ${expected.slice(0, 10)} to ${actual.slice(0, 10)} since it was checked; nothing was merged.`, 'Run the checks again on the new commit.');
	}
}

export interface UpstreamCommit {
	sha: string;
	subject: string;
	files: string[];
}

export class RebaseConflict extends AgentgridError {
	readonly slug: string;
	readonly base: string;
	readonly files: string[];
	readonly upstreamCommits: UpstreamCommit[];

	constructor(slug: string, base: string, files: string[], upstreamCommits: UpstreamCommit[]) {
		super('REBASE_CONFLICT', `Rebasing session "${slug}" onto "${base}" conflicts in ${summarizeFiles(files)}. The rebase was aborted; nothing changed.`, 'Resolve it in the session (for example ask its agent to rebase), then try again.');
		this.slug = slug;
		this.base = base;
		this.files = files;
		this.upstreamCommits = upstreamCommits;
	}
}

export class MergeConflict extends AgentgridError {
	readonly files: string[];

	constructor(branch: string, base: string, files: string[]) {
		super('MERGE_CONFLICT', `Merging "${branch}" into "${base}" conflicts in ${summarizeFiles(files)}. The merge was aborted; nothing changed.`, 'Rebase the session onto its base and resolve the conflicts there.');
		this.files = files;
	}
}

export interface UnmergedCommit {
	sha: string;
	subject: string;
}

export class HasUnsavedWork extends AgentgridError {
	readonly slug: string;
	readonly uncommittedFiles: string[];
	readonly unmergedCommits: UnmergedCommit[];

	constructor(slug: string, uncommittedFiles: string[], unmergedCommits: UnmergedCommit[]) {
		const parts = [];
		if (uncommittedFiles.length > 0) {
			parts.push(`uncommitted changes in ${summarizeFiles(uncommittedFiles)}`);
		}
		if (unmergedCommits.length > 0) {
			parts.push(`${unmergedCommits.length} commit${unmergedCommits.length === 1 ? '' : 's'} not merged into its base`);
		}
		super('HAS_UNSAVED_WORK', `Session "${slug}" has ${parts.join(' and ')}; removing it would lose them.`, 'Choose salvage (commit and keep the branch) or discard explicitly.');
		this.slug = slug;
		this.uncommittedFiles = uncommittedFiles;
		this.unmergedCommits = unmergedCommits;
	}
}

export interface SubmoduleWorkSummary {
	path: string;
	uncommittedFiles: number;
	unpushedCommits: number;
}

/** Work inside a session's submodules, which live in the worktree's own git directory and go with it. */
export class SubmoduleWorkUnsaved extends AgentgridError {
	readonly slug: string;
	readonly submodules: SubmoduleWorkSummary[];

	constructor(slug: string, action: string, worktree: string, submodules: SubmoduleWorkSummary[]) {
		const described = submodules.map(work => {
			const parts = [];
			if (work.uncommittedFiles > 0) {
				parts.push(`uncommitted changes in ${work.uncommittedFiles} file${work.uncommittedFiles === 1 ? '' : 's'}`);
			}
			if (work.unpushedCommits > 0) {
				parts.push(`${work.unpushedCommits} commit${work.unpushedCommits === 1 ? '' : 's'} on none of its remote branches`);
			}
			return `${work.path} (${parts.join(' and ')})`;
		});
		super(
			'SUBMODULE_WORK_UNSAVED',
			`Session "${slug}" cannot ${action}: its submodule${submodules.length === 1 ? '' : 's'} ${described.join(', ')} hold${submodules.length === 1 ? 's' : ''} work that exists only inside the worktree and would be lost with it. Nothing was changed.`,
			`Commit that work in the submodule and push it to the submodule's remote (in ${worktree}), then remove the session again; or choose discard to throw it away.`,
		);
		this.slug = slug;
		this.submodules = submodules;
	}
}

/** A salvage commit could not take everything; the worktree is kept so nothing is lost. */
export class SalvageIncomplete extends AgentgridError {
	readonly files: string[];

	constructor(slug: string, commit: string | null, files: string[]) {
		super(
			'SALVAGE_INCOMPLETE',
			`Salvaging session "${slug}" ${commit ? `committed ${commit.slice(0, 10)} but` : 'committed nothing:'} could not commit ${summarizeFiles(files)}, so its worktree and branch were kept.`,
			'Commit or remove those changes in the worktree yourself, then remove the session again.',
		);
		this.files = files;
	}
}

export class NoRemote extends AgentgridError {
	constructor(message: string) {
		super('NO_REMOTE', message, 'Add one with "git remote add origin <url>".');
	}
}

export class PushFailed extends AgentgridError {
	constructor(branch: string, remote: string, stderr: string) {
		super('PUSH_FAILED', `Pushing "${branch}" to "${remote}" failed: ${stderr.trim().split('\n').slice(0, 4).join('\n')}`);
	}
}

function summarizeFiles(files: string[]): string {
	if (files.length === 0) {
		return 'no files listed';
	}
	const shown = files.slice(0, 3).join(', ');
	return files.length > 3 ? `${shown} and ${files.length - 3} more` : shown;
}
