import {writeFile} from 'node:fs/promises';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import type {WorkspaceEvent} from '../../../source/core/workspace/types.js';
import {runGitIn} from '../../helpers/git-repo.js';
import {workspaceFixture} from './workspace-fixture.js';

describe('loading sessions before they are counted', () => {
	it('shows them with their counts unknown, then counts them, and keeps known counts when an inventory comes again', async () => {
		const fixture = await workspaceFixture({});
		const {worktree} = await fixture.worktrees.createSession({slug: 'counted'});
		await writeFile(path.join(worktree, 'one.txt'), '1\n');
		await writeFile(path.join(worktree, 'two.txt'), '2\n');
		await runGitIn(worktree, ['add', 'one.txt']);
		await runGitIn(worktree, ['commit', '--quiet', '-m', 'one']);
		const events: WorkspaceEvent[] = [];
		fixture.workspace.subscribe(event => events.push(event));
		const counted = () => fixture.workspace.entries().find(entry => entry.slug === 'counted');

		// The workspace has not seen the session yet, as a starting server has not: the inventory says nothing of changes.
		const inventory = await fixture.worktrees.listSessionsUncounted();
		expect(inventory.map(record => record.slug)).toEqual(['counted']);
		await fixture.workspace.load(inventory);
		expect(counted()?.changedFiles).toBeUndefined();
		expect(counted()?.merged).toBeUndefined();

		await fixture.workspace.countChanges();
		expect(counted()?.changedFiles).toBe(2);
		expect(counted()?.merged).toBe(false);
		expect(events).toContainEqual({type: 'changes', id: 'counted', changed: true});

		await fixture.workspace.load(await fixture.worktrees.listSessionsUncounted());
		expect(counted()?.changedFiles).toBe(2);
		expect(counted()?.merged).toBe(false);
	});

	it('says a count failed rather than that it is coming, and never changes which sessions there are', async () => {
		const fixture = await workspaceFixture({});
		const {worktree} = await fixture.worktrees.createSession({slug: 'broken'});
		await fixture.worktrees.createSession({slug: 'fine'});
		await fixture.workspace.load(await fixture.worktrees.listSessionsUncounted());
		// Removed after the inventory: counting must not bring it back.
		await fixture.worktrees.removeSession('fine', 'discard');
		// An index git cannot read: the worktree's status fails.
		const gitDir = (await runGitIn(worktree, ['rev-parse', '--absolute-git-dir'])).trim();
		await writeFile(path.join(gitDir, 'index'), 'not an index');
		await fixture.workspace.countChanges();
		const broken = fixture.workspace.entries().find(entry => entry.slug === 'broken');
		expect(broken?.changedFiles).toBeUndefined();
		expect(broken?.countFailed).toBe(true);
		expect(fixture.workspace.entries().map(entry => entry.slug)).toEqual(['broken', 'fine']);
		// Which sessions there are is for a listing to say (this one fails on the broken index as a whole).
		await expect(fixture.workspace.load()).rejects.toThrow(/index file smaller than expected/);
		await fixture.workspace.load(await fixture.worktrees.listSessionsUncounted());
		expect(fixture.workspace.entries().map(entry => entry.slug)).toEqual(['broken']);
		expect(fixture.workspace.entries()[0]?.countFailed).toBe(true);
	});
});
