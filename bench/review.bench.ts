/**
 * Opening the review screen on a generated 100k-line diff: one file rewritten line by line (50k lines removed,
 * 50k added) plus 200 small changed files, some committed, some untracked. Times the file list, the first screen of
 * the first file (fetch, parse, draw), and the cost of one page of scrolling. Prints figures; asserts nothing.
 */
import {writeFile} from 'node:fs/promises';
import path from 'node:path';
import {performance} from 'node:perf_hooks';
import {Box, renderToString} from 'ink';
import React from 'react';
import {openRepository} from '../source/core/git/repository.js';
import {WorktreeService} from '../source/core/git/worktree-service.js';
import type {HeadlessTerminal} from '../source/core/terminal/headless-terminal.js';
import type {WorkspaceEntry} from '../source/core/workspace/types.js';
import {keyEvent} from '../source/ui/input/key-event.js';
import {ReviewController} from '../source/ui/screens/review/review-controller.js';
import type {ScreenHost} from '../source/ui/screens/types.js';
import {createTempRepo, wrapCheckout} from '../test/helpers/git-repo.js';

const bigLines = 50_000;
const smallFiles = 200;
const size = {cols: 160, rows: 44};

function ms(value: number): string {
	return `${value.toFixed(1)} ms`;
}

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)]!;
}

/** Draws the screen as the grid would, to a string (no terminal needed). */
function draw(controller: ReviewController): string {
	return renderToString(React.createElement(Box, {width: size.cols, height: size.rows}, controller.render(size)), {columns: size.cols});
}

export async function run(): Promise<void> {
	const repo = await createTempRepo({files: {}});
	try {
		const lines = Array.from({length: bigLines}, (_, index) => `const value${index} = compute(${index}, 'original text of line ${index}');`);
		const files: Record<string, string> = {'a-big.ts': `${lines.join('\n')}\n`};
		for (let index = 0; index < smallFiles; index++) files[`src/module${index}.ts`] = `export const a = ${index};\nexport const b = 'b';\n`;
		await repo.commit('Generated base', files);
		const repository = await openRepository(repo.root);
		const service = new WorktreeService(repository);
		const created = await service.createSession({slug: 'review-bench'});
		const work = wrapCheckout(created.worktree, repo.dir);
		await writeFile(path.join(created.worktree, 'a-big.ts'), `${lines.map(line => line.replace('original', 'rewritten')).join('\n')}\n`);
		for (let index = 0; index < smallFiles; index++) {
			await work.write(`src/module${index}.ts`, `export const a = ${index + 1};\nexport const b = 'b';\n`);
			if (index === smallFiles / 2) await work.commit('Half the modules');
		}
		for (let index = 0; index < 20; index++) await work.write(`new/untracked${index}.ts`, 'export {};\n');
		const diffLines = (await work.git('diff', '--merge-base', 'main', '--', 'a-big.ts')).split('\n').length;
		console.log(`diff: a-big.ts ${diffLines} lines, ${smallFiles + 20} more files`);

		const entry: WorkspaceEntry = {
			id: 'review-bench', slug: 'review-bench', branch: created.branch, worktree: created.worktree, base: created.base,
			agent: '', status: 'stopped', statusSince: 0, changedFiles: 0, terminal: undefined as HeadlessTerminal | undefined,
		};
		let listShown = 0;
		const host: ScreenHost = {
			close: () => {}, flash: () => {}, focusSession: () => {}, openCopyAt: () => {}, relayout: () => {}, size: () => size,
			changed: () => {
				if (listShown === 0) listShown = performance.now();
			},
			runInTerminal: async () => 0,
		};
		const workspace = {entries: () => [entry], paste: () => {}, pressKey: () => {}};

		const openTimes: number[] = [];
		const listTimes: number[] = [];
		let controller: ReviewController | undefined;
		for (let round = 0; round < 5; round++) {
			listShown = 0;
			const start = performance.now();
			controller = new ReviewController({entry, worktrees: service, workspace, host, env: {}});
			await controller.ready();
			const screen = draw(controller);
			openTimes.push(performance.now() - start);
			listTimes.push(listShown - start);
			if (!screen.includes('a-big.ts') || controller.selectedDiff === undefined) throw new Error('the first file did not show');
		}
		console.log(`open review (file list of ${controller!.files.length} files): median ${ms(median(listTimes))}`);
		console.log(`open review (file list + first screen of a-big.ts, ${controller!.selectedDiff!.lineCount} lines, drawn): median ${ms(median(openTimes))}`);

		const diffText = await service.diffFile('review-bench', 'a-big.ts');
		const fetchTimes: number[] = [];
		for (let round = 0; round < 5; round++) {
			const start = performance.now();
			await service.diffFile('review-bench', 'a-big.ts');
			fetchTimes.push(performance.now() - start);
		}
		const {FileDiff} = await import('../source/core/review/file-diff.js');
		const parseTimes: number[] = [];
		for (let round = 0; round < 5; round++) {
			const start = performance.now();
			FileDiff.parse(diffText);
			parseTimes.push(performance.now() - start);
		}
		console.log(`  of which: git diff of a-big.ts ${ms(median(fetchTimes))} (${(diffText.length / 1e6).toFixed(1)} MB), parse ${ms(median(parseTimes))}`);

		const pages = 200;
		const pageDown = keyEvent('pagedown', '\u001b[6~');
		const scrollStart = performance.now();
		for (let page = 0; page < pages; page++) {
			controller!.onKey(pageDown, 'review.page-down');
			draw(controller!);
		}
		const scrollTime = (performance.now() - scrollStart) / pages;
		console.log(`scroll one page (key + new view model + full draw to a string): ${ms(scrollTime)} per page, at line ${controller!.viewport.cursor + 1}`);
		const modelStart = performance.now();
		for (let page = 0; page < pages; page++) {
			controller!.onKey(keyEvent('pageup', '\u001b[5~'), 'review.page-up');
			controller!.viewModel(size);
		}
		console.log(`scroll one page (key + view model only): ${ms((performance.now() - modelStart) / pages)} per page`);
	} finally {
		await repo.cleanup();
	}
}
