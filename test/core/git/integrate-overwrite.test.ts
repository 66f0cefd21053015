import {describe, expect, it} from 'vitest';
import {DirtyBase} from '../../../source/core/git/errors.js';
import {WorktreeService} from '../../../source/core/git/worktree-service.js';
import {serviceFixture} from './fixture.js';

async function refusal(promise: Promise<unknown>): Promise<DirtyBase> {
	const error = await promise.then(() => undefined, (error_: unknown) => error_);
	expect(error).toBeInstanceOf(DirtyBase);
	return error as DirtyBase;
}

describe('integrate never overwrites files git does not track in the base checkout', () => {
	it('refuses to fast-forward over an ignored file the session commits, naming it and leaving it intact', async () => {
		const {repo, service, checkout} = await serviceFixture();
		await repo.commit('ignore local config', {'.gitignore': 'local.cfg\n'});
		await repo.write('local.cfg', 'SECRET=mine\n');
		const created = await service.createSession({slug: 'cfg'});
		const work = checkout(created.worktree);
		await work.write('local.cfg', 'SECRET=theirs\n');
		await work.git('add', '-f', 'local.cfg');
		await work.git('commit', '--quiet', '-m', 'commit the config');
		const before = await repo.head('main');

		const error = await refusal(service.integrate('cfg'));

		expect(error.files).toEqual(['local.cfg']);
		expect(error.message).toContain('untracked or ignored files the merge would overwrite (local.cfg)');
		expect(await repo.read('local.cfg')).toBe('SECRET=mine\n');
		expect(await repo.head('main')).toBe(before);
	});

	it('finds ignored files with spaces and newlines in their names, a file where a directory must go, and the reverse', async () => {
		const {repo, service, checkout} = await serviceFixture();
		await repo.commit('ignore', {'.gitignore': '*.cfg\ncache\nout/\n'});
		await repo.write('out/build.bin', 'my build\n');
		const hostile = 'dir with space/new\nline.cfg';
		await repo.write(hostile, 'mine\n');
		await repo.write('cache', 'my cache file\n');
		const created = await service.createSession({slug: 'hostile'});
		const work = checkout(created.worktree);
		await work.write(hostile, 'theirs\n');
		await work.write('cache/entry.txt', 'theirs\n');
		await work.write('src/other.txt', 'fine\n');
		await work.write('out', 'a file named out\n');
		await work.git('add', '-f', '--', hostile, 'cache/entry.txt', 'src/other.txt', 'out');
		await work.git('commit', '--quiet', '-m', 'hostile names');

		const error = await refusal(service.integrate('hostile'));

		expect(error.files.sort()).toEqual(['cache', hostile, 'out/build.bin']);
		expect(await repo.read(hostile)).toBe('mine\n');
		expect(await repo.read('cache')).toBe('my cache file\n');
		expect(await repo.read('out/build.bin')).toBe('my build\n');
	});

	it('checks the merged tree in merge-commit mode too', async () => {
		const {repo, repository, checkout} = await serviceFixture();
		const service = new WorktreeService(repository, {mergeMode: 'merge-commit'});
		await repo.commit('ignore local config', {'.gitignore': 'local.cfg\n'});
		await repo.write('local.cfg', 'SECRET=mine\n');
		const created = await service.createSession({slug: 'mc'});
		const work = checkout(created.worktree);
		await work.write('local.cfg', 'SECRET=theirs\n');
		await work.git('add', '-f', 'local.cfg');
		await work.git('commit', '--quiet', '-m', 'commit the config');
		const before = await repo.commit('main moved on', {'main.txt': 'm\n'});

		expect((await refusal(service.integrate('mc'))).files).toEqual(['local.cfg']);
		expect(await repo.read('local.cfg')).toBe('SECRET=mine\n');
		expect(await repo.head('main')).toBe(before);
	});

	it('still fast-forwards over untracked files the session does not write', async () => {
		const {repo, service, checkout} = await serviceFixture();
		await repo.commit('ignore local config', {'.gitignore': 'local.cfg\n'});
		await repo.write('local.cfg', 'SECRET=mine\n');
		await repo.write('scratch/notes.txt', 'mine\n');
		const created = await service.createSession({slug: 'fine'});
		const tip = await checkout(created.worktree).commit('work', {'scratch/other.txt': 'theirs\n'});
		expect(await service.integrate('fine')).toMatchObject({status: 'fast-forwarded', baseCommit: tip});
		expect(await repo.read('local.cfg')).toBe('SECRET=mine\n');
		expect(await repo.read('scratch/notes.txt')).toBe('mine\n');
	});
});
