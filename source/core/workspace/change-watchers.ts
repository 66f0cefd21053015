/**
 * One worktree watcher per listed session, kept in step with the list: a session that appears is watched, one that
 * goes (or whose worktree moved) is not, and everything stops with the workspace.
 */
import {type WatchOptions, type WorktreeWatcher, watchWorktree} from './worktree-watcher.js';

export class ChangeWatchers {
	private readonly watched = new Map<string, {worktree: string; watcher: WorktreeWatcher}>();
	private disposed = false;

	constructor(private readonly onChange: (id: string) => void, private readonly options: WatchOptions = {}) {}

	sync(entries: ReadonlyArray<{id: string; worktree: string}>): void {
		if (this.disposed) return;
		const wanted = new Map(entries.map(entry => [entry.id, entry.worktree]));
		for (const [id, {worktree, watcher}] of this.watched) {
			if (wanted.get(id) === worktree) continue;
			watcher.close();
			this.watched.delete(id);
		}
		for (const [id, worktree] of wanted) {
			if (!this.watched.has(id)) this.watched.set(id, {worktree, watcher: watchWorktree(worktree, () => this.onChange(id), this.options)});
		}
	}

	/** Resolves once every current watcher has its watches in place. */
	async ready(): Promise<void> {
		await Promise.all([...this.watched.values()].map(({watcher}) => watcher.ready));
	}

	dispose(): void {
		this.disposed = true;
		for (const {watcher} of this.watched.values()) watcher.close();
		this.watched.clear();
	}
}
