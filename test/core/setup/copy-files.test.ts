import {lstat, readFile, readlink, symlink} from 'node:fs/promises';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {copyIntoWorktree, findFilesToCopy} from '../../../source/core/setup/copy-files.js';
import {createTempRepo, type TempRepo} from '../../helpers/git-repo.js';

let repo: TempRepo;

beforeEach(async () => {
	repo = await createTempRepo({files: {
		'.gitignore': '.env*\nnode_modules/\n*.log\nsecrets/\n',
		'README.md': '# app\n',
		'config/app.json': '{}\n',
	}});
	await repo.write('.env', 'TOKEN=1\n');
	await repo.write('.env.local', 'LOCAL=1\n');
	await repo.write('.env.example.log', 'x\n');
	await repo.write('node_modules/pkg/index.js', 'module.exports = 1;\n');
	await repo.write('debug.log', 'log\n');
	await repo.write('secrets/a.key', 'a\n');
	await repo.write('secrets/b.pem', 'b\n');
	await repo.write('packages/web/.env', 'WEB=1\n');
	await repo.write('notes.txt', 'untracked, not ignored\n');
	await repo.write('config/local.json', '{"local": true}\n');
});

afterEach(async () => {
	await repo.cleanup();
});

describe('findFilesToCopy', () => {
	it('copies nothing without patterns or a .worktreeinclude', async () => {
		expect(await findFilesToCopy(repo.root, [])).toEqual([]);
	});

	it('matches copyFiles patterns against untracked files with gitignore rules', async () => {
		expect(await findFilesToCopy(repo.root, ['/.env', '/.env.local'])).toEqual(['.env', '.env.local']);
		// Unanchored patterns match at any depth; tracked files are never listed.
		expect(await findFilesToCopy(repo.root, ['.env', 'config/*.json'])).toEqual(['.env', 'config/local.json', 'packages/web/.env']);
		// Untracked files that git does not ignore can be listed explicitly too.
		expect(await findFilesToCopy(repo.root, ['notes.txt'])).toEqual(['notes.txt']);
	});

	it('honours .worktreeinclude for ignored files only, with negation and directories', async () => {
		await repo.write('.worktreeinclude', '# carried into every worktree\n.env*\n!*.log\nsecrets/*\n!secrets/*.pem\nnotes.txt\n');
		expect(await findFilesToCopy(repo.root, [])).toEqual(['.env', '.env.local', 'packages/web/.env', 'secrets/a.key']);
	});

	it('combines both sources without duplicates', async () => {
		await repo.write('.worktreeinclude', '.env\n');
		expect(await findFilesToCopy(repo.root, ['.env', '/.env.local'])).toEqual(['.env', '.env.local', 'packages/web/.env']);
	});
});

describe('copyIntoWorktree', () => {
	it('copies files into the same relative paths, keeps symlinks, and never overwrites', async () => {
		const worktree = path.join(repo.dir, 'wt');
		await repo.git('worktree', 'add', '-q', '-b', 'agentgrid/x', worktree);
		await symlink('.env', path.join(repo.root, '.env.link'));
		await repo.write(path.join(worktree, '.env.local'), 'ALREADY=1\n');
		const files = await findFilesToCopy(repo.root, ['.env', '.env.link', '.env.local', 'secrets/']);
		expect(files).toEqual(['.env', '.env.link', '.env.local', 'packages/web/.env', 'secrets/a.key', 'secrets/b.pem']);
		await copyIntoWorktree(repo.root, worktree, files);
		expect(await readFile(path.join(worktree, '.env'), 'utf8')).toBe('TOKEN=1\n');
		expect(await readFile(path.join(worktree, 'packages/web/.env'), 'utf8')).toBe('WEB=1\n');
		expect(await readFile(path.join(worktree, 'secrets/b.pem'), 'utf8')).toBe('b\n');
		expect(await readFile(path.join(worktree, '.env.local'), 'utf8')).toBe('ALREADY=1\n');
		expect((await lstat(path.join(worktree, '.env.link'))).isSymbolicLink()).toBe(true);
		expect(await readlink(path.join(worktree, '.env.link'))).toBe('.env');
		expect(await repo.git('-C', worktree, 'status', '--porcelain')).toBe('');
	});
});
