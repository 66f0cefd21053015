import {rm, stat} from 'node:fs/promises';
import {describe, expect, it} from 'vitest';
import {SessionSlotStore, sessionSlotsFile} from '../../../../source/core/config/session-slots.js';
import {CleanupScreen} from '../../../../source/ui/screens/cleanup/cleanup-screen.js';
import {serviceFixture} from '../../../core/git/fixture.js';
import {RecordingWorkspace, eventually, renderScreen, screenContext, typed} from './screen-context.js';

const exists = async (file: string) => stat(file).then(() => true, () => false);

describe('cleanup screen', () => {
	it('shows every session and salvages the selected one through its keys, releasing its ports', async () => {
		const {repo, repository, service, checkout} = await serviceFixture();
		const calm = (await service.createSession({slug: 'calm'})).worktree;
		const busy = checkout((await service.createSession({slug: 'busy'})).worktree);
		await busy.write('draft.md', 'draft\n');
		const slots = new SessionSlotStore(sessionSlotsFile(repository.commonDir), {isPortFree: async () => true});
		await slots.claim('busy', {first: 4100, last: 4200, perSession: 1});
		await slots.claim('calm', {first: 4100, last: 4200, perSession: 1});
		const workspace = new RecordingWorkspace(service);
		workspace.add('busy', 'busy');
		workspace.add('calm', 'stopped');
		const {context, host} = screenContext(service, workspace);
		const screen = new CleanupScreen(context);
		const view = () => renderScreen(screen.render({cols: 120, rows: 30}), 120, 30);

		await screen.idle;
		const table = view();
		expect(table).toContain('Cleanup');
		expect(table).toMatch(/❯ {3}busy +running +- +dirty +\+0 +1 +\S+ +agentgrid\/busy/);
		expect(table).toMatch(/ {4}calm +stopped +- +\+0 +0 +\S+ +agentgrid\/calm/);

		// Rows are sorted by name: busy first. Remove it: stop the agent (y), then salvage (s).
		screen.onKey(typed('d'), 'cleanup.remove');
		await eventually(() => expect(view()).toContain('Stop the agent in busy first?'));
		// Keys go to the question's list while it is open (the grid sends them through Ink), not to the table.
		expect(screen.asking()).toBe(true);
		screen.onKey(typed('j'), 'cleanup.down');
		screen.answer('choice.yes');
		await eventually(() => expect(view()).toContain('busy has work'));
		expect(view()).toMatch(/❯ s +salvage: commit it on the branch and keep the branch/);
		expect(view()).toMatch(/ x +discard it \(asks again\)/);
		expect(view()).toMatch(/ Esc +cancel/);
		screen.answer('choice.salvage');
		await eventually(() => expect(host.flashes.at(-1)?.text).toMatch(/^salvaged busy: kept agentgrid\/busy with commit/));
		await screen.idle;

		expect(workspace.stopped).toEqual(['busy']);
		expect(await exists(busy.root)).toBe(false);
		expect(await repo.git('show', 'agentgrid/busy:draft.md')).toBe('draft\n');
		expect((await slots.list()).map(slot => slot.slug)).toEqual(['calm']);
		expect(view()).toMatch(/busy +branch only/);
		expect(await exists(calm)).toBe(true);
		screen.dispose();
	});

	it('removes marked rows together and closes on q', async () => {
		const {service} = await serviceFixture();
		const one = (await service.createSession({slug: 'one'})).worktree;
		const two = (await service.createSession({slug: 'two'})).worktree;
		const three = (await service.createSession({slug: 'three'})).worktree;
		const workspace = new RecordingWorkspace(service);
		const {context, host} = screenContext(service, workspace);
		const screen = new CleanupScreen(context);
		const view = () => renderScreen(screen.render({cols: 100, rows: 24}), 100, 24);
		await screen.idle;
		// one, three, two: mark "one" (the cursor then moves down) and "two".
		screen.onKey(typed(' '), 'cleanup.mark');
		screen.onKey(typed('j'), 'cleanup.down');
		screen.onKey(typed(' '), 'cleanup.mark');
		expect(view()).toContain('2 marked');
		expect(view()).toMatch(/✓ one/);
		expect(view()).toMatch(/✓ two/);
		screen.onKey(typed('d'), 'cleanup.remove');
		await screen.idle;
		expect(host.flashes.at(-1)?.text).toBe('removed one; removed two');
		expect(await exists(one)).toBe(false);
		expect(await exists(two)).toBe(false);
		expect(await exists(three)).toBe(true);
		expect(view()).toContain('0 marked');
		screen.onKey(typed('q'), 'cleanup.close');
		expect(host.closed).toBe(1);
		screen.dispose();
	});

	it('clears the prune progress line once the prune is done, and says so when a key arrives meanwhile', async () => {
		const {service} = await serviceFixture();
		const gone = (await service.createSession({slug: 'gone'})).worktree;
		await rm(gone, {recursive: true, force: true});
		const workspace = new RecordingWorkspace(service);
		const {context, host} = screenContext(service, workspace);
		const screen = new CleanupScreen(context);
		const view = () => renderScreen(screen.render({cols: 100, rows: 24}), 100, 24);
		const seenAtOutcome: string[] = [];
		const flash = context.host.flash;
		context.host.flash = (text, kind) => {
			if (text.startsWith('pruned')) seenAtOutcome.push(view());
			flash(text, kind);
		};
		await screen.idle;
		expect(view()).toMatch(/gone +orphaned/);
		screen.onKey(typed('p'), 'cleanup.prune');
		expect(view()).toContain('pruning…');
		screen.onKey(typed('j'), 'cleanup.down');
		expect(host.flashes.at(-1)?.text).toBe('one moment: pruning…');
		await screen.idle;
		expect(host.flashes.map(entry => entry.text)).toContain('pruned 1 orphaned worktree (gone); branches kept');
		expect(seenAtOutcome).toHaveLength(1);
		expect(seenAtOutcome[0]).not.toContain('pruning…');
		expect(seenAtOutcome[0]).toContain('reading worktrees and branches…');
		expect(view()).not.toContain('…');
		expect(view()).toMatch(/gone +branch only/);
		screen.dispose();
	});
});
