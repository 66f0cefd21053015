import {writeFile} from 'node:fs/promises';
import path from 'node:path';
import type {CommandIdOf} from '../../../../source/ui/keymap/index.js';
import {describe, expect, it} from 'vitest';
import {keyEvent} from '../../../../source/ui/input/key-event.js';
import {ReviewController} from '../../../../source/ui/screens/review/review-controller.js';
import {ourGitProcesses, until} from '../../../helpers/git-processes.js';
import {altEnter, enter, reviewFixture, typed} from './review-fixture.js';

const visibleTexts = (controller: ReviewController, size = {cols: 120, rows: 30}): string[] => {
	const body = controller.viewModel(size).body;
	return body.kind === 'lines' ? body.rows.map(row => row.line.text) : [body.text];
};

const cursorText = (controller: ReviewController): string | undefined => {
	const body = controller.viewModel({cols: 120, rows: 30}).body;
	return body.kind === 'lines' ? body.rows.find(row => row.cursor)?.line.text : undefined;
};

const press = (controller: ReviewController, command: CommandIdOf<'review'>): void => controller.onKey(keyEvent('x', 'x'), command);

describe('review controller', () => {
	it('shows names with a newline or bytes that are not UTF-8 on one line, escaped, and diffs them', async () => {
		const fixture = await reviewFixture();
		const work = fixture.checkout(fixture.entry.worktree);
		await work.write('two\nlines.txt', 'newline name\n');
		await writeFile(Buffer.concat([Buffer.from(path.join(work.root, 'bad')), Buffer.from([0xFF, 0xFE]), Buffer.from('.txt')]), 'raw name\n');
		const controller = await fixture.open();
		expect(controller.viewModel({cols: 120, rows: 30}).files.map(row => row.path)).toEqual(['bad\\xff\\xfe.txt', 'two\\nlines.txt']);
		await controller.ready();
		expect(visibleTexts(controller)).toContain('raw name');
		expect(controller.viewModel({cols: 120, rows: 30}).header).toMatchObject({path: 'bad\\xff\\xfe.txt', detail: 'added · untracked · +1 -0'});
		press(controller, 'review.next-file');
		await controller.ready();
		expect(visibleTexts(controller)).toContain('newline name');
	});


	it('lists every kind of change of the session and fetches only the shown file', async () => {
		const fixture = await reviewFixture();
		const work = fixture.checkout(fixture.entry.worktree);
		await work.commit('committed work', {'committed.txt': 'c1\nc2\n'});
		await work.write('staged.txt', 'staged\n');
		await work.git('add', 'staged.txt');
		// Edits change the file's size: a same-size edit within the second the worktree was made can go unseen by diffFile (git's racy-clean check on a copied index).
		await work.write('src/app.txt', 'one\nTWO!\nthree\n');
		await work.write('untracked.txt', 'new\n');
		await work.write('blob.bin', Buffer.from([0, 1, 2, 0, 3]));
		const controller = await fixture.open();

		expect(controller.files.map(file => [file.path, file.origin])).toEqual([
			['blob.bin', 'untracked'], ['committed.txt', 'committed'], ['src/app.txt', 'unstaged'], ['staged.txt', 'staged'], ['untracked.txt', 'untracked'],
		]);
		const model = controller.viewModel({cols: 120, rows: 30});
		expect(model.files.map(row => [row.letter, row.path, row.counts])).toEqual([
			['A', 'blob.bin', 'binary'], ['A', 'committed.txt', '+2 -0'], ['M', 'src/app.txt', '+1 -1'], ['A', 'staged.txt', '+1 -0'], ['A', 'untracked.txt', '+1 -0'],
		]);
		// The binary file is selected first: nothing is fetched for it.
		expect(visibleTexts(controller)).toEqual(['binary file']);
		expect(fixture.fetched).toEqual([]);

		press(controller, 'review.next-file');
		press(controller, 'review.next-file');
		await controller.ready();
		expect(fixture.fetched).toEqual(['committed.txt', 'src/app.txt']);
		expect(controller.selectedFile?.path).toBe('src/app.txt');
		expect(visibleTexts(controller)).toEqual(['@@ -1,3 +1,3 @@', 'one', 'two', 'TWO!', 'three']);
		expect(controller.viewModel({cols: 120, rows: 30}).header).toMatchObject({letter: 'M', path: 'src/app.txt', detail: 'modified · unstaged · +1 -1'});

		press(controller, 'review.next-file');
		press(controller, 'review.next-file');
		press(controller, 'review.next-file');
		await controller.ready();
		expect(controller.selectedFile?.path).toBe('untracked.txt');
		expect(visibleTexts(controller)).toContain('new');
		press(controller, 'review.previous-file');
		await controller.ready();
		expect(controller.selectedFile?.path).toBe('staged.txt');
	});

	it('scrolls by line, page, hunk and to either end, showing only one screen of lines', async () => {
		const fixture = await reviewFixture();
		const original = Array.from({length: 400}, (_, index) => `line ${index + 1}`);
		await fixture.repo.commit('long file', {'long.txt': `${original.join('\n')}\n`});
		const fresh = await fixture.service.createSession({slug: 'long'});
		const changed = original.map((line, index) => (index % 10 === 5 ? `${line} changed` : line));
		await writeFile(path.join(fresh.worktree, 'long.txt'), `${changed.join('\n')}\n`);
		const controller = await fixture.open({entry: {...fixture.entry, id: 'long', slug: 'long', worktree: fresh.worktree}});
		const diff = controller.selectedDiff!;
		expect(diff.hunks).toHaveLength(40);
		const page = controller.viewModel({cols: 120, rows: 30}).layout.diffHeight;
		expect(visibleTexts(controller)).toHaveLength(page);

		press(controller, 'review.down');
		press(controller, 'review.down');
		expect(controller.viewport).toEqual({cursor: 2, top: 0});
		press(controller, 'review.up');
		expect(cursorText(controller)).toBe(diff.line(1).text);
		press(controller, 'review.next-hunk');
		expect(controller.viewport.cursor).toBe(diff.hunks[1]);
		expect(visibleTexts(controller)[0]).toBe(diff.line(diff.hunks[1]!).text);
		press(controller, 'review.next-hunk');
		press(controller, 'review.previous-hunk');
		expect(controller.viewport.cursor).toBe(diff.hunks[1]);
		press(controller, 'review.bottom');
		expect(controller.viewport).toEqual({cursor: diff.lineCount - 1, top: diff.lineCount - page});
		press(controller, 'review.top');
		expect(controller.viewport).toEqual({cursor: 0, top: 0});
		press(controller, 'review.page-down');
		expect(controller.viewport).toEqual({cursor: page, top: page});
		press(controller, 'review.page-up');
		expect(controller.viewport).toEqual({cursor: 0, top: 0});
		press(controller, 'review.page-up');
		expect(controller.viewport).toEqual({cursor: 0, top: 0});
		for (let index = 0; index < diff.lineCount / page + 1; index++) press(controller, 'review.page-down');
		expect(controller.viewport.cursor).toBe(diff.lineCount - 1);
		expect(fixture.host.changes).toBeGreaterThan(10);
		press(controller, 'review.close');
		expect(fixture.host.closed).toBe(1);
	});

	it('sends a note about the cursor line to the running agent as a paste, then Enter, then focuses its pane', async () => {
		const fixture = await reviewFixture();
		await fixture.checkout(fixture.entry.worktree).write('src/app.txt', 'one\nTWO!\nthree\n');
		const controller = await fixture.open();
		press(controller, 'review.down');
		press(controller, 'review.down');
		press(controller, 'review.down');
		expect(cursorText(controller)).toBe('TWO!');
		press(controller, 'review.feedback');
		expect(controller.draft?.text).toBe('In src/app.txt line 2: ');
		// While the note is open, review keys type text.
		for (const char of 'use j') controller.onKey(typed(char), char === 'j' ? 'review.down' : undefined);
		controller.onKey(altEnter, undefined);
		controller.onKey(keyEvent('paste', 'x', {}, 'and k\r\nplease'), undefined);
		controller.onKey(keyEvent('backspace', '\u007f'), undefined);
		expect(controller.draft?.text).toBe('In src/app.txt line 2: use j\nand k\npleas');
		expect(controller.viewModel({cols: 120, rows: 30}).note).toMatchObject({target: 'work', rows: ['In src/app.txt line 2: use j', 'and k', 'pleas'], cursorRow: 2, cursorColumn: 5});

		controller.onKey(enter, undefined);
		expect(fixture.host.focused).toEqual([{id: 'work', paneMode: true}]);
		expect(fixture.workspace.sent[0]).toEqual({kind: 'paste', id: 'work', data: 'In src/app.txt line 2: use j\nand k\npleas'});
		await expect.poll(() => fixture.workspace.sent.length).toBe(2);
		expect(fixture.workspace.sent[1]).toEqual({kind: 'key', id: 'work', key: {name: 'enter'}});
		expect(controller.draft).toBeUndefined();
	});

	it('keeps the note and says so when the agent is not running; Esc drops it', async () => {
		const fixture = await reviewFixture();
		await fixture.checkout(fixture.entry.worktree).write('src/app.txt', 'one\n');
		fixture.workspace.status = 'stopped';
		const controller = await fixture.open();
		press(controller, 'review.bottom');
		press(controller, 'review.feedback');
		// The removed lines sit where line 2 of the new file is.
		expect(controller.draft?.text).toBe('In src/app.txt line 2: ');
		controller.onKey(typed('x'), undefined);
		controller.onKey(enter, undefined);
		expect(fixture.workspace.sent).toEqual([]);
		expect(fixture.host.focused).toEqual([]);
		expect(fixture.host.flashes.at(-1)).toMatchObject({kind: 'error'});
		expect(fixture.host.flashes.at(-1)?.text).toContain('not running');
		expect(controller.draft?.text).toBe('In src/app.txt line 2: x');
		controller.onKey(keyEvent('escape', '\u001b'), 'review.close');
		expect(controller.draft).toBeUndefined();
		expect(fixture.host.closed).toBe(0);
	});

	it('opens the file at the cursor line in $EDITOR inside the worktree and shows the edit afterwards', async () => {
		const fixture = await reviewFixture();
		const work = fixture.checkout(fixture.entry.worktree);
		await work.write('src/app.txt', 'one\nTWO!\nthree\n');
		// The "editor" records its arguments and working directory, and changes the file as a user would.
		const script = path.join(fixture.repo.dir, 'editor.mjs');
		await writeFile(script, [
			"import {appendFileSync, writeFileSync} from 'node:fs';",
			"writeFileSync(process.argv.at(-1), 'one\\nTWO\\nthree\\nfour\\n');",
			'appendFileSync(process.env.EDITOR_LOG, JSON.stringify({args: process.argv.slice(2), cwd: process.cwd()}));',
		].join('\n'));
		const log = path.join(fixture.repo.dir, 'editor.log');
		const controller = await fixture.open({env: {...process.env, VISUAL: `${process.execPath} ${script}`, EDITOR: 'never-used', EDITOR_LOG: log}});
		press(controller, 'review.down');
		press(controller, 'review.down');
		press(controller, 'review.down');
		press(controller, 'review.edit');
		await expect.poll(async () => visibleTexts(controller), {timeout: 10_000}).toContain('four');
		expect(fixture.host.suspended).toBe(1);
		expect(JSON.parse(await fixture.repo.read(log))).toEqual({args: ['+2', 'src/app.txt'], cwd: fixture.entry.worktree});
		expect(controller.selectedFile?.path).toBe('src/app.txt');
	});

	it('reports an editor that cannot start without leaving the screen', async () => {
		const fixture = await reviewFixture();
		await fixture.checkout(fixture.entry.worktree).write('src/app.txt', 'one\n');
		const controller = await fixture.open({env: {EDITOR: 'agentgrid-no-such-editor'}});
		press(controller, 'review.edit');
		await expect.poll(() => fixture.host.flashes.length).toBe(1);
		expect(fixture.host.flashes[0]?.text).toContain('Could not start the editor agentgrid-no-such-editor');
		expect(fixture.host.closed).toBe(0);
	});

	it('shows an error in the screen when the session cannot be read', async () => {
		const fixture = await reviewFixture();
		const controller = await fixture.open({entry: {...fixture.entry, id: 'ghost', slug: 'ghost'}});
		const body = controller.viewModel({cols: 120, rows: 30}).body;
		expect(body).toMatchObject({kind: 'message', tone: 'error'});
		expect(body.kind === 'message' && body.text).toMatch(/ghost/);
		press(controller, 'review.down');
		press(controller, 'review.feedback');
		expect(controller.draft?.text).toBe('');
	});

	it('says so when the session has no changes', async () => {
		const fixture = await reviewFixture();
		const controller = await fixture.open();
		expect(visibleTexts(controller)[0]).toMatch(/No changes: work is the same as main/);
	});
});

describe('review controller reading a diff that hangs', () => {
	it('stops its git processes when the screen closes', async () => {
		const fixture = await reviewFixture();
		const work = fixture.checkout(fixture.entry.worktree);
		// A tracked file changed under a clean filter that never finishes (its stderr is not git's, which would hold
		// git's output open): reading its diff runs the filter. An untracked file would be read without it.
		await work.commit('a file to filter', {'slow.txt': 'slow\n', '.gitattributes': 'slow.txt filter=hang\n'});
		await fixture.repo.git('config', 'filter.hang.clean', 'exec 2>/dev/null; sleep 20; cat');
		await work.write('slow.txt', 'slower\n');
		const controller = new ReviewController({entry: fixture.entry, worktrees: fixture.service, workspace: fixture.workspace, host: fixture.host, env: {}, submitDelayMs: 5});
		await until(async () => (await ourGitProcesses()).length > 0);
		controller.dispose();
		await controller.ready();
		await until(async () => (await ourGitProcesses()).length === 0, 40);
		expect(await ourGitProcesses()).toEqual([]);
	});
});
