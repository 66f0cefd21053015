import {describe, expect, it} from 'vitest';
import {RebaseConflict, SessionDirty} from '../../../source/core/git/errors.js';
import {serviceFixture} from './fixture.js';

describe('rebaseOntoBase', () => {
	it('replays the session commits onto the moved base', async () => {
		const {repo, service, checkout} = await serviceFixture();
		const created = await service.createSession({slug: 'r'});
		const work = checkout(created.worktree);
		const before = await work.commit('session work', {'session.txt': 's\n'});
		const baseTip = await repo.commit('base work', {'base.txt': 'b\n'});
		const result = await service.rebaseOntoBase('r');
		expect(result).toMatchObject({status: 'rebased', base: 'main', baseCommit: baseTip, previousHead: before});
		expect(result.head).not.toBe(before);
		expect((await work.git('rev-parse', 'HEAD~1')).trim()).toBe(baseTip);
		expect(await work.exists('base.txt')).toBe(true);
		expect((await service.listSessions())[0]).toMatchObject({ahead: 1, behind: 0});
	});

	it('says up-to-date when the base has not moved', async () => {
		const {service, checkout} = await serviceFixture();
		const created = await service.createSession({slug: 'fresh'});
		await checkout(created.worktree).commit('work', {'w.txt': 'w\n'});
		expect((await service.rebaseOntoBase('fresh')).status).toBe('up-to-date');
	});

	it('on conflict aborts, leaves the worktree clean and as before, and names the files and upstream commits', async () => {
		const {repo, service, checkout} = await serviceFixture();
		const created = await service.createSession({slug: 'clash'});
		const work = checkout(created.worktree);
		await work.commit('session edits app', {'src/app.txt': 'one\nSESSION\nthree\n', 'only-session.txt': 'x\n'});
		const sessionHead = await work.head();
		await repo.commit('unrelated upstream', {'other.txt': 'o\n'});
		const culprit = await repo.commit('upstream edits app', {'src/app.txt': 'one\nUPSTREAM\nthree\n'});

		const error = await service.rebaseOntoBase('clash').catch((error_: unknown) => error_);
		expect(error).toBeInstanceOf(RebaseConflict);
		const conflict = error as RebaseConflict;
		expect(conflict.files).toEqual(['src/app.txt']);
		expect(conflict.upstreamCommits).toEqual([{sha: culprit, subject: 'upstream edits app', files: ['src/app.txt']}]);
		expect(conflict.message).toMatch(/conflicts in src\/app\.txt/);

		expect(await work.head()).toBe(sessionHead);
		expect((await work.git('status', '--porcelain')).trim()).toBe('');
		expect((await work.git('rev-parse', '--abbrev-ref', 'HEAD')).trim()).toBe('agentgrid/clash');
		await expect(work.exists('.git/rebase-merge')).resolves.toBe(false);
		const gitDir = (await work.git('rev-parse', '--absolute-git-dir')).trim();
		await expect(work.exists(`${gitDir}/rebase-merge/head-name`)).resolves.toBe(false);
		await expect(work.exists(`${gitDir}/rebase-apply/head-name`)).resolves.toBe(false);
		expect(await work.read('src/app.txt')).toBe('one\nSESSION\nthree\n');
	});

	it('refuses to rebase a session with uncommitted changes', async () => {
		const {repo, service, checkout} = await serviceFixture();
		const created = await service.createSession({slug: 'dirty'});
		await checkout(created.worktree).write('src/app.txt', 'dirty\n');
		await repo.commit('base moves', {'b.txt': 'b\n'});
		await expect(service.rebaseOntoBase('dirty')).rejects.toBeInstanceOf(SessionDirty);
		expect(await checkout(created.worktree).read('src/app.txt')).toBe('dirty\n');
	});
});
