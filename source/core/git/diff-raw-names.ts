import path from 'node:path';
import {pathBytes} from './raw-path.js';
import {git, runGit, splitNul} from './run-git.js';
import {withScratchDir} from './scratch-dir.js';

export type RawNameSource = {worktree: string} | {tree: string};

const nulTerminated = (parts: Buffer[]): Buffer => Buffer.concat(parts.flatMap(part => [part, Buffer.of(0)]));

/**
 * The diff of files whose names are not UTF-8, which no pathspec argument can name exactly: a scratch index holds the
 * merge-base with only those files replaced (their names reach git as bytes on stdin), and is compared with the
 * merge-base, so nothing else can show up.
 */
export async function diffRawNames(cwd: string, mergeBase: string, paths: readonly string[], source: RawNameSource): Promise<string> {
	return withScratchDir(async scratch => {
		const env = {GIT_INDEX_FILE: path.join(scratch, 'index')};
		await runGit(['read-tree', mergeBase], {cwd, env});
		if ('worktree' in source) {
			await runGit(['update-index', '--add', '--remove', '-z', '--stdin'], {cwd: source.worktree, env, input: nulTerminated(paths.map(pathBytes))});
		} else {
			await runGit(['update-index', '-z', '--index-info'], {cwd, env, input: await indexInfo(cwd, source.tree, paths, mergeBase.length)});
		}
		return git(cwd, ['diff', '--cached', '-M', '--ignore-submodules=none', mergeBase], env);
	});
}

/** `update-index --index-info` lines giving each path its entry in `tree`, or removing it when the tree lacks it. */
async function indexInfo(cwd: string, tree: string, paths: readonly string[], idLength: number): Promise<Buffer> {
	const entries = new Map<string, string>();
	for (const line of splitNul(await git(cwd, ['ls-tree', '-r', '-z', '--full-tree', tree]))) {
		const tab = line.indexOf('\t');
		const [mode = '', , id = ''] = line.slice(0, tab).split(' ');
		entries.set(line.slice(tab + 1), `${mode} ${id}\t`);
	}
	const removed = `0 ${'0'.repeat(idLength)}\t`;
	return nulTerminated(paths.map(name => Buffer.concat([Buffer.from(entries.get(name) ?? removed), pathBytes(name)])));
}
