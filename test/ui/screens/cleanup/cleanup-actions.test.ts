import {rename, rm, stat} from 'node:fs/promises';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {CleanupActions, type CleanupChoice, type Question} from '../../../../source/ui/screens/cleanup/cleanup-actions.js';
import {loadCleanupRows} from '../../../../source/ui/screens/cleanup/cleanup-rows.js';
import type {WorktreeService} from '../../../../source/core/git/worktree-service.js';
import {runGitIn} from '../../../helpers/git-repo.js';
import {serviceFixture} from '../../../core/git/fixture.js';
import {RecordingWorkspace} from './screen-context.js';
import {buildKeymap, keyFor} from '../../../../source/ui/keymap/index.js';

const keymap = buildKeymap();

const exists = async (file: string) => stat(file).then(() => true, () => false);

type Answer = string | undefined | (() => Promise<string | undefined>);

/** Answers scripted by their default keys. */
const answerOf: Record<string, CleanupChoice> = {y: 'choice.yes', s: 'choice.salvage', x: 'choice.discard'};

/** Actions answered from a script (an answer may be a function, to change things while the question is open); records every question and released slot. */
function scripted(service: WorktreeService, answers: Answer[]) {
	const workspace = new RecordingWorkspace(service);
	const questions: Question[] = [];
	const released = workspace.released;
	const actions = new CleanupActions({
		worktrees: service,
		workspace,
		slots: {release: async slug => void released.push(slug)},
		ask: async question => {
			questions.push(question);
			const answer = answers.shift();
			const key = typeof answer === 'function' ? await answer() : answer;
			return key === undefined ? undefined : answerOf[key];
		},
		progress: () => undefined,
		key: command => keyFor(keymap, command),
	});
	const rowsOf = async (...slugs: string[]) => (await loadCleanupRows({worktrees: service, workspace})).filter(row => slugs.includes(row.slug));
	return {workspace, questions, released, actions, rowsOf};
}

const branchExists = async (repo: {git(...args: string[]): Promise<string>}, branch: string) =>
	(await repo.git('branch', '--list', branch)).trim() !== '';

describe('cleanup actions', () => {
	it('removes a session without changes at once: worktree, branch and its ports', async () => {
		const {repo, service} = await serviceFixture();
		const {worktree} = await service.createSession({slug: 'untouched'});
		const {actions, questions, released, workspace, rowsOf} = scripted(service, []);
		const outcome = await actions.remove(await rowsOf('untouched'), false);
		expect(questions).toEqual([]);
		expect(outcome.text).toBe('removed untouched');
		expect(await exists(worktree)).toBe(false);
		expect(await branchExists(repo, 'agentgrid/untouched')).toBe(false);
		expect(released).toEqual(['untouched']);
		expect(workspace.loads).toBe(1);
	});

	it('salvages uncommitted work: commits it on the branch and keeps the branch', async () => {
		const {repo, service, checkout} = await serviceFixture();
		const {worktree} = await service.createSession({slug: 'wip'});
		await checkout(worktree).write('notes/todo.txt', 'half done\n');
		const {actions, questions, released, rowsOf} = scripted(service, ['s']);
		const outcome = await actions.remove(await rowsOf('wip'), false);
		expect(questions).toHaveLength(1);
		expect(questions[0]!.lines.join('\n')).toContain('notes/todo.txt');
		expect(questions[0]!.choices.map(choice => choice.command)).toEqual(['choice.salvage', 'choice.discard']);
		expect(outcome.text).toMatch(/^salvaged wip: kept agentgrid\/wip with commit [0-9a-f]{10}$/);
		expect(await exists(worktree)).toBe(false);
		expect((await repo.git('log', '-1', '--format=%s', 'agentgrid/wip')).trim()).toBe('WIP: salvaged from session wip');
		expect(await repo.git('show', 'agentgrid/wip:notes/todo.txt')).toBe('half done\n');
		expect(released).toEqual(['wip']);
	});

	it('reports what a salvage actually did: no commit and a deleted branch when the work went away meanwhile', async () => {
		const {repo, service, checkout} = await serviceFixture();
		const {worktree} = await service.createSession({slug: 'gone'});
		const work = checkout(worktree);
		await work.write('notes/todo.txt', 'half done\n');
		const {actions, rowsOf} = scripted(service, [async () => {
			await rm(`${worktree}/notes`, {recursive: true});
			return 's';
		}]);
		const outcome = await actions.remove(await rowsOf('gone'), false);
		expect(outcome.text).toBe('salvaged gone: deleted agentgrid/gone (nothing to commit)');
		expect(await branchExists(repo, 'agentgrid/gone')).toBe(false);
	});

	it('discards only after a second confirmation naming the files and commits', async () => {
		const {repo, service, checkout} = await serviceFixture();
		const {worktree} = await service.createSession({slug: 'doomed'});
		const work = checkout(worktree);
		await work.commit('Add the feature', {'feature.txt': 'f\n'});
		await work.write('scratch.txt', 'temp\n');

		// Second question answered with anything but y: nothing happens.
		const first = scripted(service, ['x', 'n']);
		const cancelled = await first.actions.remove(await first.rowsOf('doomed'), false);
		expect(cancelled.text).toBe('cancelled');
		expect(first.questions).toHaveLength(2);
		const confirmation = first.questions[1]!;
		expect(confirmation.danger).toBe(true);
		expect(confirmation.lines).toContain('  scratch.txt');
		expect(confirmation.lines.join('\n')).toMatch(/commit [0-9a-f]{10} Add the feature/);
		expect(await work.read('scratch.txt')).toBe('temp\n');
		expect(await branchExists(repo, 'agentgrid/doomed')).toBe(true);
		expect(first.released).toEqual([]);

		const second = scripted(service, ['x', 'y']);
		const outcome = await second.actions.remove(await second.rowsOf('doomed'), false);
		expect(outcome.text).toBe('discarded doomed');
		expect(await exists(worktree)).toBe(false);
		expect(await branchExists(repo, 'agentgrid/doomed')).toBe(false);
	});

	it('cancels on any other key, leaving the rest of a batch untouched', async () => {
		const {service, checkout} = await serviceFixture();
		const a = (await service.createSession({slug: 'a-dirty'})).worktree;
		const b = (await service.createSession({slug: 'b-clean'})).worktree;
		await checkout(a).write('x.txt', 'x\n');
		const {actions, rowsOf} = scripted(service, [undefined]);
		const outcome = await actions.remove(await rowsOf('a-dirty', 'b-clean'), false);
		expect(outcome.text).toBe('cancelled; a-dirty, b-clean untouched');
		expect(await exists(a)).toBe(true);
		expect(await exists(b)).toBe(true);
	});

	it('asks before stopping a running agent, and stops it before removing', async () => {
		const {service} = await serviceFixture();
		const {worktree} = await service.createSession({slug: 'busy-one'});
		const refused = scripted(service, ['n']);
		refused.workspace.add('busy-one', 'busy');
		expect((await refused.actions.remove(await refused.rowsOf('busy-one'), false)).text).toBe('cancelled');
		expect(refused.workspace.stopped).toEqual([]);
		expect(await exists(worktree)).toBe(true);

		const agreed = scripted(service, ['y']);
		agreed.workspace.add('busy-one', 'busy');
		const outcome = await agreed.actions.remove(await agreed.rowsOf('busy-one'), false);
		expect(agreed.questions[0]!.lines[0]).toContain('busy-one');
		expect(agreed.workspace.stopped).toEqual(['busy-one']);
		expect(outcome.text).toBe('removed busy-one');
		expect(await exists(worktree)).toBe(false);
		expect(agreed.workspace.entries()).toEqual([]);
	});

	it('removes only the worktree, keeping a branch with commits without asking', async () => {
		const {repo, service, checkout} = await serviceFixture();
		const {worktree} = await service.createSession({slug: 'keep'});
		await checkout(worktree).commit('work', {'w.txt': 'w\n'});
		const {actions, questions, rowsOf} = scripted(service, []);
		const outcome = await actions.remove(await rowsOf('keep'), true);
		expect(questions).toEqual([]);
		expect(outcome.text).toBe("removed keep's worktree, kept agentgrid/keep");
		expect(await exists(worktree)).toBe(false);
		expect(await repo.git('show', 'agentgrid/keep:w.txt')).toBe('w\n');
	});

	it('deletes a branch left without a worktree only after confirming its unmerged commits', async () => {
		const {repo, service, checkout} = await serviceFixture();
		const {worktree} = await service.createSession({slug: 'leftover'});
		await checkout(worktree).commit('Unmerged idea', {'idea.txt': 'i\n'});
		await service.removeSession('leftover', 'refuse', {keepBranch: true});
		const {actions, questions, rowsOf} = scripted(service, ['x', 'y']);
		const [row] = await rowsOf('leftover');
		expect(row!.kind).toBe('branch');
		const outcome = await actions.remove([row!], false);
		expect(questions[1]!.lines.join('\n')).toMatch(/Unmerged idea/);
		expect(outcome.text).toBe('deleted agentgrid/leftover');
		expect(await branchExists(repo, 'agentgrid/leftover')).toBe(false);
	});

	it('deletes merged branches after asking, keeping a merged one with uncommitted changes', async () => {
		const {repo, service, checkout} = await serviceFixture();
		const done = checkout((await service.createSession({slug: 'done'})).worktree);
		const touched = checkout((await service.createSession({slug: 'touched'})).worktree);
		const open = checkout((await service.createSession({slug: 'open'})).worktree);
		await done.commit('done', {'done.txt': 'd\n'});
		await repo.git('merge', '--quiet', '--ff-only', 'agentgrid/done');
		await touched.commit('touched', {'touched.txt': 't\n'});
		await repo.git('merge', '--quiet', '--no-edit', 'agentgrid/touched');
		await touched.write('later.txt', 'more work\n');
		await open.commit('open', {'open.txt': 'o\n'});

		const {actions, questions, released} = scripted(service, ['y']);
		const rows = await loadCleanupRows({worktrees: service, workspace: new RecordingWorkspace(service)});
		const outcome = await actions.deleteMerged(rows);
		expect(questions[0]!.title).toBe('Delete 2 merged branches?');
		expect(outcome.text).toBe('deleted 1 merged branch: done; kept touched (uncommitted changes)');
		expect(await branchExists(repo, 'agentgrid/done')).toBe(false);
		expect(await branchExists(repo, 'agentgrid/touched')).toBe(true);
		expect(await branchExists(repo, 'agentgrid/open')).toBe(true);
		expect(await touched.read('later.txt')).toBe('more work\n');
		expect(released).toEqual(['done']);
	});

	it('prunes an orphaned worktree and keeps its branch', async () => {
		const {repo, service} = await serviceFixture();
		const {worktree} = await service.createSession({slug: 'gone'});
		await rm(worktree, {recursive: true, force: true});
		const {actions, released, rowsOf} = scripted(service, []);
		const rows = await rowsOf('gone');
		expect(rows[0]!.kind).toBe('orphan');
		const outcome = await actions.prune(rows);
		expect(outcome.text).toBe('pruned 1 orphaned worktree (gone); branches kept');
		expect(released).toEqual(['gone']);
		expect(await repo.git('worktree', 'list', '--porcelain')).not.toContain(worktree);
		expect((await rowsOf('gone'))[0]!.kind).toBe('branch');
	});

	it('prune keeps a moved worktree and one with unmerged commits, saying how to reconnect each', async () => {
		const {service, checkout} = await serviceFixture();
		const moved = (await service.createSession({slug: 'moved'})).worktree;
		const movedTo = path.join(path.dirname(moved), 'moved-by-hand');
		await rename(moved, movedTo);
		const work = (await service.createSession({slug: 'work'})).worktree;
		await checkout(work).commit('work', {'w.txt': 'w\n'});
		await rm(work, {recursive: true, force: true});
		const {actions, released, rowsOf} = scripted(service, []);
		const rows = await rowsOf('moved', 'work');
		expect(rows.map(row => [row.slug, row.kind, row.movedTo])).toEqual([['moved', 'orphan', movedTo], ['work', 'orphan', undefined]]);
		const outcome = await actions.prune(rows);
		expect(outcome.text).toBe(
			`kept moved: moved to ${movedTo}, reconnect it with git worktree repair "${movedTo}"; kept work: directory gone but 1 commit not merged; if you moved it, run git worktree repair <new location>, else remove it with d`,
		);
		expect(released).toEqual([]);
		expect((await rowsOf('moved', 'work')).map(row => row.kind)).toEqual(['orphan', 'orphan']);
	});

	it('aborts a rebase left half-way, after asking, and the branch is back as it was', async () => {
		const {repo, service, checkout} = await serviceFixture();
		const work = checkout((await service.createSession({slug: 'stuck'})).worktree);
		const tip = await work.commit('session change', {'src/app.txt': 'session\n'});
		await repo.commit('main change', {'src/app.txt': 'main\n'});
		await expect(runGitIn(work.root, ['rebase', 'main'])).rejects.toThrow();
		const {actions, questions, rowsOf} = scripted(service, [undefined, 'y']);
		const [row] = await rowsOf('stuck');
		expect((await actions.abortInProgress(row!)).text).toBe('cancelled');
		expect((await rowsOf('stuck'))[0]!.inProgress).toBe('rebase');
		expect((await actions.abortInProgress(row!)).text).toBe('aborted the rebase in stuck');
		expect(questions[0]!.title).toBe('Abort the rebase in stuck?');
		expect((await work.git('symbolic-ref', '--short', 'HEAD')).trim()).toBe('agentgrid/stuck');
		expect(await work.head()).toBe(tip);
		expect((await rowsOf('stuck'))[0]!.inProgress).toBeUndefined();
	});
});
