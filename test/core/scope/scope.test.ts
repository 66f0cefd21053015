import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {loadRepositorySettings} from '../../../source/core/config/repository-settings.js';
import {SessionSlotStore} from '../../../source/core/config/session-slots.js';
import {normalizeScope, normalizeScopePath, readScopes} from '../../../source/core/scope/session-scope.js';
import {prepareSession} from '../../../source/core/setup/prepare-session.js';
import {runGitIn} from '../../helpers/git-repo.js';
import {serviceFixture} from '../git/fixture.js';

async function prepare(fixture: Awaited<ReturnType<typeof serviceFixture>>, slug: string, owns: string[], extra: {avoid?: string[]; prompt?: string; contextFile?: string} = {}) {
	return prepareSession({
		slug,
		brief: {prompt: extra.prompt ?? '', owns, avoid: extra.avoid ?? [], doneWhen: ['npm test passes']},
		scope: normalizeScope({owns, avoid: extra.avoid}),
		agentContextFile: extra.contextFile,
		repositoryRoot: fixture.repo.root,
		worktrees: fixture.service,
		repository: await loadRepositorySettings(fixture.repo.root),
		trust: 'not-needed',
		taskFile: 'AGENTGRID_TASK.md',
		slots: new SessionSlotStore(path.join(fixture.repository.commonDir, 'agentgrid', 'sessions.json'), {isPortFree: async () => true}),
		baseEnv: {PATH: process.env.PATH},
		onEvent: () => undefined,
	});
}

describe('session scope', () => {
	it('normalises paths as typed and refuses ones outside the repository', () => {
		expect(normalizeScopePath('./src//auth/')).toBe('src/auth/');
		expect(normalizeScopePath('package.json')).toBe('package.json');
		expect(() => normalizeScopePath('/etc/passwd')).toThrow('relative to the repository root');
		expect(() => normalizeScopePath('src/../../x', '--avoid')).toThrow('--avoid "src/../../x" leaves the repository');
		expect(() => normalizeScopePath('./')).toThrow('needs a path inside the repository');
	});

	it('flags an edit outside what a session owns, and an edit of what another owns, in one radar pass, with the paths', async () => {
		const fixture = await serviceFixture({repo: {files: {'README.md': '# r\n', 'src/a/x.ts': 'a\n', 'src/b/x.ts': 'b\n', 'docs/guide.md': 'g\n'}}});
		const first = await prepare(fixture, 'first', ['src/a/'], {avoid: ['docs/']});
		const second = await prepare(fixture, 'second', ['src/b/']);
		expect(await readScopes(fixture.repo.root)).toEqual(new Map([
			['agentgrid/first', {owns: ['src/a/'], avoid: ['docs/']}],
			['agentgrid/second', {owns: ['src/b/'], avoid: []}],
		]));

		const clean = await fixture.service.overlap();
		expect(clean.scope).toEqual([]);

		// Uncommitted edits count at once: no commit, no conflict needed.
		const work = fixture.checkout(first.worktree);
		await work.write('src/a/x.ts', 'a2\n');
		await work.write('src/b/x.ts', 'b from first\n');
		await work.write('docs/guide.md', 'g2\n');
		const report = await fixture.service.overlap();
		expect(report.scope).toEqual([
			{slug: 'first', kind: 'outside', paths: ['docs/guide.md', 'src/b/x.ts']},
			{slug: 'first', kind: 'avoided', paths: ['docs/guide.md']},
			{slug: 'first', kind: 'foreign', paths: ['src/b/x.ts'], owner: 'second'},
		]);
		expect(report.sessions.find(session => session.slug === 'first')?.scope).toEqual({owns: ['src/a/'], avoid: ['docs/']});
		// The second session edits only what it owns.
		await fixture.checkout(second.worktree).write('src/b/new.ts', 'new\n');
		expect((await fixture.service.overlap()).scope.filter(breach => breach.slug === 'second')).toEqual([]);
	});

	it('writes the scope and the done-when list into the brief, and has Claude Code import it without touching tracked files', async () => {
		const fixture = await serviceFixture();
		const session = await prepare(fixture, 'scoped', ['src/auth/', 'test/auth/'], {avoid: ['package.json'], prompt: 'Fix the login loop', contextFile: 'CLAUDE.local.md'});
		const brief = await readFile(path.join(session.worktree, 'AGENTGRID_TASK.md'), 'utf8');
		expect(brief).toContain('Fix the login loop');
		expect(brief).toContain('## You own\n\nMake your changes in these paths only; edits elsewhere are flagged.\n\n- `src/auth/`\n- `test/auth/`\n');
		expect(brief).toContain('## Do not touch\n\n- `package.json`\n');
		expect(brief).toContain('## Done when\n\n- [ ] npm test passes\n');
		expect(await readFile(path.join(session.worktree, 'CLAUDE.local.md'), 'utf8')).toContain('\n@AGENTGRID_TASK.md\n');
		expect(await runGitIn(session.worktree, ['status', '--porcelain', '--untracked-files=all'])).toBe('');
	});

	it('leaves a tracked CLAUDE.local.md alone', async () => {
		const fixture = await serviceFixture({repo: {files: {'README.md': '# r\n', 'CLAUDE.local.md': '# team file\n'}}});
		const tracked = await prepare(fixture, 'tracked', ['src/'], {prompt: 'x', contextFile: 'CLAUDE.local.md'});
		expect(await readFile(path.join(tracked.worktree, 'CLAUDE.local.md'), 'utf8')).toBe('# team file\n');
		expect(await runGitIn(tracked.worktree, ['status', '--porcelain'])).toBe('');
	});
});
