/**
 * Times one background radar refresh (the overlap check plus pane markers) with 8 sessions on a generated repository
 * of ~20k files, how long the event loop was held during it, and what a key press in a pane waits for while passes
 * run back to back: its echo through a real pty and terminal in this process, against the same echo with no pass
 * running (target: p99 at most 2x).
 */
import {execFile} from 'node:child_process';
import {mkdir, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {monitorEventLoopDelay, performance} from 'node:perf_hooks';
import {promisify} from 'node:util';
import {percentile} from './grid/proc.js';
import {sleep} from './grid/sides.js';
import {Session} from '../source/core/session/session.js';
import {openRepository} from '../source/core/git/repository.js';
import {WorktreeService} from '../source/core/git/worktree-service.js';
import type {WorkspaceEntry} from '../source/core/workspace/types.js';
import {RadarRefresher} from '../source/ui/screens/radar/radar-refresher.js';
import {createTempRepo, runGitIn} from '../test/helpers/git-repo.js';

const directories = 200;
const filesPerDirectory = 100;
const sessionCount = 8;
const runs = 7;

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)]!;
}

const ms = (value: number): string => `${value.toFixed(1)} ms`;

async function generateFiles(root: string): Promise<void> {
	for (let d = 0; d < directories; d++) {
		const directory = path.join(root, `pkg${d}`, 'src');
		await mkdir(directory, {recursive: true});
		await Promise.all(Array.from({length: filesPerDirectory}, async (_, f) =>
			writeFile(path.join(directory, `file${f}.ts`), `export const value${f} = ${d * filesPerDirectory + f};\n// line two\n// line three\n`)));
	}
}

/** Refreshes `runs` times; returns the durations and the longest event-loop stall seen during them. */
async function measure(refresher: RadarRefresher): Promise<Measured> {
	const times: number[] = [];
	const delay = monitorEventLoopDelay({resolution: 5});
	const before = performance.eventLoopUtilization();
	delay.enable();
	for (let run = 0; run < runs; run++) {
		const start = performance.now();
		await refresher.refreshNow();
		times.push(performance.now() - start);
	}
	delay.disable();
	return {times, maxStall: delay.max / 1e6, p99Stall: delay.percentile(99) / 1e6, busy: performance.eventLoopUtilization(before).utilization};
}

/** The same figures for an idle stretch: on a loaded machine the OS alone delays timers, which is not our doing. */
async function measureIdle(durationMs: number): Promise<Measured> {
	const delay = monitorEventLoopDelay({resolution: 5});
	const before = performance.eventLoopUtilization();
	delay.enable();
	await new Promise(resolve => setTimeout(resolve, durationMs));
	delay.disable();
	return {times: [durationMs], maxStall: delay.max / 1e6, p99Stall: delay.percentile(99) / 1e6, busy: performance.eventLoopUtilization(before).utilization};
}

interface Measured {
	times: number[];
	/** Longest and 99th-percentile delay of a 5 ms timer: how long a key press could have waited. */
	maxStall: number;
	p99Stall: number;
	/** Share of the time the event loop was running JavaScript rather than waiting for git. */
	busy: number;
}

function describe(label: string, measured: Measured): string {
	const {times} = measured;
	const timing = times.length > 1 ? `median ${ms(median(times))}, min ${ms(Math.min(...times))}, max ${ms(Math.max(...times))}; ` : '';
	return `${label}: ${timing}event loop busy ${(measured.busy * 100).toFixed(1)}%, timer delay max ${ms(measured.maxStall)}, p99 ${ms(measured.p99Stall)}`;
}

/** One key's echo, from writing it to the pane to the terminal having parsed it back. */
async function echoOnce(session: Session): Promise<number> {
	const started = performance.now();
	await new Promise<void>(resolve => {
		const parsed = session.onParsed(() => {
			parsed.dispose();
			resolve();
		});
		session.write('x');
	});
	return performance.now() - started;
}

/**
 * Echo samples with and without radar passes running back to back, in alternating rounds so that a change in the
 * machine's load falls on both.
 */
async function echoDuringRadar(refresher: RadarRefresher, root: string): Promise<{quiet: number[]; radar: number[]; passes: number}> {
	const session = await Session.start({file: '/bin/cat', args: [], cwd: root, env: {...process.env, TERM: 'xterm-256color'} as Record<string, string>, cols: 80, rows: 24});
	const samples = {quiet: [] as number[], radar: [] as number[], passes: 0};
	const round = async (into: number[]) => {
		for (let index = 0; index < 100; index++) {
			into.push(await echoOnce(session));
			await sleep(5 + Math.random() * 15);
		}
		// The line so far is killed, so the tty's line buffer never fills.
		session.write('\u0015');
		await sleep(20);
	};
	try {
		for (let index = 0; index < 8; index++) {
			await round(samples.quiet);
			let running = true;
			const passes = (async () => {
				while (running) {
					await refresher.refreshNow();
					samples.passes++;
				}
			})();
			await round(samples.radar);
			running = false;
			await passes;
		}
	} finally {
		await session.dispose();
	}
	return samples;
}

export async function run(): Promise<void> {
	const repo = await createTempRepo({files: {}});
	try {
		await generateFiles(repo.root);
		await repo.git('add', '--all');
		await repo.git('commit', '--quiet', '-m', 'Generated tree');
		const fileCount = (await repo.git('ls-files')).split('\n').filter(Boolean).length;
		const service = new WorktreeService(await openRepository(repo.root));
		const worktrees: string[] = [];
		for (let index = 0; index < sessionCount; index++) {
			worktrees.push((await service.createSession({slug: `radar-${index}`})).worktree);
		}
		console.log(`repository: ${fileCount} files, ${sessionCount} sessions (${repo.root})`);

		// Each session commits its own file and one its neighbour also commits (so every neighbouring pair conflicts).
		await Promise.all(worktrees.map(async (worktree, index) => {
			await writeFile(path.join(worktree, `pkg${index}/src/file0.ts`), `export const own = ${index};\n`);
			await writeFile(path.join(worktree, `pkg${(index + 1) % sessionCount}/src/file0.ts`), `export const neighbour = ${index};\n`);
			await runGitIn(worktree, ['commit', '--quiet', '-am', `work ${index}`]);
		}));
		const entries: WorkspaceEntry[] = worktrees.map((worktree, index) => ({id: `radar-${index}`, slug: `radar-${index}`, branch: `agentgrid/radar-${index}`, worktree, base: 'main', agent: 'fake', status: 'idle', statusSince: 0, changedFiles: 2}));
		let markerCalls = 0;
		const refresher = new RadarRefresher({worktrees: service, workspace: {entries: () => entries}, setPaneExtras: () => void markerCalls++, intervalMs: 0});

		const cold = performance.now();
		const first = await refresher.refreshNow();
		console.log(`first refresh: ${ms(performance.now() - cold)} (${first?.report.pairs.length} pairs, ${first?.report.pairs.filter(pair => pair.conflicts.length > 0).length} predicted conflicts, ${markerCalls} markers set)`);

		const committed = await measure(refresher);
		console.log(describe('refresh, committed work only', committed));
		console.log(describe('idle baseline (2 s, no refresh)', await measureIdle(2000)));

		// Uncommitted edits and untracked files in every worktree: each refresh snapshots them.
		await Promise.all(worktrees.map(async (worktree, index) => {
			await writeFile(path.join(worktree, `pkg${index}/src/file1.ts`), `export const pending = ${index};\n`);
			await mkdir(path.join(worktree, 'scratch'), {recursive: true});
			await Promise.all(Array.from({length: 20}, async (_, f) => writeFile(path.join(worktree, 'scratch', `note${f}.md`), `note ${index}\n`)));
		}));
		const dirty = await measure(refresher);
		console.log(describe(`refresh, all ${sessionCount} worktrees dirty`, dirty));

		// The checkouts' writes reach the disk first: the kernel's writeback would delay both kinds of echo alike.
		await promisify(execFile)('sync');
		const echo = await echoDuringRadar(refresher, repo.root);
		const [quiet, radar] = [echo.quiet, echo.radar].map(samples => ({p50: percentile(samples, 50), p99: percentile(samples, 99)}));
		const ratio = radar!.p99 / quiet!.p99;
		console.log(`echo in a pane, no radar pass: p50 ${ms(quiet!.p50)}, p99 ${ms(quiet!.p99)} (${echo.quiet.length} keys)`);
		console.log(`echo in a pane, radar passes back to back: p50 ${ms(radar!.p50)}, p99 ${ms(radar!.p99)} (${echo.radar.length} keys, ${echo.passes} passes)`);
		console.log(`echo p99 during radar / without: ${ratio.toFixed(2)}x, target <= 2x: ${ratio <= 2 ? 'met' : 'missed'}`);
		refresher.dispose();

		for (let index = 0; index < sessionCount; index++) await service.removeSession(`radar-${index}`, 'discard');
	} finally {
		await repo.cleanup();
	}
}
