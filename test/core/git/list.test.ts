import {rm} from 'node:fs/promises';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {openRepository} from '../../../source/core/git/repository.js';
import {WorktreeService} from '../../../source/core/git/worktree-service.js';
import {serviceFixture} from './fixture.js';

describe('listSessions', () => {
	it('describes each session: head, base, ahead/behind, dirty, changed files, merged', async () => {
		const {repo, service, checkout} = await serviceFixture();
		const busy = await service.createSession({slug: 'busy'});
		const idle = await service.createSession({slug: 'idle'});
		const work = checkout(busy.worktree);
		await work.commit('one', {'a.txt': 'a\n'});
		const busyHead = await work.commit('two', {'b.txt': 'b\n'});
		await work.write('src/app.txt', 'changed\n');
		await work.write('new/untracked.txt', 'u\n');
		await repo.commit('main moves', {'main.txt': 'm\n'});

		const sessions = await service.listSessions();
		expect(sessions.map(session => session.slug).sort()).toEqual(['busy', 'idle']);
		const busyInfo = sessions.find(session => session.slug === 'busy')!;
		expect(busyInfo).toMatchObject({
			branch: 'agentgrid/busy',
			worktree: busy.worktree,
			head: busyHead,
			base: 'main',
			baseExists: true,
			ahead: 2,
			behind: 1,
			dirty: true,
			changedFiles: 4,
			exists: true,
			merged: false,
		});
		const idleInfo = sessions.find(session => session.slug === 'idle')!;
		expect(idleInfo).toMatchObject({worktree: idle.worktree, ahead: 0, behind: 1, dirty: false, changedFiles: 0, merged: false});
	});

	it('knows each base after a restart (a new service on a freshly opened repository)', async () => {
		const {repo, service} = await serviceFixture();
		await repo.git('branch', 'develop');
		await service.createSession({slug: 'on-develop', base: 'develop'});
		await service.createSession({slug: 'on-main'});
		const restarted = new WorktreeService(await openRepository(repo.root));
		const bases = Object.fromEntries((await restarted.listSessions()).map(session => [session.slug, session.base]));
		expect(bases).toEqual({'on-develop': 'develop', 'on-main': 'main'});
	});

	it('marks a branch merged once all its work is in the base', async () => {
		const {repo, service, checkout} = await serviceFixture();
		const created = await service.createSession({slug: 'done'});
		const tip = await checkout(created.worktree).commit('work', {'w.txt': 'w\n'});
		await repo.git('merge', '--quiet', '--ff-only', tip);
		const [info] = await service.listSessions();
		expect(info).toMatchObject({ahead: 0, behind: 0, merged: true, changedFiles: 0});
	});

	it('lists an orphan (worktree directory deleted by hand) with exists=false and its commits intact', async () => {
		const {service, checkout} = await serviceFixture();
		const created = await service.createSession({slug: 'orphan'});
		await checkout(created.worktree).commit('work', {'w.txt': 'w\n'});
		await rm(created.worktree, {recursive: true, force: true});
		const [info] = await service.listSessions();
		expect(info).toMatchObject({slug: 'orphan', exists: false, dirty: false, ahead: 1, changedFiles: 1});
	});

	it('reports a deleted base instead of failing', async () => {
		const {repo, service} = await serviceFixture();
		await repo.git('branch', 'temp-base');
		await service.createSession({slug: 'lost-base', base: 'temp-base'});
		await repo.git('branch', '-D', 'temp-base');
		const [info] = await service.listSessions();
		expect(info).toMatchObject({base: 'temp-base', baseExists: false, merged: false});
	});

	it('lists worktrees made by hand or by other tools as foreign, not as sessions', async () => {
		const {repo, service} = await serviceFixture();
		await service.createSession({slug: 'mine'});
		const byHand = path.join(repo.dir, 'by-hand');
		await repo.git('worktree', 'add', '--quiet', '-b', 'feature/x', byHand);
		const detached = path.join(repo.dir, 'detached');
		await repo.git('worktree', 'add', '--quiet', '--detach', detached);
		expect((await service.listSessions()).map(session => session.slug)).toEqual(['mine']);
		const foreign = await service.listForeignWorktrees();
		expect(foreign).toEqual([
			{path: byHand, branch: 'feature/x', head: await repo.head(), detached: false, locked: false, exists: true},
			{path: detached, branch: null, head: await repo.head(), detached: true, locked: false, exists: true},
		]);
	});
});
