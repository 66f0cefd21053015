import {stat} from 'node:fs/promises';
import path from 'node:path';
import {runGit, splitNul} from './run-git.js';
import {readStatus} from './status.js';

export interface SubmoduleWork {
	/** The submodule's path relative to the session worktree. */
	path: string;
	uncommittedFiles: number;
	/** Commits on the submodule's HEAD that none of its remote-tracking branches or tags hold. */
	unpushedCommits: number;
}

/**
 * Work inside the initialised submodules of a worktree (nested ones included) that removing the worktree would lose.
 * A linked worktree keeps its submodules' repositories in its own git directory, which goes with the worktree, so
 * anything there that is not also on a remote exists nowhere else, committed or not.
 */
export async function unsavedSubmoduleWork(worktree: string): Promise<SubmoduleWork[]> {
	const found: SubmoduleWork[] = [];
	for (const relative of await initialisedSubmodules(worktree)) {
		const directory = path.join(worktree, relative);
		const [status, unpushed, nested] = await Promise.all([
			readStatus(directory, 'normal'),
			runGit(['rev-list', '--count', 'HEAD', '--not', '--remotes', '--tags', '--'], {cwd: directory}),
			unsavedSubmoduleWork(directory),
		]);
		const work = {path: relative, uncommittedFiles: status.length, unpushedCommits: Number(unpushed.stdout.trim())};
		if (work.uncommittedFiles > 0 || work.unpushedCommits > 0) {
			found.push(work);
		}
		found.push(...nested.map(inner => ({...inner, path: `${relative}/${inner.path}`})));
	}
	return found;
}

async function initialisedSubmodules(worktree: string): Promise<string[]> {
	const listed = await runGit(['config', '-z', '--file', '.gitmodules', '--get-regexp', String.raw`^submodule\..*\.path$`], {cwd: worktree, okExitCodes: [0, 1]});
	const paths = splitNul(listed.stdout).map(item => item.slice(item.indexOf('\n') + 1));
	const initialised = await Promise.all(paths.map(async relative => stat(path.join(worktree, relative, '.git')).then(() => true, () => false)));
	return paths.filter((_, index) => initialised[index]);
}
