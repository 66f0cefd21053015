import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {RadarRefresher} from '../../../../source/ui/screens/radar/radar-refresher.js';
import {RadarScreen} from '../../../../source/ui/screens/radar/radar-screen.js';
import {serviceFixture} from '../../../core/git/fixture.js';
import {RecordingWorkspace, eventually, renderScreen, screenContext, typed} from '../cleanup/screen-context.js';

describe('radar screen', () => {
	it('lists overlapping pairs with their shared files and predicted conflicts, and refreshes on r', async () => {
		const {repo, service, checkout} = await serviceFixture({repo: {files: {'src/app.txt': 'one\ntwo\nthree\n', 'notes.txt': 'a\nb\nc\nd\ne\nf\ng\n', 'base.txt': 'base\n'}}});
		const alpha = checkout((await service.createSession({slug: 'alpha'})).worktree);
		const beta = checkout((await service.createSession({slug: 'beta'})).worktree);
		const gamma = checkout((await service.createSession({slug: 'gamma'})).worktree);
		await alpha.commit('alpha', {'src/app.txt': 'one\nALPHA\nthree\n', 'notes.txt': 'A\nb\nc\nd\ne\nf\ng\n'});
		await beta.write('src/app.txt', 'one\nBETA\nthree\n');
		// A different size: a same-size edit in the second the index was written is only seen by git's racy-entry check.
		await gamma.write('notes.txt', 'a\nb\nc\nd\ne\nf\nGAMMA\n');
		await repo.commit('base moves', {'base.txt': 'moved\n'});
		const workspace = new RecordingWorkspace(service);
		for (const slug of ['alpha', 'beta', 'gamma']) workspace.add(slug, 'idle');
		const {context, host} = screenContext(service, workspace);
		const screen = new RadarScreen(context);
		const view = () => renderScreen(screen.render({cols: 120, rows: 24}), 120, 24);

		await eventually(() => expect(view()).toContain('alpha ↔ beta'));
		const first = view();
		expect(first).toMatch(/Overlap radar +3 sessions compared · checked \d+s ago in \d+\.\d s/);
		expect(first).toMatch(/❯ ⚡ alpha ↔ beta +predicted conflict in 1 file: src\/app\.txt/);
		expect(first).toMatch(/≈ alpha ↔ gamma +1 shared file, merges cleanly: notes\.txt/);
		expect(first).toMatch(/✓ alpha vs main +main moved on; merges cleanly/);
		// Details of the selected pair.
		expect(first).toContain('alpha (2 changed files)  and  beta (1 changed file, uncommitted work included)');
		expect(first).toMatch(/⚡ src\/app\.txt +conflicts/);
		expect(Object.fromEntries(host.extras)).toEqual({alpha: 'conflict', beta: 'conflict', gamma: 'shared'});

		screen.onKey(typed('j'), 'radar.down');
		expect(view()).toMatch(/≈ notes\.txt +changed by both, merges cleanly/);

		// beta gives up its change; r shows the new picture and clears its marker.
		await beta.git('checkout', '--', 'src/app.txt');
		screen.onKey(typed('r'), 'radar.refresh');
		await eventually(() => expect(view()).not.toContain('alpha ↔ beta'));
		expect(view()).toMatch(/❯ ≈ alpha ↔ gamma/);
		expect(host.extras.get('beta')).toBeUndefined();
		expect(host.extras.get('alpha')).toBe('shared');

		screen.onKey(typed('q'), 'radar.close');
		expect(host.closed).toBe(1);
		screen.dispose();
	});

	it('checks at full priority, as its user waits, where the background radar yields the CPU', async () => {
		const {repo, service, checkout} = await serviceFixture();
		// The radar snapshots uncommitted work with git add, which runs this filter: it notes the priority git runs at.
		const log = path.join(repo.dir, 'niceness.log');
		await repo.git('config', 'filter.probe.clean', `ps -o ni= -p $$ >> '${log}'; cat`);
		const probe = checkout((await service.createSession({slug: 'probe'})).worktree);
		await probe.write('.gitattributes', 'probe.txt filter=probe\n');
		await probe.write('probe.txt', 'uncommitted\n');
		const workspace = new RecordingWorkspace(service);
		workspace.add('probe', 'idle');
		const readings = async () => (await readFile(log, 'utf8').catch(() => '')).split('\n').filter(Boolean).map(Number);

		const {context} = screenContext(service, workspace);
		const screen = new RadarScreen(context);
		await screen.refresh();
		screen.dispose();
		const onScreen = await readings();
		expect(onScreen.length).toBeGreaterThan(0);

		const background = new RadarRefresher({worktrees: service, workspace, setPaneExtras() {}, intervalMs: 0});
		await background.refreshNow();
		background.dispose();
		const inBackground = (await readings()).slice(onScreen.length);
		expect(inBackground.length).toBeGreaterThan(0);
		for (const niceness of inBackground) expect(niceness).toBe(Math.min(19, onScreen[0]! + 10));
		expect(new Set(onScreen).size).toBe(1);
	});

	it('says so when nothing overlaps', async () => {
		const {service} = await serviceFixture();
		await service.createSession({slug: 'solo'});
		const workspace = new RecordingWorkspace(service);
		const {context} = screenContext(service, workspace);
		const screen = new RadarScreen(context);
		await screen.refresh();
		expect(renderScreen(screen.render({cols: 100, rows: 12}), 100, 12)).toContain('No two sessions change the same files, none edits outside its scope');
		screen.dispose();
	});
});
