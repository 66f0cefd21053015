import {afterEach, describe, expect, it} from 'vitest';
import {FileDiff} from '../../../source/core/review/file-diff.js';
import {createTempRepo, type TempRepo} from '../../helpers/git-repo.js';

let repo: TempRepo | undefined;
afterEach(async () => {
	await repo?.cleanup();
	repo = undefined;
});

const sample = [
	'diff --git a/src/app.txt b/src/app.txt',
	'index 1111111..2222222 100644',
	'--- a/src/app.txt',
	'+++ b/src/app.txt',
	'@@ -1,3 +1,4 @@ header context',
	' one',
	'-two',
	'+TWO',
	'+2b',
	' three',
	'@@ -10,2 +11,2 @@',
	' ten',
	'-eleven',
	'\\ No newline at end of file',
	'+ELEVEN',
	'\\ No newline at end of file',
	'',
].join('\n');

describe('FileDiff', () => {
	it('numbers old and new lines from the hunk headers and drops the headers the file list already shows', () => {
		const diff = FileDiff.parse(sample);
		expect(diff.binary).toBe(false);
		expect(diff.lineCount).toBe(12);
		expect(diff.lines(0, 12)).toEqual([
			{kind: 'hunk', text: '@@ -1,3 +1,4 @@ header context', oldNumber: 1, newNumber: 1},
			{kind: 'context', text: 'one', oldNumber: 1, newNumber: 1},
			{kind: 'removed', text: 'two', oldNumber: 2},
			{kind: 'added', text: 'TWO', newNumber: 2},
			{kind: 'added', text: '2b', newNumber: 3},
			{kind: 'context', text: 'three', oldNumber: 3, newNumber: 4},
			{kind: 'hunk', text: '@@ -10,2 +11,2 @@', oldNumber: 10, newNumber: 11},
			{kind: 'context', text: 'ten', oldNumber: 10, newNumber: 11},
			{kind: 'removed', text: 'eleven', oldNumber: 11},
			{kind: 'note', text: '\\ No newline at end of file'},
			{kind: 'added', text: 'ELEVEN', newNumber: 12},
			{kind: 'note', text: '\\ No newline at end of file'},
		]);
		expect(diff.maxLineNumber()).toBe(12);
	});

	it('finds the next and previous hunk from any line', () => {
		const diff = FileDiff.parse(sample);
		expect(diff.hunks).toEqual([0, 6]);
		expect(diff.nextHunk(0)).toBe(6);
		expect(diff.nextHunk(3)).toBe(6);
		expect(diff.nextHunk(6)).toBeUndefined();
		expect(diff.previousHunk(6)).toBe(0);
		expect(diff.previousHunk(9)).toBe(6);
		expect(diff.previousHunk(0)).toBeUndefined();
	});

	it('anchors every line to a place in the file, removed lines to where the new text continues', () => {
		const diff = FileDiff.parse(sample);
		expect(diff.anchorAt(0)).toEqual({side: 'new', line: 1});
		expect(diff.anchorAt(2)).toEqual({side: 'new', line: 2});
		expect(diff.anchorAt(4)).toEqual({side: 'new', line: 3});
		expect(diff.anchorAt(8)).toEqual({side: 'new', line: 12});
		expect(diff.anchorAt(99)).toBeUndefined();
		const deleted = FileDiff.parse('diff --git a/x b/x\ndeleted file mode 100644\n--- a/x\n+++ /dev/null\n@@ -1,2 +0,0 @@\n-a\n-b\n');
		expect(deleted.line(0)).toEqual({kind: 'meta', text: 'deleted file mode 100644'});
		expect(deleted.anchorAt(3)).toEqual({side: 'old', line: 2});
	});

	it('reads git output for added, deleted, renamed, CRLF and binary files', async () => {
		repo = await createTempRepo({files: {'keep.txt': 'a\r\nb\r\n', 'gone.txt': 'x\n', 'move.txt': '1\n2\n3\n4\n5\n'}});
		await repo.write('keep.txt', 'a\r\nB\r\n');
		await repo.write('new.txt', 'fresh\n');
		await repo.git('rm', '--quiet', 'gone.txt');
		await repo.git('mv', 'move.txt', 'moved.txt');
		await repo.write('image.bin', Buffer.from([0, 1, 2, 3, 0]));
		await repo.git('add', '--all');
		const diffOf = async (...paths: string[]) => FileDiff.parse(await repo!.git('diff', '--cached', '-M', 'HEAD', '--', ...paths));

		const crlf = await diffOf('keep.txt');
		expect(crlf.lines(1, 4).map(line => [line.kind, line.text])).toEqual([['context', 'a'], ['removed', 'b'], ['added', 'B']]);
		const added = await diffOf('new.txt');
		expect(added.line(0)).toEqual({kind: 'meta', text: 'new file mode 100644'});
		expect(added.line(2)).toEqual({kind: 'added', text: 'fresh', newNumber: 1});
		const deleted = await diffOf('gone.txt');
		expect(deleted.line(2)).toEqual({kind: 'removed', text: 'x', oldNumber: 1});
		const renamed = await diffOf('move.txt', 'moved.txt');
		expect(renamed.lines(0, 10).map(line => line.text)).toEqual(['similarity index 100%', 'rename from move.txt', 'rename to moved.txt']);
		expect(renamed.hunks).toEqual([]);
		const binary = await diffOf('image.bin');
		expect(binary.binary).toBe(true);
	});

	it('parses a 100k-line diff and reads any slice of it', () => {
		const body = Array.from({length: 100_000}, (_, index) => `+line ${index + 1}`).join('\n');
		const diff = FileDiff.parse(`diff --git a/big b/big\nnew file mode 100644\n--- /dev/null\n+++ b/big\n@@ -0,0 +1,100000 @@\n${body}\n`);
		expect(diff.lineCount).toBe(100_002);
		expect(diff.line(100_001)).toEqual({kind: 'added', text: 'line 100000', newNumber: 100_000});
		expect(diff.lines(50_000, 50_002).map(line => line.newNumber)).toEqual([49_999, 50_000]);
		expect(diff.maxLineNumber()).toBe(100_000);
		expect(() => diff.line(100_002)).toThrow(RangeError);
	});
});
