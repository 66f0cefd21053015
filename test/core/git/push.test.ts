import {execFile} from 'node:child_process';
import {chmod, readFile, writeFile} from 'node:fs/promises';
import {promisify} from 'node:util';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {NoRemote, PushFailed} from '../../../source/core/git/errors.js';
import {WorktreeService} from '../../../source/core/git/worktree-service.js';
import {addBareOrigin, runGitIn} from '../../helpers/git-repo.js';
import {serviceFixture} from './fixture.js';

const run = promisify(execFile);

/** The names in a commit's tree, as bytes. */
async function rawTree(gitDir: string, ref: string): Promise<Buffer[]> {
	const {stdout} = await run('git', ['--git-dir', gitDir, 'ls-tree', '-z', '--name-only', ref], {encoding: 'buffer'});
	const names: Buffer[] = [];
	let start = 0;
	for (let at = stdout.indexOf(0); at >= 0; at = stdout.indexOf(0, start)) {
		names.push(stdout.subarray(start, at));
		start = at + 1;
	}
	return names;
}

describe('push', () => {
	it('pushes to a same-named branch on the remote and sets it as upstream, never the base', async () => {
		const {repo, service, checkout} = await serviceFixture();
		const origin = await addBareOrigin(repo);
		const created = await service.createSession({slug: 'shipit'});
		const tip = await checkout(created.worktree).commit('work', {'s.txt': 's\n'});
		const mainOnOrigin = (await runGitIn(origin, ['rev-parse', 'refs/heads/main'])).trim();

		const result = await service.push('shipit');
		expect(result).toEqual({branch: 'agentgrid/shipit', remote: 'origin', upstream: 'origin/agentgrid/shipit', created: true, upToDate: false, pullRequest: null});
		expect((await runGitIn(origin, ['rev-parse', 'refs/heads/agentgrid/shipit'])).trim()).toBe(tip);
		expect((await runGitIn(origin, ['rev-parse', 'refs/heads/main'])).trim()).toBe(mainOnOrigin);
		expect((await repo.git('config', 'branch.agentgrid/shipit.remote')).trim()).toBe('origin');
		expect((await repo.git('config', 'branch.agentgrid/shipit.merge')).trim()).toBe('refs/heads/agentgrid/shipit');
		const upstream = await checkout(created.worktree).git('rev-parse', '--abbrev-ref', '@{upstream}');
		expect(upstream.trim()).toBe('origin/agentgrid/shipit');

		// Again: nothing to send, and the result says so.
		expect(await service.push('shipit')).toMatchObject({upstream: 'origin/agentgrid/shipit', created: false, upToDate: true});
		const next = await checkout(created.worktree).commit('more', {'t.txt': 't\n'});
		expect(await service.push('shipit')).toMatchObject({created: false, upToDate: false});
		expect((await runGitIn(origin, ['rev-parse', 'refs/heads/agentgrid/shipit'])).trim()).toBe(next);
	});

	it('pushes file names that are not UTF-8 byte for byte, and a base that tracks the remote stays untouched', async () => {
		const {repo, service, checkout} = await serviceFixture();
		const origin = await addBareOrigin(repo);
		const created = await service.createSession({slug: 'latin'});
		const work = checkout(created.worktree);
		const name = Buffer.concat([Buffer.from('latin'), Buffer.from([0xFF]), Buffer.from('.txt')]);
		await writeFile(Buffer.concat([Buffer.from(`${created.worktree}/`), name]), 'bytes\n');
		await work.git('add', '-A');
		await work.git('commit', '-q', '-m', 'latin name');
		const result = await service.push('latin');
		expect(result).toMatchObject({branch: 'agentgrid/latin', upstream: 'origin/agentgrid/latin', created: true});
		const listed = await rawTree(origin, 'refs/heads/agentgrid/latin');
		expect(listed.some(entry => entry.equals(name))).toBe(true);
		expect((await repo.git('config', 'branch.main.merge')).trim()).toBe('refs/heads/main');
	});

	it('says so when the pull request tool is not installed', async () => {
		const {repo, repository, checkout} = await serviceFixture();
		await addBareOrigin(repo);
		const service = new WorktreeService(repository, {pullRequestCommand: 'agentgrid-no-such-gh-tool'});
		const created = await service.createSession({slug: 'pr'});
		await checkout(created.worktree).commit('work', {'p.txt': 'p\n'});
		const result = await service.push('pr', {openPullRequest: true});
		expect(result.pullRequest).toMatchObject({opened: false, url: null});
		expect(result.pullRequest!.reason).toMatch(/agentgrid-no-such-gh-tool is not installed/);
	});

	it('opens a pull request with the tool when it is installed', async () => {
		const {repo, repository, checkout} = await serviceFixture();
		await addBareOrigin(repo);
		const argsFile = path.join(repo.dir, 'gh-args.txt');
		const fakeGh = path.join(repo.dir, 'fake-gh');
		await writeFile(fakeGh, `#!/bin/sh\nprintf '%s\\n' "$@" > '${argsFile}'\necho https://example.com/pull/7\n`);
		await chmod(fakeGh, 0o755);
		const service = new WorktreeService(repository, {pullRequestCommand: fakeGh});
		const created = await service.createSession({slug: 'pr2'});
		await checkout(created.worktree).commit('work', {'p.txt': 'p\n'});
		const result = await service.push('pr2', {openPullRequest: true});
		expect(result.pullRequest).toEqual({opened: true, url: 'https://example.com/pull/7', reason: null});
		expect((await readFile(argsFile, 'utf8')).trim().split('\n')).toEqual(['pr', 'create', '--head', 'agentgrid/pr2', '--base', 'main', '--fill']);
	});

	it('fails clearly without a remote or when the remote rejects the push', async () => {
		const {repo, service, checkout} = await serviceFixture();
		const created = await service.createSession({slug: 'nowhere'});
		await expect(service.push('nowhere')).rejects.toBeInstanceOf(NoRemote);
		const origin = await addBareOrigin(repo);
		await expect(service.push('nowhere', {remote: 'upstream'})).rejects.toThrow(/no remote named "upstream"/);
		const elsewhere = await repo.commit('elsewhere', {'e.txt': 'e\n'});
		await repo.git('push', '--quiet', 'origin', `${elsewhere}:refs/heads/agentgrid/nowhere`);
		expect((await runGitIn(origin, ['rev-parse', 'refs/heads/agentgrid/nowhere'])).trim()).toBe(elsewhere);
		await checkout(created.worktree).commit('local', {'l.txt': 'l\n'});
		await expect(service.push('nowhere')).rejects.toBeInstanceOf(PushFailed);
	});
});
