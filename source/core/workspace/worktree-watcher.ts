/**
 * Tells when files in a session's worktree change, so its change count and test staleness follow edits as they happen
 * instead of waiting for the agent to go idle. One inotify watch per directory that git cares about (tracked and
 * untracked, never ignored ones such as node_modules, and not `.git`), plus the worktree's own git directory, whose
 * index and HEAD move on a commit. Node's recursive fs.watch is not used: on Linux it walks the whole tree, ignored
 * directories included, synchronously.
 * Events are coalesced: `onChange` runs once things are quiet for `settleMs`, and at least every `maxWaitMs` while an
 * agent keeps writing.
 */
import {type FSWatcher, watch} from 'node:fs';
import {stat} from 'node:fs/promises';
import path from 'node:path';
import {runGit, splitNul} from '../git/run-git.js';

export interface WatchOptions {
	settleMs?: number;
	maxWaitMs?: number;
	/** Directories watched at most; a huge tree keeps the first ones (the top levels) rather than exhausting inotify. */
	maxDirectories?: number;
}

export interface WorktreeWatcher {
	/** Resolves once the watches are in place. */
	ready: Promise<void>;
	close(): void;
}

export function watchWorktree(worktree: string, onChange: () => void, options: WatchOptions = {}): WorktreeWatcher {
	const settleMs = options.settleMs ?? 500;
	const maxWaitMs = options.maxWaitMs ?? 3000;
	const maxDirectories = options.maxDirectories ?? 5000;
	const watchers = new Map<string, FSWatcher>();
	let closed = false;
	let settleTimer: NodeJS.Timeout | undefined;
	let firstEventAt: number | undefined;

	// Paths seen since the last report; a burst made only of ignored files (a log written at the root) reports nothing.
	const pending = new Set<string>();
	let pendingOverflow = false;
	let significant = false;

	const fire = async () => {
		clearTimeout(settleTimer);
		settleTimer = undefined;
		firstEventAt = undefined;
		const paths = [...pending];
		const mustReport = significant || pendingOverflow;
		pending.clear();
		pendingOverflow = false;
		significant = false;
		if (closed || (!mustReport && await allIgnored(worktree, paths))) return;
		if (!closed) onChange();
	};
	const changed = (changedPath?: string) => {
		if (closed) return;
		if (changedPath === undefined) significant = true;
		else if (pending.size < 1000) pending.add(changedPath);
		else pendingOverflow = true;
		const now = performance.now();
		firstEventAt ??= now;
		clearTimeout(settleTimer);
		settleTimer = setTimeout(() => void fire(), Math.max(0, Math.min(settleMs, firstEventAt + maxWaitMs - now)));
		settleTimer.unref();
	};

	const add = (directory: string, gitDirectory = false) => {
		if (closed || watchers.has(directory) || watchers.size >= maxDirectories) return;
		try {
			const watcher = watch(directory, {persistent: false}, (event, name) => {
				if (gitDirectory) {
					// Only what a commit, checkout or staging moves; lock files come and go around every git command.
					if (name === 'index' || name === 'HEAD' || name === 'ORIG_HEAD') changed();
					return;
				}
				if (typeof name !== 'string') {
					changed();
					return;
				}
				if (name === '.git') return;
				changed(path.join(directory, name));
				if (event === 'rename') void addIfNewDirectory(path.join(directory, name));
			});
			// A directory removed under the watch ends it; the parent's event already counted the change.
			watcher.on('error', () => forget(directory));
			watchers.set(directory, watcher);
		} catch {
			// Gone already, unreadable, a name Node cannot pass on, or out of inotify watches: nothing to watch there.
		}
	};
	const forget = (directory: string) => {
		watchers.get(directory)?.close();
		watchers.delete(directory);
	};
	const addIfNewDirectory = async (candidate: string) => {
		if (watchers.has(candidate) || !(await isDirectory(candidate)) || await ignored(worktree, candidate)) return;
		add(candidate);
		// A directory that arrives with files in it (mv, an unpacked archive) is watched where git would see files.
		for (const directory of await untrackedDirectories(worktree, candidate)) add(directory);
	};

	const ready = (async () => {
		const [directories, gitDirectory] = await Promise.all([
			watchedDirectories(worktree, maxDirectories).catch(() => [worktree]),
			runGit(['rev-parse', '--absolute-git-dir'], {cwd: worktree}).then(result => result.stdout.trim(), () => undefined),
		]);
		if (gitDirectory) add(gitDirectory, true);
		for (const directory of directories) add(directory);
	})();

	return {
		ready,
		close() {
			closed = true;
			clearTimeout(settleTimer);
			for (const watcher of watchers.values()) watcher.close();
			watchers.clear();
		},
	};
}

/** The worktree, every directory with tracked files, and every directory with untracked files that are not ignored. */
async function watchedDirectories(worktree: string, limit: number): Promise<string[]> {
	const [tracked, untracked] = await Promise.all([
		runGit(['ls-tree', '-r', '-d', '--name-only', '-z', 'HEAD'], {cwd: worktree, okExitCodes: [0, 128]}),
		untrackedDirectories(worktree, worktree),
	]);
	const directories = new Set([worktree, ...(tracked.exitCode === 0 ? splitNul(tracked.stdout) : []).map(name => path.join(worktree, name)), ...untracked]);
	// Top levels first, so a tree past the limit still reports edits near its root.
	return [...directories].sort((a, b) => depth(a) - depth(b)).slice(0, limit);
}

/** Directories (and their parents up to `under`) holding untracked files that git does not ignore. */
async function untrackedDirectories(worktree: string, under: string): Promise<string[]> {
	const result = await runGit(['ls-files', '--others', '--exclude-standard', '-z', '--', path.relative(worktree, under) || '.'], {cwd: worktree});
	const directories = new Set<string>();
	for (const name of splitNul(result.stdout)) {
		for (let directory = path.dirname(path.join(worktree, name)); directory.startsWith(under) && !directories.has(directory); directory = path.dirname(directory)) {
			directories.add(directory);
		}
	}
	return [...directories];
}

async function allIgnored(worktree: string, paths: readonly string[]): Promise<boolean> {
	if (paths.length === 0) return false;
	const relative = paths.map(candidate => path.relative(worktree, candidate));
	// Exit code 1: none of them is ignored.
	const result = await runGit(['check-ignore', '-z', '--stdin'], {cwd: worktree, input: `${relative.join('\0')}\0`, okExitCodes: [0, 1]}).catch(() => undefined);
	if (!result) return false;
	const ignoredPaths = new Set(splitNul(result.stdout));
	return relative.every(name => ignoredPaths.has(name));
}

async function ignored(worktree: string, candidate: string): Promise<boolean> {
	const result = await runGit(['check-ignore', '-q', '--', path.relative(worktree, candidate)], {cwd: worktree, okExitCodes: [0, 1, 128]}).catch(() => undefined);
	return result?.exitCode !== 1;
}

async function isDirectory(candidate: string): Promise<boolean> {
	return stat(candidate).then(info => info.isDirectory(), () => false);
}

const depth = (directory: string) => directory.split(path.sep).length;
