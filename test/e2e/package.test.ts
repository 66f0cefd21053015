/**
 * What `npm i -g agentgrid` and `npx agentgrid` give a user: the packed tarball, installed into a temporary prefix
 * without dev dependencies, runs on its own. Promises: the package holds only what it needs (the bundle, the shim,
 * the demo agent, the schema); it installs with no compiler (node-pty comes prebuilt) and nothing from this
 * checkout; `--version`, the demo and attaching all work from the installed copy.
 */
import {spawn} from 'node:child_process';
import {existsSync} from 'node:fs';
import {mkdir, mkdtemp, readdir, readFile, rm} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createTempRepo, testIdentity} from '../helpers/git-repo.js';
import {OuterTerminal, projectRoot} from '../helpers/outer-terminal.js';
import {stopServers} from './app-fixture.js';

interface Run {
	code: number | null;
	stdout: string;
	stderr: string;
}

function run(file: string, args: string[], options: {cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number}): Promise<Run> {
	return new Promise(resolve => {
		const child = spawn(file, args, {cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe']});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
		child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
		const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 300_000);
		child.on('close', code => {
			clearTimeout(timer);
			resolve({code, stdout, stderr});
		});
	});
}

let work: string;
let installed: string;
let packedFiles: string[];
let env: Record<string, string>;
const terminals: OuterTerminal[] = [];

beforeAll(async () => {
	work = await mkdtemp(path.join(os.tmpdir(), 'agentgrid-package-'));
	// `npm test` has just built the bundle; prepack would build it again under the feet of the other end-to-end tests.
	const packed = await run('npm', ['pack', '--ignore-scripts', '--pack-destination', work, '--json', '--silent'], {cwd: projectRoot});
	expect(packed.code, packed.stderr).toBe(0);
	const [manifest] = JSON.parse(packed.stdout) as Array<{filename: string; files: Array<{path: string}>}>;
	packedFiles = manifest!.files.map(file => file.path);
	const prefix = path.join(work, 'prefix');
	const install = await run('npm', ['install', '--global', '--prefix', prefix, path.join(work, manifest!.filename), '--omit=dev', '--no-audit', '--no-fund', '--prefer-offline'], {cwd: work});
	expect(install.code, install.stderr).toBe(0);
	installed = path.join(prefix, 'bin', 'agentgrid');
	await mkdir(path.join(work, 'config'));
	env = {
		...process.env as Record<string, string>,
		AGENTGRID_CONFIG_DIR: path.join(work, 'config'),
		AGENTGRID_SOCKET_DIR: path.join(work, 'sockets'),
		XDG_STATE_HOME: path.join(work, 'state'),
		TMPDIR: work,
		SHELL: '/bin/sh',
		...testIdentity,
	};
}, 600_000);

afterAll(async () => {
	for (const term of terminals) term.kill();
	await stopServers(path.join(work, 'sockets'));
	await rm(work, {recursive: true, force: true});
});

describe('the packed package', () => {
	it('holds only the shim, the git launcher, the bundle, the demo agent and the schema', () => {
		const allowed = /^(?:bin\/agentgrid\.js|bin\/git-launcher\.sh|dist\/bundle\/[\w-]+\.mjs|demo\/fake-agent\.mjs|schema\/agentgrid\.schema\.json|package\.json|README\.md|LICENSE)$/;
		expect(packedFiles.filter(file => !allowed.test(file))).toEqual([]);
		for (const needed of ['bin/agentgrid.js', 'bin/git-launcher.sh', 'dist/bundle/agentgrid.mjs', 'demo/fake-agent.mjs', 'schema/agentgrid.schema.json']) {
			expect(packedFiles).toContain(needed);
		}
	});

	it('installs without dev dependencies: the bundle needs node-pty alone', async () => {
		const modules = path.join(path.dirname(path.dirname(installed)), 'lib', 'node_modules', 'agentgrid', 'node_modules');
		const names = await readdir(modules);
		expect(names).toContain('@lydell');
		for (const bundled of ['react', 'ink', '@xterm', 'conf', 'vitest', 'typescript', 'esbuild']) expect(names).not.toContain(bundled);
	});

	it('prints its version', async () => {
		const result = await run(installed, ['--version'], {cwd: work, env});
		const {version} = JSON.parse(await readFile(path.join(projectRoot, 'package.json'), 'utf8')) as {version: string};
		expect(result.stdout.trim()).toBe(version);
	});

	it('runs the demo in a real terminal and removes it on quit', async () => {
		const term = new OuterTerminal({file: installed, args: ['demo'], cwd: work, env, cols: 160, rows: 45});
		terminals.push(term);
		await term.waitFor(/free-shipping.*cart-total.*price-currency.*price-rounding/s, 60_000);
		await term.waitFor(/demo: /, 30_000);
		term.write('q');
		await term.waitFor('Quit?');
		term.write('s');
		expect(await term.exited).toBe(0);
		const directory = /Making the demo in (\S+?)…/.exec(term.text())?.[1];
		expect(directory).toBeDefined();
		expect(existsSync(directory!)).toBe(false);
	}, 120_000);

	it('attaches to a repository and detaches, leaving its server running', async () => {
		const repo = await createTempRepo({files: {'README.md': '# app\n'}});
		try {
			const term = new OuterTerminal({file: installed, args: [], cwd: repo.root, env, cols: 100, rows: 30});
			terminals.push(term);
			await term.waitFor(() => term.lines()[29]?.includes('GRID') ?? false, 60_000);
			term.write('\u001Cd');
			expect(await term.exited).toBe(0);
			await term.waitFor('[detached]');
			const listed = await run(installed, ['ls', '--json'], {cwd: repo.root, env});
			expect(listed.code, listed.stderr).toBe(0);
		} finally {
			await repo.cleanup();
		}
	}, 120_000);
});
