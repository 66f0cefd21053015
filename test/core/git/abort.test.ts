/**
 * Stopping git work: a radar pass aborted while its git processes run kills them, leaves none behind, and rejects
 * with GitAborted; git calls after it (and other passes) are unaffected.
 */
import {describe, expect, it} from 'vitest';
import {GitAborted} from '../../../source/core/git/git-abort.js';
import {ourGitProcesses, until} from '../../helpers/git-processes.js';
import {serviceFixture} from './fixture.js';

/** A session whose uncommitted file goes through a clean filter that hangs: its snapshot (`git add`) blocks. */
async function hangingSession() {
	const fixture = await serviceFixture();
	const {repo, service, checkout} = fixture;
	// Its stderr is not git's, which simple-git waits to see closed.
	await repo.git('config', 'filter.hang.clean', 'exec 2>/dev/null; sleep 20; cat');
	const other = checkout((await service.createSession({slug: 'other'})).worktree);
	await other.write('src/app.txt', 'other\n');
	const stuck = checkout((await service.createSession({slug: 'stuck'})).worktree);
	await stuck.write('.gitattributes', 'slow.txt filter=hang\n');
	await stuck.write('slow.txt', 'slow\n');
	return fixture;
}

describe('aborting git work', () => {
	it('kills the git processes of an aborted radar pass and rejects with a clear error', async () => {
		const {repo, service} = await hangingSession();
		const pass = new AbortController();
		const result = service.overlap(pass.signal).then(() => 'finished', (error: unknown) => error);
		await until(async () => (await ourGitProcesses()).some(line => / add /.test(line)));

		pass.abort('a newer radar pass replaces it');
		const error = await result;
		expect(error).toBeInstanceOf(GitAborted);
		expect((error as GitAborted).message).toBe('Stopped: a newer radar pass replaces it.');
		// Settled only once every process it started has ended.
		expect(await ourGitProcesses()).toEqual([]);

		// Nothing else is affected: the repository's other commands (and passes without the hanging file) work.
		await repo.git('config', '--unset', 'filter.hang.clean');
		const report = await service.overlap();
		expect(report.sessions.map(session => session.slug).sort()).toEqual(['other', 'stuck']);
	});

	it('starts no git process for a pass whose signal was already aborted', async () => {
		const {service} = await serviceFixture();
		await service.createSession({slug: 'one'});
		const pass = new AbortController();
		pass.abort();
		await expect(service.overlap(pass.signal)).rejects.toThrow(GitAborted);
		await expect(service.overlap(pass.signal)).rejects.toThrow('Stopped: the git work was cancelled.');
		expect(await ourGitProcesses()).toEqual([]);
	});

	it('leaves a pass that is not aborted alone, and a signal aborted after the pass changes nothing', async () => {
		const {service, checkout} = await serviceFixture();
		const one = checkout((await service.createSession({slug: 'one'})).worktree);
		await one.write('src/app.txt', 'changed\n');
		const pass = new AbortController();
		const report = await service.overlap(pass.signal);
		pass.abort();
		expect(report.sessions[0]).toMatchObject({slug: 'one', includesUncommitted: true, changedFiles: ['src/app.txt']});
	});
});
