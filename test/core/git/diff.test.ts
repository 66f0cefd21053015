import {readFile, rm, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {InvalidRef} from '../../../source/core/git/errors.js';
import {displayPath} from '../../../source/core/git/raw-path.js';
import {serviceFixture} from './fixture.js';

describe('diff', () => {
	it('lists committed, staged, unstaged and untracked changes against the merge-base, without touching the index', async () => {
		const {repo, service, checkout} = await serviceFixture({repo: {files: {'keep.txt': 'k\n', 'gone.txt': 'bye\n', 'rename-me.txt': 'a\nb\nc\nd\ne\n', 'src/app.txt': '1\n2\n3\n'}}});
		const created = await service.createSession({slug: 'd'});
		const work = checkout(created.worktree);
		await work.commit('committed work', {'committed.txt': 'x\ny\n'});
		await work.git('rm', '--quiet', 'gone.txt');
		await work.git('commit', '--quiet', '-m', 'remove');
		await work.git('mv', 'rename-me.txt', 'renamed.txt');
		await work.write('staged.txt', 'staged\n');
		await work.git('add', 'staged.txt');
		await work.write('src/app.txt', '1\nTWO\n3\n4\n');
		await work.write('dir/untracked.txt', 'u1\nu2\nu3');
		await work.write('image.bin', Buffer.from([0x89, 0x50, 0x00, 0x01, 0x02]));
		await repo.commit('base moves on', {'keep.txt': 'changed on main\n'});
		const indexPath = (await work.git('rev-parse', '--path-format=absolute', '--git-path', 'index')).trim();
		const indexBefore = await readFile(indexPath);

		const summary = await service.diff('d');
		const byPath = Object.fromEntries(summary.files.map(file => [file.path, file]));
		expect(Object.keys(byPath).sort()).toEqual(['committed.txt', 'dir/untracked.txt', 'gone.txt', 'image.bin', 'renamed.txt', 'src/app.txt', 'staged.txt']);
		expect(byPath['committed.txt']).toEqual({path: 'committed.txt', status: 'added', added: 2, removed: 0, binary: false, origin: 'committed'});
		expect(byPath['gone.txt']).toMatchObject({status: 'deleted', added: 0, removed: 1, origin: 'committed'});
		expect(byPath['renamed.txt']).toMatchObject({status: 'renamed', oldPath: 'rename-me.txt', added: 0, removed: 0, origin: 'staged'});
		expect(byPath['staged.txt']).toMatchObject({status: 'added', added: 1, origin: 'staged'});
		expect(byPath['src/app.txt']).toMatchObject({status: 'modified', added: 2, removed: 1, origin: 'unstaged'});
		expect(byPath['dir/untracked.txt']).toMatchObject({status: 'added', added: 3, removed: 0, binary: false, origin: 'untracked'});
		expect(byPath['image.bin']).toMatchObject({binary: true, origin: 'untracked'});
		expect(summary).toMatchObject({slug: 'd', base: 'main', added: 8, removed: 2});
		// The base's own later change is not the session's.
		expect(byPath['keep.txt']).toBeUndefined();
		expect(await readFile(indexPath)).toEqual(indexBefore);
	});

	it('returns the unified diff of one file on demand, binary files flagged rather than dumped', async () => {
		const {service, checkout} = await serviceFixture();
		const created = await service.createSession({slug: 'one-file'});
		const work = checkout(created.worktree);
		await work.commit('binary', {'logo.bin': '\u0000\u0001binary'});
		await work.write('src/app.txt', 'one\nTWO\nthree\n');
		await work.write('fresh.txt', 'hello\n');

		const modified = await service.diffFile('one-file', 'src/app.txt');
		expect(modified).toContain('--- a/src/app.txt');
		expect(modified).toContain('-two\n+TWO');
		expect(await service.diffFile('one-file', 'fresh.txt')).toContain('+hello');
		const binary = await service.diffFile('one-file', 'logo.bin');
		expect(binary).toMatch(/Binary files .* differ/);
		const summary = await service.diff('one-file');
		expect(summary.files.find(file => file.path === 'logo.bin')).toMatchObject({binary: true, added: 0, removed: 0});
	});

	it('diffs one file against the merge-base whatever layer its change is in, leaving the index alone', async () => {
		const {repo, service, checkout} = await serviceFixture({repo: {files: {'a.txt': 'a\n', 'b.txt': 'b\n', 'c.txt': 'c\n'}}});
		const created = await service.createSession({slug: 'layers'});
		const work = checkout(created.worktree);
		await work.commit('committed', {'a.txt': 'a committed\n'});
		await work.write('b.txt', 'b staged\n');
		await work.git('add', 'b.txt');
		await work.write('b.txt', 'b staged then edited\n');
		await work.git('rm', '--quiet', '--cached', 'c.txt');
		await repo.commit('base moves', {'a.txt': 'a on main\n'});
		const indexPath = (await work.git('rev-parse', '--path-format=absolute', '--git-path', 'index')).trim();
		const indexBefore = await readFile(indexPath);

		expect(await service.diffFile('layers', 'a.txt')).toContain('-a\n+a committed');
		const b = await service.diffFile('layers', 'b.txt');
		expect(b).toContain('-b\n+b staged then edited');
		expect(b).not.toContain('+b staged\n');
		// Removed from the index but still on disk: the file is unchanged against the merge-base.
		expect(await service.diffFile('layers', 'c.txt')).toBe('');
		await rm(path.join(created.worktree, 'a.txt'));
		expect(await service.diffFile('layers', 'a.txt')).toContain('deleted file mode');
		expect(await service.diffFile('layers', 'never-existed.txt')).toBe('');
		expect(await readFile(indexPath)).toEqual(indexBefore);
	});

	it('shows both sides of a committed rename when given the old path', async () => {
		const {service, checkout} = await serviceFixture({repo: {files: {'old-name.txt': 'a\nb\nc\nd\n'}}});
		const created = await service.createSession({slug: 'mv'});
		const work = checkout(created.worktree);
		await work.git('mv', 'old-name.txt', 'new-name.txt');
		await work.commit('rename', {'new-name.txt': 'a\nb\nc\nd\ne\n'});
		const text = await service.diffFile('mv', 'new-name.txt', 'old-name.txt');
		expect(text).toContain('rename from old-name.txt');
		expect(text).toContain('+e');
	});

	it('refuses paths outside the worktree', async () => {
		const {service} = await serviceFixture();
		await service.createSession({slug: 'safe'});
		await expect(service.diffFile('safe', '../repo/README.md')).rejects.toBeInstanceOf(InvalidRef);
		await expect(service.diffFile('safe', path.resolve('/etc/passwd'))).rejects.toBeInstanceOf(InvalidRef);
	});

	it('handles file names with spaces, quotes and unicode', async () => {
		const {service, checkout} = await serviceFixture();
		const created = await service.createSession({slug: 'names'});
		const work = checkout(created.worktree);
		await work.commit('odd', {'with space.txt': 'a\n', 'quote"d.txt': 'b\n'});
		await work.write('ünïcödé.txt', 'c\n');
		const summary = await service.diff('names');
		expect(summary.files.map(file => file.path)).toEqual(['quote"d.txt', 'with space.txt', 'ünïcödé.txt']);
		expect(await service.diffFile('names', 'with space.txt')).toContain('+a');
	});

	it('keeps file names with a newline or bytes that are not UTF-8 whole, in the summary and in the diff of one file', async () => {
		const {service, checkout} = await serviceFixture();
		const created = await service.createSession({slug: 'bytes'});
		const work = checkout(created.worktree);
		const rawName = (prefix: string) => Buffer.concat([Buffer.from(path.join(created.worktree, prefix)), Buffer.from([0xFF, 0xFE]), Buffer.from('.txt')]);
		await work.write('line\nbreak.txt', 'one\n');
		await writeFile(rawName('latin'), 'two\nlines\n');
		await work.git('add', '--all');
		await work.git('commit', '--quiet', '-m', 'odd names');
		await work.write('new\nline.txt', 'three\n');
		await writeFile(rawName('fresh'), 'four\n');
		await work.write('line\nbreak.txt', 'one\nmore\n');

		const summary = await service.diff('bytes');
		const latin = `latin${String.fromCharCode(0xDC_FF, 0xDC_FE)}.txt`;
		const fresh = `fresh${String.fromCharCode(0xDC_FF, 0xDC_FE)}.txt`;
		expect(summary.files.map(file => [file.path, file.origin, file.added])).toEqual([
			[fresh, 'untracked', 1],
			[latin, 'committed', 2],
			['line\nbreak.txt', 'unstaged', 2],
			['new\nline.txt', 'untracked', 1],
		]);
		expect(summary.files.map(file => displayPath(file.path))).toEqual(['fresh\\xff\\xfe.txt', 'latin\\xff\\xfe.txt', 'line\\nbreak.txt', 'new\\nline.txt']);
		const latinDiff = await service.diffFile('bytes', latin);
		expect(latinDiff).toContain('+two\n+lines');
		expect(latinDiff.match(/^diff --git/gm)).toHaveLength(1);
		expect(await service.diffFile('bytes', fresh)).toContain('+four');
		expect(await service.diffFile('bytes', 'line\nbreak.txt')).toContain('+more');
		expect(await service.diffFile('bytes', 'new\nline.txt')).toContain('+three');

		// With the worktree gone only the commits are left, and the name still finds its file.
		await rm(created.worktree, {recursive: true, force: true});
		const committed = await service.diffFile('bytes', latin);
		expect(committed).toContain('+two\n+lines');
		expect(committed.match(/^diff --git/gm)).toHaveLength(1);
	});
});
