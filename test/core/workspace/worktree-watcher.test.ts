/**
 * The promise: an edit anywhere git would see it is noticed (tracked directories, untracked ones, directories made
 * after the watch began, a commit), one burst of edits is reported once, and edits git ignores cost nothing.
 */
import {mkdir, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {watchWorktree, type WorktreeWatcher} from '../../../source/core/workspace/worktree-watcher.js';
import {createTempRepo, type TempRepo} from '../../helpers/git-repo.js';

let repo: TempRepo;
let worktree: string;
let watcher: WorktreeWatcher | undefined;
let changes = 0;

beforeEach(async () => {
	repo = await createTempRepo({files: {'README.md': '# app\n', 'src/deep/nested/a.ts': 'a\n', '.gitignore': 'node_modules/\n*.log\n'}});
	worktree = path.join(repo.dir, 'wt');
	await repo.git('worktree', 'add', '-b', 'agentgrid/watched', worktree);
	await mkdir(path.join(worktree, 'node_modules/pkg'), {recursive: true});
	await mkdir(path.join(worktree, 'notes/drafts'), {recursive: true});
	await writeFile(path.join(worktree, 'notes/drafts/idea.md'), 'idea\n');
	changes = 0;
	watcher = watchWorktree(worktree, () => changes++, {settleMs: 150, maxWaitMs: 600});
	await watcher.ready;
});

afterEach(async () => {
	watcher?.close();
	await repo.cleanup();
});

const quiet = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

describe('watchWorktree', () => {
	it('reports an edit in a nested tracked directory once for a burst of writes', async () => {
		for (let i = 0; i < 20; i++) await writeFile(path.join(worktree, 'src/deep/nested/a.ts'), `a${i}\n`);
		await expect.poll(() => changes).toBe(1);
		await quiet(400);
		expect(changes).toBe(1);
	});

	it('reports edits inside an untracked directory and in a directory made after the watch began', async () => {
		await writeFile(path.join(worktree, 'notes/drafts/idea.md'), 'better idea\n');
		await expect.poll(() => changes).toBe(1);
		await mkdir(path.join(worktree, 'src/feature'));
		await expect.poll(() => changes).toBe(2);
		// The new directory is watched by now: an edit inside it is seen on its own.
		await quiet(200);
		await writeFile(path.join(worktree, 'src/feature/b.ts'), 'b\n');
		await expect.poll(() => changes).toBe(3);
	});

	it('reports a commit made in the worktree', async () => {
		await writeFile(path.join(worktree, 'README.md'), '# app\nmore\n');
		await expect.poll(() => changes).toBeGreaterThan(0);
		await quiet(300);
		const before = changes;
		await repo.git('-C', worktree, 'commit', '-qam', 'more');
		await expect.poll(() => changes).toBeGreaterThan(before);
	});

	it('keeps reporting while writes never pause, at most every maxWaitMs', async () => {
		const started = performance.now();
		while (performance.now() - started < 1500) {
			await writeFile(path.join(worktree, 'src/deep/nested/a.ts'), `${performance.now()}\n`);
			await quiet(50);
		}
		// Without the bound a writer that never pauses would not be reported until it stops.
		expect(changes).toBeGreaterThanOrEqual(2);
	});

	it('ignores what git ignores and stops on close', async () => {
		await writeFile(path.join(worktree, 'node_modules/pkg/index.js'), 'x\n');
		await mkdir(path.join(worktree, 'node_modules/pkg/lib'));
		// An ignored file next to tracked ones is seen by the watch but reported as nothing.
		await writeFile(path.join(worktree, 'build.log'), 'compiling\n');
		await mkdir(path.join(worktree, 'node_modules/other'));
		await quiet(400);
		expect(changes).toBe(0);
		watcher!.close();
		await writeFile(path.join(worktree, 'README.md'), 'after close\n');
		await quiet(400);
		expect(changes).toBe(0);
	});
});
