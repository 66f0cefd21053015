import {chmod} from 'node:fs/promises';
import {describe, expect, it} from 'vitest';
import {serviceFixture} from './fixture.js';

describe('commitAll', () => {
	it('commits modified, deleted and untracked files with the message, and returns the commit id', async () => {
		const {service, checkout} = await serviceFixture();
		const created = await service.createSession({slug: 'c'});
		const work = checkout(created.worktree);
		await work.write('src/app.txt', 'changed\n');
		await work.write('brand/new.txt', 'new\n');
		await work.git('rm', '--quiet', 'README.md');
		const sha = await service.commitAll('c', 'Add the new thing');
		expect(sha).toMatch(/^[0-9a-f]{40}$/);
		expect(await work.head()).toBe(sha);
		expect((await work.git('log', '-1', '--format=%s')).trim()).toBe('Add the new thing');
		expect((await work.git('show', '--name-status', '--format=', 'HEAD')).trim().split('\n').sort()).toEqual(['A\tbrand/new.txt', 'D\tREADME.md', 'M\tsrc/app.txt']);
		expect((await work.git('status', '--porcelain')).trim()).toBe('');
	});

	it('returns null when there is nothing to commit', async () => {
		const {service} = await serviceFixture();
		await service.createSession({slug: 'clean'});
		expect(await service.commitAll('clean', 'nothing')).toBeNull();
	});

	it('rejects an empty message without committing', async () => {
		const {service, checkout} = await serviceFixture();
		const created = await service.createSession({slug: 'msg'});
		await checkout(created.worktree).write('x.txt', 'x\n');
		await expect(service.commitAll('msg', '   ')).rejects.toThrow(/needs a message/);
		expect((await checkout(created.worktree).git('status', '--porcelain')).trim()).toBe('?? x.txt');
	});

	it('can skip a failing commit hook (used for salvage)', async () => {
		const {repo, service, checkout} = await serviceFixture();
		await repo.write('.git/hooks/pre-commit', '#!/bin/sh\nexit 1\n');
		await chmod(`${repo.root}/.git/hooks/pre-commit`, 0o755);
		// Absolute, so a hooks path in the developer's global config cannot redirect it.
		await repo.git('config', 'core.hooksPath', `${repo.root}/.git/hooks`);
		const created = await service.createSession({slug: 'hooked'});
		await checkout(created.worktree).write('wip.txt', 'wip\n');
		await expect(service.commitAll('hooked', 'checked')).rejects.toThrow(/git commit/);
		expect(await service.commitAll('hooked', 'unchecked', {noVerify: true})).toMatch(/^[0-9a-f]{40}$/);
	});
});
