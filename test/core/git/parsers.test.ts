import {describe, expect, it} from 'vitest';
import {parseNameStatus, parseNumstat} from '../../../source/core/git/diff-parse.js';
import {parseStatus} from '../../../source/core/git/status.js';
import {parseWorktreeList} from '../../../source/core/git/worktree-list.js';

describe('git output parsers', () => {
	it('parses worktree list entries with branch, detached, locked and prunable flags', () => {
		const output = [
			'worktree /repo', 'HEAD aaaa', 'branch refs/heads/main', '',
			'worktree /trees/with space', 'HEAD bbbb', 'branch refs/heads/agentgrid/x', 'locked', '',
			'worktree /trees/gone', 'HEAD cccc', 'detached', 'prunable gitdir file points to non-existent location', '',
		].join('\0');
		expect(parseWorktreeList(output)).toEqual([
			{path: '/repo', head: 'aaaa', branch: 'main', bare: false, detached: false, locked: false, prunable: false},
			{path: '/trees/with space', head: 'bbbb', branch: 'agentgrid/x', bare: false, detached: false, locked: true, prunable: false},
			{path: '/trees/gone', head: 'cccc', branch: null, bare: false, detached: true, locked: false, prunable: true},
		]);
	});

	it('parses porcelain v2 status records including renames, conflicts and paths with spaces', () => {
		const output = [
			'1 .M N... 100644 100644 100644 abc abc src/a file.txt',
			'1 A. N... 000000 100644 100644 000 def new.txt',
			'2 R. N... 100644 100644 100644 abc abc R100 moved name.txt', 'old name.txt',
			'u UU N... 100644 100644 100644 100644 a b c both.txt',
			'? untracked dir/',
			'',
		].join('\0');
		expect(parseStatus(output)).toEqual([
			{path: 'src/a file.txt', kind: 'changed', staged: false, unstaged: true},
			{path: 'new.txt', kind: 'changed', staged: true, unstaged: false},
			{path: 'moved name.txt', origPath: 'old name.txt', kind: 'renamed', staged: true, unstaged: false},
			{path: 'both.txt', kind: 'unmerged', staged: true, unstaged: true},
			{path: 'untracked dir/', kind: 'untracked', staged: false, unstaged: true},
		]);
	});

	it('parses numstat and name-status with renames and binary files', () => {
		expect(parseNumstat(['3\t1\tplain.txt', '-\t-\timage.png', '0\t0\t', 'old.txt', 'new.txt', ''].join('\0'))).toEqual([
			{path: 'plain.txt', added: 3, removed: 1, binary: false},
			{path: 'image.png', added: 0, removed: 0, binary: true},
			{path: 'new.txt', oldPath: 'old.txt', added: 0, removed: 0, binary: false},
		]);
		expect(parseNameStatus(['M', 'plain.txt', 'R087', 'old.txt', 'new.txt', 'D', 'gone.txt', ''].join('\0'))).toEqual([
			{status: 'modified', path: 'plain.txt'},
			{status: 'renamed', oldPath: 'old.txt', path: 'new.txt'},
			{status: 'deleted', path: 'gone.txt'},
		]);
	});
});
