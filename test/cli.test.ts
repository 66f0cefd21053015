import {execFile} from 'node:child_process';
import {mkdir} from 'node:fs/promises';
import path from 'node:path';
import {promisify} from 'node:util';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {agentgridBin} from './helpers/outer-terminal.js';
import {makeTempDir, runGitIn} from './helpers/git-repo.js';
import {runWithReaderGone} from './helpers/reader-gone.js';
import {rm} from 'node:fs/promises';

const run = async (args: string[], cwd: string) => {
	try {
		const {stdout, stderr} = await promisify(execFile)(process.execPath, [agentgridBin, ...args], {cwd});
		return {code: 0, stdout, stderr};
	} catch (error) {
		const failure = error as {code: number; stdout: string; stderr: string};
		return {code: failure.code, stdout: failure.stdout, stderr: failure.stderr};
	}
};

let dir: string;

beforeAll(async () => {
	dir = await makeTempDir();
});

afterAll(async () => {
	await rm(dir, {recursive: true, force: true});
});

describe('the agentgrid command', () => {
	it('prints its version and its help', async () => {
		const version = await run(['--version'], dir);
		expect(version.code).toBe(0);
		expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
		const help = await run(['--help'], dir);
		expect(help.code).toBe(0);
		for (const command of ['config', 'trust', 'new', 'ls']) expect(help.stdout).toContain(`agentgrid ${command}`);
	});

	it('ends quietly, as SIGPIPE ends other tools, when the reader of its output has gone (agentgrid --help | head -1)', async () => {
		expect(await runWithReaderGone(['--help'], {cwd: dir})).toEqual({code: 141, stderr: ''});
	});

	it('explains in one line what is wrong outside a repository, in a bare one and in one without commits', async () => {
		const outside = await run([], dir);
		expect(outside.code).toBe(1);
		expect(outside.stderr).toMatch(/is not inside a git repository/);
		expect(outside.stderr).not.toMatch(/\n\s+at /);

		const bare = path.join(dir, 'bare.git');
		await runGitIn(dir, ['init', '-q', '--bare', bare]);
		const inBare = await run([], bare);
		expect(inBare.code).toBe(1);
		expect(inBare.stderr).toMatch(/bare repository/);

		const empty = path.join(dir, 'empty');
		await mkdir(empty);
		await runGitIn(empty, ['init', '-q']);
		const inEmpty = await run([], empty);
		expect(inEmpty.code).toBe(1);
		expect(inEmpty.stderr).toMatch(/no commits yet/);
		expect(inEmpty.stderr).toMatch(/first commit/);
	});

	it('rejects an unknown command with usage help', async () => {
		const result = await run(['frobnicate'], dir);
		expect(result.code).toBe(2);
		expect(result.stderr).toContain("unknown command 'frobnicate'");
	});
});
