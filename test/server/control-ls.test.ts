import {describe, expect, it} from 'vitest';
import {type ControlContext, handlers} from '../../source/server/control.js';
import {runGitIn} from '../helpers/git-repo.js';
import {serviceFixture} from '../core/git/fixture.js';
import {RecordingWorkspace} from '../ui/screens/cleanup/screen-context.js';
import {HeadlessTerminal} from '../../source/core/terminal/headless-terminal.js';

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

describe('the info handler', () => {
	it('says where the server\'s memory goes and how many lines its terminals hold', async () => {
		const terminal = new HeadlessTerminal({cols: 40, rows: 10, scrollback: 1000});
		await new Promise<void>(resolve => terminal.write(Array.from({length: 60}, (_, n) => `line ${n}`).join('\r\n'), resolve));
		const workspace = {entries: () => [{slug: 'a', terminal}, {slug: 'b'}], runningCount: () => 1};
		const context = {repoRoot: '/repo', pid: process.pid, version: '0', attached: () => false, workspace} as unknown as ControlContext;
		const {memory} = await handlers.info!({}, context, () => undefined) as {memory: Record<string, number>};
		expect(memory.heldLines).toBe(60);
		expect(memory.rss).toBeGreaterThan(memory.heapUsed!);
		expect(memory.heapTotal).toBeGreaterThanOrEqual(memory.heapUsed!);
		expect(memory.arrayBuffers).toBeGreaterThan(0);
		terminal.dispose();
	});
});
