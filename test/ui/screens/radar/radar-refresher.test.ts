import {describe, expect, it} from 'vitest';
import type {OverlapReport} from '../../../../source/core/git/worktree-service.js';
import {RadarRefresher, startRadarRefresher} from '../../../../source/ui/screens/radar/radar-refresher.js';
import {serviceFixture} from '../../../core/git/fixture.js';
import {RecordingWorkspace, eventually} from '../cleanup/screen-context.js';
import {ourGitProcesses, until} from '../../../helpers/git-processes.js';

const emptyReport: OverlapReport = {sessions: [], files: [], pairs: [], againstBase: [], scope: []};

/** An overlap source whose runs finish only when the test lets them. */
function gatedSource() {
	const gates: Array<() => void> = [];
	let calls = 0;
	return {
		get calls() {
			return calls;
		},
		release: () => gates.shift()?.(),
		pending: () => gates.length,
		overlap: async () => {
			calls++;
			await new Promise<void>(resolve => gates.push(resolve));
			return emptyReport;
		},
	};
}

describe('radar refresher', () => {
	it('marks the panes of overlapping sessions and clears the marks when the overlap goes', async () => {
		const {service, checkout} = await serviceFixture();
		const alpha = checkout((await service.createSession({slug: 'alpha'})).worktree);
		const beta = checkout((await service.createSession({slug: 'beta'})).worktree);
		const gamma = checkout((await service.createSession({slug: 'gamma'})).worktree);
		await alpha.write('src/app.txt', 'ALPHA\n');
		await beta.write('src/app.txt', 'BETA\n');
		await gamma.write('own.txt', 'mine\n');
		const workspace = new RecordingWorkspace(service);
		for (const slug of ['alpha', 'beta', 'gamma']) workspace.add(slug, 'idle');
		const calls: Array<[string, string | undefined]> = [];
		const refresher = new RadarRefresher({worktrees: service, workspace, setPaneExtras: (id, extras) => calls.push([id, extras.overlap]), intervalMs: 0});

		const snapshot = await refresher.refreshNow();
		expect(snapshot?.report.pairs).toEqual([{a: 'alpha', b: 'beta', conflicts: ['src/app.txt']}]);
		expect(calls.sort()).toEqual([['alpha', 'conflict'], ['beta', 'conflict']]);

		// Same result again: nothing to repaint.
		await refresher.refreshNow();
		expect(calls).toHaveLength(2);

		// beta now makes the same change as alpha: they still share the file but merge cleanly.
		await beta.write('src/app.txt', 'ALPHA\n');
		await refresher.refreshNow();
		expect(calls.slice(2).sort()).toEqual([['alpha', 'shared'], ['beta', 'shared']]);

		await beta.git('checkout', '--', 'src/app.txt');
		await refresher.refreshNow();
		expect(calls.slice(4).sort()).toEqual([['alpha', undefined], ['beta', undefined]]);
		refresher.dispose();
	});

	it('never runs two checks at once: requests during a run coalesce into one more run', async () => {
		const source = gatedSource();
		const refresher = new RadarRefresher({worktrees: source, workspace: {entries: () => []}, setPaneExtras: () => undefined, intervalMs: 0});
		const first = refresher.refreshNow();
		const second = refresher.refreshNow();
		const third = refresher.refreshNow();
		expect(source.calls).toBe(1);
		expect(refresher.isRefreshing()).toBe(true);
		source.release();
		await first;
		await eventually(() => expect(source.calls).toBe(2));
		source.release();
		await Promise.all([second, third]);
		expect(source.calls).toBe(2);
		expect(refresher.isRefreshing()).toBe(false);
		refresher.dispose();
	});

	it('skips timer ticks while a check is still running', async () => {
		const source = gatedSource();
		let emit: (event: {type: 'output'; id: string}) => void = () => undefined;
		const workspace = {entries: () => [], subscribe: (listener: typeof emit) => ((emit = listener), () => undefined)};
		const refresher = new RadarRefresher({worktrees: source, workspace, setPaneExtras: () => undefined, intervalMs: 5}).start();
		await eventually(() => expect(refresher.skipped()).toBeGreaterThan(2));
		expect(source.calls).toBe(1);
		source.release();
		// Without output from any agent since the last check, ticks do nothing: an idle grid costs nothing.
		await new Promise(resolve => setTimeout(resolve, 50));
		expect(source.calls).toBe(1);
		emit({type: 'output', id: 'x'});
		await eventually(() => expect(source.calls).toBe(2));
		refresher.dispose();
		source.release();
	});

	it('refreshes soon after sessions change or an agent finishes a turn, not on output', async () => {
		const source = gatedSource();
		const {service} = await serviceFixture();
		const workspace = new RecordingWorkspace(service);
		const radar = startRadarRefresher({worktrees: source, workspace, setPaneExtras: () => undefined, intervalMs: 0, settleMs: 5});
		expect(source.calls).toBe(1);
		source.release();
		await eventually(() => expect(radar.refresher.isRefreshing()).toBe(false));

		workspace.emit({type: 'output', id: 'x'});
		workspace.emit({type: 'status', id: 'x', status: 'busy', previous: 'idle'});
		await new Promise(resolve => setTimeout(resolve, 50));
		expect(source.calls).toBe(1);

		workspace.emit({type: 'status', id: 'x', status: 'idle', previous: 'busy'});
		await eventually(() => expect(source.calls).toBe(2));
		source.release();
		workspace.emit({type: 'entries'});
		workspace.emit({type: 'entries'});
		await eventually(() => expect(source.calls).toBe(3));
		source.release();
		await new Promise(resolve => setTimeout(resolve, 50));
		expect(source.calls).toBe(3);

		radar.dispose();
		workspace.emit({type: 'entries'});
		await radar.refreshNow();
		expect(source.calls).toBe(3);
	});

	it('keeps the last snapshot when a check fails and reports the failure', async () => {
		let fail = false;
		const refresher = new RadarRefresher({
			worktrees: {overlap: async () => {
				if (fail) throw new Error('worktree vanished');
				return emptyReport;
			}},
			workspace: {entries: () => []},
			setPaneExtras: () => undefined,
			intervalMs: 0,
		});
		const good = await refresher.refreshNow();
		fail = true;
		let notified = 0;
		refresher.subscribe(() => notified++);
		expect(await refresher.refreshNow()).toBe(good);
		expect((refresher.lastError() as Error).message).toBe('worktree vanished');
		expect(notified).toBe(1);
		fail = false;
		await refresher.refreshNow();
		expect(refresher.lastError()).toBeUndefined();
		refresher.dispose();
	});

	it('stops a run that a newer request makes stale, and the run in progress when disposed', async () => {
		const signals: AbortSignal[] = [];
		const gates: Array<() => void> = [];
		const source = {
			overlap: async (signal?: AbortSignal) => {
				signals.push(signal!);
				await new Promise<void>((resolve, reject) => {
					gates.push(resolve);
					signal!.addEventListener('abort', () => reject(new Error('killed')));
				});
				return emptyReport;
			},
		};
		const refresher = new RadarRefresher({worktrees: source, workspace: {entries: () => []}, setPaneExtras: () => undefined, intervalMs: 0});
		let notified = 0;
		refresher.subscribe(() => notified++);
		const first = refresher.refreshNow();
		const second = refresher.refreshNow();
		expect(signals[0]!.aborted).toBe(true);
		expect(signals[0]!.reason).toBe('a newer radar pass replaces it');
		// The stopped run is no failure; the one that replaces it starts once it has ended, and reports.
		await eventually(() => expect(signals).toHaveLength(2));
		expect(await first).toBeUndefined();
		expect(refresher.lastError()).toBeUndefined();
		expect(notified).toBe(0);
		gates[1]!();
		expect((await second)?.report).toEqual(emptyReport);
		expect(notified).toBe(1);

		void refresher.refreshNow();
		expect(signals).toHaveLength(3);
		refresher.dispose();
		expect(signals[2]!.aborted).toBe(true);
		expect(signals[2]!.reason).toBe('the radar was stopped');
	});

	it('lets a run finish once it was stopped for newer ones three times in a row, so changes cannot starve it', async () => {
		const signals: AbortSignal[] = [];
		const gates: Array<() => void> = [];
		const source = {
			overlap: async (signal?: AbortSignal) => {
				signals.push(signal!);
				await new Promise<void>((resolve, reject) => {
					gates.push(resolve);
					signal!.addEventListener('abort', () => reject(new Error('killed')));
				});
				return emptyReport;
			},
		};
		const refresher = new RadarRefresher({worktrees: source, workspace: {entries: () => []}, setPaneExtras: () => undefined, intervalMs: 0});
		void refresher.refreshNow();
		for (let run = 1; run <= 3; run++) {
			void refresher.refreshNow();
			await eventually(() => expect(signals).toHaveLength(run + 1));
		}
		expect(signals.slice(0, 3).every(signal => signal.aborted)).toBe(true);
		const last = refresher.refreshNow();
		expect(signals[3]!.aborted).toBe(false);
		gates[3]!();
		await eventually(() => expect(signals).toHaveLength(5));
		gates[4]!();
		expect((await last)?.report).toEqual(emptyReport);
		refresher.dispose();
	});

	it('kills the git processes of the pass in progress on a real repository when disposed (server shutdown)', async () => {
		const {repo, service, checkout} = await serviceFixture();
		// A clean filter that hangs holds the pass in its snapshot (its stderr is not git's, which git would keep open).
		await repo.git('config', 'filter.hang.clean', 'exec 2>/dev/null; sleep 20; cat');
		const stuck = checkout((await service.createSession({slug: 'stuck'})).worktree);
		await stuck.write('.gitattributes', 'slow.txt filter=hang\n');
		await stuck.write('slow.txt', 'slow\n');
		const workspace = new RecordingWorkspace(service);
		const refresher = new RadarRefresher({worktrees: service, workspace, setPaneExtras: () => undefined, intervalMs: 0});
		const pass = refresher.refreshNow();
		await until(async () => (await ourGitProcesses()).some(line => / add /.test(line)));
		refresher.dispose();
		expect(await pass).toBeUndefined();
		expect(refresher.lastError()).toBeUndefined();
		expect(await ourGitProcesses()).toEqual([]);
	});
});
