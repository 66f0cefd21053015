import os from 'node:os';
import path from 'node:path';
import type {Repository} from './repository.js';

export interface WorktreeOptions {
	/** Prefix of every session branch. Default 'agentgrid/'. */
	branchPrefix?: string;
	/**
	 * Where session worktrees go: a template with {repo} (main worktree root), {repoName} and {slug}; relative
	 * templates are relative to the repository root. Default: a sibling directory '<repo>.worktrees/<slug>'.
	 */
	worktreeDir?: string;
	/** How integrate() brings a session into its base. Default 'fast-forward'. */
	mergeMode?: 'fast-forward' | 'merge-commit';
	/** Initialise submodules in new worktrees (failures become warnings). Default true. */
	initSubmodules?: boolean;
	/** Command used to open pull requests. Default 'gh'. */
	pullRequestCommand?: string;
}

export const defaultBranchPrefix = 'agentgrid/';
export const defaultWorktreeDir = '{repo}/../{repoName}.worktrees/{slug}';

/** What every operation needs: the repository and the options with defaults filled in. */
export interface GitContext {
	repo: Repository;
	branchPrefix: string;
	worktreeDir: string;
	mergeMode: 'fast-forward' | 'merge-commit';
	initSubmodules: boolean;
	pullRequestCommand: string;
}

export function makeContext(repo: Repository, options: WorktreeOptions = {}): GitContext {
	return {
		repo,
		branchPrefix: options.branchPrefix ?? defaultBranchPrefix,
		worktreeDir: options.worktreeDir ?? defaultWorktreeDir,
		mergeMode: options.mergeMode ?? 'fast-forward',
		initSubmodules: options.initSubmodules ?? true,
		pullRequestCommand: options.pullRequestCommand ?? 'gh',
	};
}

export function branchForSlug(context: GitContext, slug: string): string {
	return `${context.branchPrefix}${slug}`;
}

export function slugForBranch(context: GitContext, branch: string | null): string | undefined {
	if (!branch?.startsWith(context.branchPrefix)) {
		return undefined;
	}
	const slug = branch.slice(context.branchPrefix.length);
	return slug.length > 0 && !slug.includes('/') ? slug : undefined;
}

export function worktreePathForSlug(context: GitContext, slug: string): string {
	const {root} = context.repo;
	let template = context.worktreeDir;
	if (template === '~' || template.startsWith('~/')) {
		template = path.join(os.homedir(), template.slice(1));
	}
	if (!template.includes('{slug}')) {
		template = path.join(template, '{slug}');
	}
	const filled = template
		.replaceAll('{repoName}', path.basename(root))
		.replaceAll('{repo}', root)
		.replaceAll('{slug}', slug);
	return path.resolve(root, filled);
}
