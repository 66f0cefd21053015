/**
 * What one git command costs through the git layer (simple-git, the launcher that closes inherited descriptors),
 * next to spawning git directly and spawning it through the launcher alone. Prints medians; asserts nothing.
 */
import {spawn} from 'node:child_process';
import path from 'node:path';
import {performance} from 'node:perf_hooks';
import {packageRoot} from '../source/package-root.js';
import {runGit} from '../source/core/git/run-git.js';
import {findBash} from '../source/core/session/pty-launcher.js';
import {createTempRepo} from '../test/helpers/git-repo.js';

const rounds = 200;

async function spawned(file: string, args: string[], cwd: string): Promise<void> {
	return new Promise((resolve, reject) => {
		const child = spawn(file, args, {cwd, stdio: ['ignore', 'pipe', 'pipe']});
		child.stdout.resume();
		child.stderr.resume();
		child.on('error', reject);
		child.on('close', () => resolve());
	});
}

async function median(fn: () => Promise<unknown>): Promise<number> {
	const times: number[] = [];
	for (let round = 0; round < rounds; round++) {
		const start = performance.now();
		await fn();
		times.push(performance.now() - start);
	}
	times.sort((a, b) => a - b);
	return times[Math.floor(times.length / 2)]!;
}

export async function run(): Promise<void> {
	const repo = await createTempRepo();
	try {
		const bash = findBash();
		const launcher = path.join(packageRoot, 'bin', 'git-launcher.sh');
		// Interleaved in rounds so that a change in machine load hits every variant alike.
		const figures = {direct: [] as number[], launcher: [] as number[], layer: [] as number[], quiet: [] as number[]};
		for (let pass = 0; pass < 3; pass++) {
			figures.direct.push(await median(async () => spawned('git', ['rev-parse', 'HEAD'], repo.root)));
			if (bash) figures.launcher.push(await median(async () => spawned(bash, [launcher, 'rev-parse', 'HEAD'], repo.root)));
			figures.layer.push(await median(async () => runGit(['rev-parse', 'HEAD'], {cwd: repo.root})));
			figures.quiet.push(await median(async () => runGit(['merge-base', '--is-ancestor', 'HEAD', 'HEAD'], {cwd: repo.root})));
		}
		const best = (values: number[]) => (values.length === 0 ? 'n/a' : `${Math.min(...values).toFixed(2)} ms`);
		console.log(`git rev-parse HEAD, spawned directly:          ${best(figures.direct)}`);
		console.log(`git rev-parse HEAD, through the launcher:      ${best(figures.launcher)}`);
		console.log(`git rev-parse HEAD, through the git layer:     ${best(figures.layer)}`);
		console.log(`git merge-base --is-ancestor (prints nothing): ${best(figures.quiet)}`);
		console.log(`(median of ${rounds} sequential calls, best of 3 passes)`);
	} finally {
		await repo.cleanup();
	}
}
