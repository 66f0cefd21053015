import {describe, expect, it} from 'vitest';
import {type ControlContext, handlers} from '../../source/server/control.js';
import {runGitIn} from '../helpers/git-repo.js';
import {serviceFixture} from '../core/git/fixture.js';
import {RecordingWorkspace} from '../ui/screens/cleanup/screen-context.js';

describe('the ls handler', () => {
	it('marks a session whose worktree stopped mid-rebase', async () => {
		const {repo, service, checkout} = await serviceFixture();
		const work = checkout((await service.createSession({slug: 'stuck'})).worktree);
		await work.commit('session change', {'src/app.txt': 'session\n'});
		await repo.commit('main change', {'src/app.txt': 'main\n'});
		await expect(runGitIn(work.root, ['rebase', 'main'])).rejects.toThrow();
		const workspace = new RecordingWorkspace(service);
		workspace.add('stuck', 'stopped');
		const context = {workspace, worktrees: service} as unknown as ControlContext;
		const rows = await handlers.ls!({}, context, () => undefined);
		expect(rows).toEqual([expect.objectContaining({slug: 'stuck', branch: 'agentgrid/stuck', ahead: 1, inProgress: 'rebase'})]);
	});
});
