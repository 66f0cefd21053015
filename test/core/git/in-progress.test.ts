import {describe, expect, it} from 'vitest';
import {OperationInProgress} from '../../../source/core/git/errors.js';
import {runGitIn} from '../../helpers/git-repo.js';
import {serviceFixture} from './fixture.js';

/** A session with two commits that both conflict with a later commit on main. */
async function conflictingSession(slug: string) {
	const fixture = await serviceFixture();
	const created = await fixture.service.createSession({slug});
	const work = fixture.checkout(created.worktree);
	await work.commit('first', {'src/app.txt': 'one\nsession 1\nthree\n'});
	const tip = await work.commit('second', {'src/app.txt': 'one\nsession 2\nthree\n'});
	await fixture.repo.commit('main moves', {'src/app.txt': 'one\nmain\nthree\n'});
	return {...fixture, work, tip, worktree: created.worktree};
}

/** Runs git expecting it to stop (a conflict), the state an interrupted merge leaves behind. */
async function stopsIn(cwd: string, args: string[]): Promise<void> {
	await expect(runGitIn(cwd, args)).rejects.toThrow();
}

describe('sessions with an operation in progress', () => {
	it('lists a session stopped mid-rebase (detached HEAD) as itself, marked rebase; abort restores its branch', async () => {
		const {repo, service, work, tip} = await conflictingSession('long');
		await stopsIn(work.root, ['rebase', 'main']);
		expect((await work.git('status', '--porcelain=v2', '--branch')).includes('branch.head (detached)')).toBe(true);

		const [info] = await service.listSessions();
		expect(info).toMatchObject({slug: 'long', branch: 'agentgrid/long', head: tip, exists: true, inProgress: 'rebase', ahead: 2, behind: 1});
		expect(await service.listForeignWorktrees()).toEqual([]);
		await expect(service.commitAll('long', 'wip')).rejects.toBeInstanceOf(OperationInProgress);
		expect(await service.prune()).toEqual({prunedWorktrees: [], keptWorktrees: [], leftoverBranches: []});

		expect(await service.abortInProgress('long')).toBe('rebase');
		expect((await work.git('symbolic-ref', '--short', 'HEAD')).trim()).toBe('agentgrid/long');
		expect(await work.head()).toBe(tip);
		expect(await repo.head('agentgrid/long')).toBe(tip);
		const [after] = await service.listSessions();
		expect(after!.inProgress).toBeUndefined();
	});

	it('continues a rebase once its conflict is resolved, stopping again at the next conflict', async () => {
		const {repo, service, work} = await conflictingSession('resolve');
		await stopsIn(work.root, ['rebase', 'main']);
		await work.write('src/app.txt', 'one\nmain and session 1\nthree\n');
		await work.git('add', 'src/app.txt');
		expect(await service.continueRebase('resolve')).toEqual({finished: false, conflicted: ['src/app.txt']});
		expect((await service.listSessions())[0]!.inProgress).toBe('rebase');
		await work.write('src/app.txt', 'one\nmain and session 2\nthree\n');
		await work.git('add', 'src/app.txt');
		expect(await service.continueRebase('resolve')).toEqual({finished: true, conflicted: []});
		const [info] = await service.listSessions();
		expect(info).toMatchObject({slug: 'resolve', ahead: 2, behind: 0});
		expect(info!.inProgress).toBeUndefined();
		expect(await repo.git('show', 'agentgrid/resolve:src/app.txt')).toBe('one\nmain and session 2\nthree\n');
	});

	it('marks a merge and a cherry-pick in progress and aborts them', async () => {
		const {service, work, tip, repo} = await conflictingSession('merging');
		await stopsIn(work.root, ['merge', 'main']);
		expect((await service.listSessions())[0]!.inProgress).toBe('merge');
		expect(await service.abortInProgress('merging')).toBe('merge');
		expect(await work.head()).toBe(tip);

		await stopsIn(work.root, ['cherry-pick', await repo.head('main')]);
		expect((await service.listSessions())[0]!.inProgress).toBe('cherry-pick');
		expect(await service.abortInProgress('merging')).toBe('cherry-pick');
		expect(await work.head()).toBe(tip);
		expect((await work.git('status', '--porcelain'))).toBe('');
	});

	it('refuses to continue what is not a rebase and to abort when nothing is in progress', async () => {
		const {service, work} = await conflictingSession('idle');
		await expect(service.abortInProgress('idle')).rejects.toThrow(/nothing is in progress/i);
		await stopsIn(work.root, ['merge', 'main']);
		await expect(service.continueRebase('idle')).rejects.toThrow(/merge/);
		await runGitIn(work.root, ['merge', '--abort']);
	});
});
