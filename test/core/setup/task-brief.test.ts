import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {renderTaskBrief, writeTaskBrief} from '../../../source/core/setup/task-brief.js';
import {createTempRepo, type TempRepo} from '../../helpers/git-repo.js';

let repo: TempRepo;
let worktree: string;
const session = {slug: 'fix-login', branch: 'agentgrid/fix-login', base: 'main'};

beforeEach(async () => {
	repo = await createTempRepo();
	worktree = path.join(repo.dir, 'fix-login');
	await repo.git('worktree', 'add', '-q', '-b', session.branch, worktree);
});

afterEach(async () => {
	await repo.cleanup();
});

describe('task brief', () => {
	it('renders the prompt, scope, files and done-when lines', () => {
		const text = renderTaskBrief({
			prompt: 'Fix the login redirect loop.',
			scope: 'Only the auth module.',
			files: ['src/auth.ts', 'test/auth.test.ts'],
			doneWhen: ['login redirects once', 'npm test passes'],
		}, session);
		expect(text).toContain('# Task: fix-login\n\nFix the login redirect loop.\n');
		expect(text).toContain('## Scope\n\nOnly the auth module.\n');
		expect(text).toContain('## Files to touch\n\n- src/auth.ts\n- test/auth.test.ts\n');
		expect(text).toContain('## Done when\n\n- [ ] login redirects once\n- [ ] npm test passes\n');
		expect(renderTaskBrief({prompt: 'Just this.'}, session)).not.toContain('## Scope');
	});

	it('writes the brief into the worktree, kept out of git status and commits', async () => {
		const file = await writeTaskBrief(worktree, 'AGENTGRID_TASK.md', {prompt: 'Do it.'}, session);
		expect(file).toBe(path.join(worktree, 'AGENTGRID_TASK.md'));
		expect(await readFile(file, 'utf8')).toContain('Do it.');
		expect(await repo.git('-C', worktree, 'status', '--porcelain')).toBe('');
		await repo.git('-C', worktree, 'add', '-A');
		expect(await repo.git('-C', worktree, 'diff', '--cached', '--name-only')).toBe('');
		// Written once however many sessions are created.
		await writeTaskBrief(worktree, 'AGENTGRID_TASK.md', {prompt: 'Again.'}, session);
		const exclude = await readFile(path.join(repo.root, '.git', 'info', 'exclude'), 'utf8');
		expect(exclude.split('\n').filter(line => line === '/AGENTGRID_TASK.md')).toHaveLength(1);
	});

	it('refuses a file name with a path in it', async () => {
		await expect(writeTaskBrief(worktree, '../escape.md', {prompt: 'x'}, session)).rejects.toThrow(/plain file name/);
	});
});
