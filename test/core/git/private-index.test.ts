import {stat, utimes} from 'node:fs/promises';
import {describe, expect, it} from 'vitest';
import {withPrivateIndex} from '../../../source/core/git/private-index.js';
import {serviceFixture} from './fixture.js';

describe('withPrivateIndex', () => {
	it('hands out a copy with the original modification time, so racily clean entries are still re-checked', async () => {
		const {repo} = await serviceFixture();
		const index = `${repo.root}/.git/index`;
		const past = new Date(Date.now() - 3_600_000);
		await utimes(index, past, past);
		const copy = await withPrivateIndex(repo.root, async env => {
			const copied = await stat(env.GIT_INDEX_FILE!);
			return {path: env.GIT_INDEX_FILE!, mtimeMs: copied.mtimeMs};
		});
		expect(Math.abs(copy.mtimeMs - past.getTime())).toBeLessThan(1000);
		expect(copy.path).not.toBe(index);
		await expect(stat(copy.path)).rejects.toThrow();
	});

	it('sees a same-size edit made in the same second as the index was written', async () => {
		const {service, checkout} = await serviceFixture({repo: {files: {'same.txt': 'aaaa\n'}}});
		const created = await service.createSession({slug: 'racy'});
		const work = checkout(created.worktree);
		const indexPath = (await work.git('rev-parse', '--path-format=absolute', '--git-path', 'index')).trim();
		const file = `${created.worktree}/same.txt`;
		await work.git('config', 'core.trustctime', 'false');
		// Record the file in the index with an old time, so its entry is trusted (not smudged as racy)...
		const past = new Date(Math.floor(Date.now() / 1000) * 1000 - 10_000);
		await utimes(file, past, past);
		await work.git('update-index', '--refresh');
		// ...then edit it keeping size and time, and make the index claim that same second: only git's racy
		// check, which compares the entry with the index file's own time, still reads the content.
		await work.write('same.txt', 'bbbb\n');
		await utimes(file, past, past);
		await utimes(indexPath, past, past);
		expect(await service.diffFile('racy', 'same.txt')).toContain('-aaaa\n+bbbb');
		expect((await service.overlap()).sessions[0]).toMatchObject({includesUncommitted: true, changedFiles: ['same.txt']});
		expect((await work.git('status', '--porcelain')).trim()).toBe('M same.txt');
	});
});
