/**
 * Times the worktree service on a generated repository of ~20k files with 8 sessions: create, list, diff,
 * overlap and remove. Prints figures (median of several runs where it is cheap to repeat); asserts nothing.
 */
import {mkdir, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {performance} from 'node:perf_hooks';
import {openRepository} from '../source/core/git/repository.js';
import {WorktreeService} from '../source/core/git/worktree-service.js';
import {createTempRepo, runGitIn, testIdentity} from '../test/helpers/git-repo.js';
import {runAgentgrid, stopServers} from '../test/e2e/app-fixture.js';

const directories = 200;
const filesPerDirectory = 100;
const sessionCount = 8;

async function time<T>(fn: () => Promise<T>): Promise<[T, number]> {
	const start = performance.now();
	const result = await fn();
	return [result, performance.now() - start];
}

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)]!;
}

function ms(value: number): string {
	return `${value.toFixed(1)} ms`;
}

async function generateFiles(root: string): Promise<void> {
	for (let d = 0; d < directories; d++) {
		const directory = path.join(root, `pkg${d}`, 'src');
		await mkdir(directory, {recursive: true});
		await Promise.all(Array.from({length: filesPerDirectory}, async (_, f) =>
			writeFile(path.join(directory, `file${f}.ts`), `export const value${f} = ${d * filesPerDirectory + f};\n// line two\n// line three\n`)));
	}
}

export async function run(): Promise<void> {
	const repo = await createTempRepo({files: {}});
	try {
		const [, generateTime] = await time(async () => {
			await generateFiles(repo.root);
			await repo.git('add', '--all');
			await repo.git('commit', '--quiet', '-m', 'Generated tree');
		});
		const fileCount = (await repo.git('ls-files')).split('\n').filter(Boolean).length;
		console.log(`repository: ${fileCount} files in ${repo.root} (generated in ${ms(generateTime)})`);

		// First, while the disk has only the repository to deal with (removing 8 checkouts below keeps it busy for a while).
		await sessionCreation(repo.root, repo.dir, fileCount);

		const [repository, openTime] = await time(async () => openRepository(repo.root));
		const service = new WorktreeService(repository);
		console.log(`openRepository: ${ms(openTime)}`);

		const createTimes: number[] = [];
		const worktrees: string[] = [];
		for (let index = 0; index < sessionCount; index++) {
			const [created, elapsed] = await time(async () => service.createSession({slug: `bench-${index}`}));
			createTimes.push(elapsed);
			worktrees.push(created.worktree);
		}
		console.log(`createSession: median ${ms(median(createTimes))}, max ${ms(Math.max(...createTimes))} (checkout of ${fileCount} files each)`);

		// Give every session work: a commit, an unstaged edit shared with its neighbour, and untracked files.
		await Promise.all(worktrees.map(async (worktree, index) => {
			await writeFile(path.join(worktree, `pkg${index}/src/file0.ts`), `export const changed = ${index};\n`);
			await runGitIn(worktree, ['commit', '--quiet', '-am', `work ${index}`]);
			await writeFile(path.join(worktree, `pkg${(index + 1) % sessionCount}/src/file1.ts`), `export const edited = ${index};\n`);
			await mkdir(path.join(worktree, 'scratch'), {recursive: true});
			await Promise.all(Array.from({length: 20}, async (_, f) => writeFile(path.join(worktree, 'scratch', `note${f}.md`), 'a\nb\n')));
		}));

		// For scale: one plain git status of one worktree, the unit of work a listing repeats per session.
		const statusTimes: number[] = [];
		for (let run = 0; run < 5; run++) {
			statusTimes.push((await time(async () => runGitIn(worktrees[0]!, ['status', '--porcelain=v2', '-z'], {GIT_OPTIONAL_LOCKS: '0'})))[1]);
		}
		console.log(`git status of one worktree (for scale): median ${ms(median(statusTimes))}`);

		await service.listSessions();
		const listTimes: number[] = [];
		for (let run = 0; run < 7; run++) {
			listTimes.push((await time(async () => service.listSessions()))[1]);
		}
		console.log(`listSessions (${sessionCount} sessions, all dirty): median ${ms(median(listTimes))}, min ${ms(Math.min(...listTimes))}, max ${ms(Math.max(...listTimes))}`);

		const diffTimes: number[] = [];
		let diffFiles = 0;
		for (let index = 0; index < sessionCount; index++) {
			const [summary, elapsed] = await time(async () => service.diff(`bench-${index}`));
			diffTimes.push(elapsed);
			diffFiles = summary.files.length;
		}
		console.log(`diff (${diffFiles} files per session): median ${ms(median(diffTimes))}`);
		const [, diffFileTime] = await time(async () => service.diffFile('bench-0', 'pkg0/src/file0.ts'));
		console.log(`diffFile (one file): ${ms(diffFileTime)}`);

		const overlapTimes: number[] = [];
		let pairs = 0;
		for (let run = 0; run < 3; run++) {
			const [report, elapsed] = await time(async () => service.overlap());
			overlapTimes.push(elapsed);
			pairs = report.pairs.length;
		}
		console.log(`overlap (${sessionCount} dirty sessions, ${pairs} pairs checked): median ${ms(median(overlapTimes))}`);

		const removeTimes: number[] = [];
		for (let index = 0; index < sessionCount; index++) {
			removeTimes.push((await time(async () => service.removeSession(`bench-${index}`, 'discard')))[1]);
		}
		console.log(`removeSession (discard): median ${ms(median(removeTimes))}, max ${ms(Math.max(...removeTimes))}`);

	} finally {
		await repo.cleanup();
	}
}

/**
 * `agentgrid new` as a user runs it, against `git worktree add` of a branch from the same base: the checkout is the
 * part git does either way, and the rest of a session's set-up should hide behind it. Target: within 1.25x of the
 * checkout plus the start-up of the command itself (`agentgrid --version`, Node and the bundle).
 */
async function sessionCreation(root: string, dir: string, fileCount: number): Promise<void> {
	const env: Record<string, string> = {...testIdentity, AGENTGRID_CONFIG_DIR: path.join(dir, 'config'), AGENTGRID_SOCKET_DIR: path.join(dir, 'sockets'), XDG_STATE_HOME: path.join(dir, 'state')};
	const repetitions = 5;
	const startup: number[] = [];
	const plain: number[] = [];
	const ours: number[] = [];
	try {
		for (let index = 0; index < repetitions; index++) {
			startup.push((await time(async () => runAgentgrid(root, env, ['--version'])))[1]);
			plain.push((await time(async () => runGitIn(root, ['worktree', 'add', '--quiet', '-b', `plain-${index}`, path.join(dir, `plain-${index}`), 'main'])))[1]);
			const [result, elapsed] = await time(async () => runAgentgrid(root, env, ['new', `made-${index}`]));
			if (result.code !== 0) throw new Error(`agentgrid new failed (${result.code}): ${result.stderr}`);
			ours.push(elapsed);
		}
	} finally {
		await stopServers(env.AGENTGRID_SOCKET_DIR);
	}
	const limit = 1.25 * median(plain) + median(startup);
	const met = median(ours) <= limit;
	console.log(`session creation (${fileCount} files): agentgrid new median ${ms(median(ours))}; git worktree add ${ms(median(plain))}; `
		+ `agentgrid start-up ${ms(median(startup))}; ratio ${(median(ours) / median(plain)).toFixed(2)}x; `
		+ `target <= 1.25x of git worktree add + start-up (${ms(limit)}): ${met ? 'met' : 'missed'}`);
}
