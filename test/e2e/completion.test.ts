/**
 * Shell completion for real: the scripts `agentgrid completion bash|zsh|fish` prints, loaded into bash (driven with
 * COMP_WORDS and complete -p), fish (complete -C) and an interactive zsh in a terminal (Tab pressed), against a
 * repository with two sessions and no server, which completing session names must not start.
 */
import {execFile} from 'node:child_process';
import {chmod, mkdir, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {promisify} from 'node:util';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {agentgridBin, OuterTerminal} from '../helpers/outer-terminal.js';
import {createAppFixture, serverPids, type AppFixture} from './app-fixture.js';

const run = promisify(execFile);
let app: AppFixture;
let env: Record<string, string>;
const scripts: Record<string, string> = {};

async function installed(program: string): Promise<boolean> {
	return run('sh', ['-c', `command -v ${program}`]).then(() => true, () => false);
}

const haveFish = await installed('fish');
const haveZsh = await installed('zsh');

beforeAll(async () => {
	app = await createAppFixture();
	// `agentgrid` on the PATH, as the scripts call it.
	const bin = path.join(app.repo.dir, 'bin');
	await mkdir(bin);
	await writeFile(path.join(bin, 'agentgrid'), `#!/bin/sh\nexec '${process.execPath}' '${agentgridBin}' "$@"\n`);
	await chmod(path.join(bin, 'agentgrid'), 0o755);
	env = {...process.env as Record<string, string>, ...app.env, PATH: `${bin}:${process.env.PATH}`, HOME: app.repo.dir};
	for (const slug of ['fix-login', 'add-tests']) {
		const created = await app.cli(['new', slug]);
		expect(created.code, created.stderr).toBe(0);
	}
	for (const shell of ['bash', 'zsh', 'fish']) {
		const printed = await app.cli(['completion', shell]);
		expect(printed.code, printed.stderr).toBe(0);
		scripts[shell] = path.join(app.repo.dir, `agentgrid.${shell}`);
		await writeFile(scripts[shell], printed.stdout);
	}
}, 60_000);

afterAll(async () => {
	await app.repo.cleanup();
});

/** What bash's completion offers for a command line whose last word is being completed. */
async function bashComplete(...words: string[]): Promise<string[]> {
	const script = 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMP_LINE="$*"; _agentgrid; printf "%s\\n" "${COMPREPLY[@]}"';
	const {stdout} = await run('bash', ['--norc', '--noprofile', '-c', script, 'bash', scripts.bash, ...words], {cwd: app.repo.root, env});
	return stdout.split('\n').filter(line => line !== '').sort();
}

async function fishComplete(line: string): Promise<string[]> {
	const {stdout} = await run('fish', ['--no-config', '-c', `source ${scripts.fish}; complete -C '${line}'`], {cwd: app.repo.root, env});
	return stdout.split('\n').filter(entry => entry !== '').map(entry => entry.split('\t')[0]).sort();
}

describe('bash completion', () => {
	it('is registered for agentgrid', async () => {
		const {stdout} = await run('bash', ['--norc', '--noprofile', '-c', 'source "$1"; complete -p agentgrid', 'bash', scripts.bash], {env});
		expect(stdout.trim()).toBe('complete -F _agentgrid agentgrid');
	});

	it('completes subcommands, their options, option values and settings keys', async () => {
		const all = await bashComplete('agentgrid', '');
		expect(all).toEqual(expect.arrayContaining(['attach', 'completion', 'ls', 'merge', 'new', 'rm', 'send', 'wait']));
		expect(await bashComplete('agentgrid', 'me')).toEqual(['merge']);
		expect(await bashComplete('agentgrid', 'merge', '--')).toEqual(['--help', '--no-test', '--yes']);
		expect(await bashComplete('agentgrid', 'ls', '--')).toEqual(['--all', '--help', '--json']);
		expect(await bashComplete('agentgrid', 'wait', 'fix-login', '--for', '')).toEqual(['busy', 'exited', 'idle', 'waiting']);
		// bash splits --for=w at the = sign.
		expect(await bashComplete('agentgrid', 'wait', 'fix-login', '--for', '=', 'w')).toEqual(['waiting']);
		expect(await bashComplete('agentgrid', 'config', '')).toEqual(['edit', 'get', 'path', 'reset', 'set']);
		expect(await bashComplete('agentgrid', 'config', 'set', 'col')).toEqual(['colors']);
		expect(await bashComplete('agentgrid', 'completion', '')).toEqual(['bash', 'fish', 'zsh']);
		expect(await bashComplete('agentgrid', '--ho')).toEqual(['--host']);
		// Free text completes nothing rather than file names.
		expect(await bashComplete('agentgrid', 'send', 'fix-login', '')).toEqual([]);
	});

	it('completes session names of the repository without starting a server', async () => {
		expect(await bashComplete('agentgrid', 'merge', '')).toEqual(['add-tests', 'fix-login']);
		expect(await bashComplete('agentgrid', 'rm', '--salvage', 'f')).toEqual(['fix-login']);
		expect(await bashComplete('agentgrid', 'wait', '--for', 'idle', '')).toEqual(['add-tests', 'fix-login']);
		// The second operand of send is the text, not a session.
		expect(await bashComplete('agentgrid', 'send', 'fix-login', 'a')).toEqual([]);
		expect(await serverPids(app.env.AGENTGRID_SOCKET_DIR)).toEqual([]);
	});
});

describe.skipIf(!haveFish)('fish completion', () => {
	it('completes subcommands, options, values and session names', async () => {
		expect(await fishComplete('agentgrid me')).toEqual(['merge']);
		expect(await fishComplete('agentgrid merge ')).toEqual(['add-tests', 'fix-login']);
		expect(await fishComplete('agentgrid merge --')).toEqual(['--help', '--no-test', '--yes']);
		expect(await fishComplete('agentgrid wait fix-login --for ')).toEqual(['busy', 'exited', 'idle', 'waiting']);
		expect(await fishComplete('agentgrid config ')).toEqual(['edit', 'get', 'path', 'reset', 'set']);
		expect(await fishComplete('agentgrid config set col')).toEqual(['colors']);
		expect(await fishComplete('agentgrid completion ')).toEqual(['bash', 'fish', 'zsh']);
		expect(await serverPids(app.env.AGENTGRID_SOCKET_DIR)).toEqual([]);
	});
});

describe.skipIf(!haveZsh)('zsh completion', () => {
	it('completes in an interactive zsh when Tab is pressed', async () => {
		const term = new OuterTerminal({cwd: app.repo.root, env: {...env, PS1: '> ', ZDOTDIR: app.repo.dir}, cols: 100, rows: 20, file: 'zsh', args: ['-f', '-i']});
		try {
			const line = () => term.lines().find(text => text.startsWith('> agentgrid')) ?? '';
			term.write(`autoload -U compinit && compinit -u -D && source ${scripts.zsh} && echo loaded\r`);
			await term.waitFor(/^loaded$/m);
			term.write('agentgrid con\t');
			await term.waitFor(() => line().startsWith('> agentgrid config '));
			term.write('set col\t');
			await term.waitFor(() => line().startsWith('> agentgrid config set colors '));
			term.write('\u0015agentgrid wait fix-login --for w\t');
			await term.waitFor(() => line().startsWith('> agentgrid wait fix-login --for waiting '));
			term.write('\u0015agentgrid merge fi\t');
			await term.waitFor(() => line().startsWith('> agentgrid merge fix-login '));
			// Two candidates: the second Tab lists both.
			term.write('\u0015agentgrid rm \t\t');
			await term.waitFor(screen => screen.includes('add-tests') && screen.includes('fix-login'));
			term.write('\u0015agentgrid merge --\t\t');
			await term.waitFor(screen => screen.includes('--no-test') && screen.includes('skip the tests'));
			expect(await serverPids(app.env.AGENTGRID_SOCKET_DIR)).toEqual([]);
		} finally {
			term.kill();
		}
	});
});

describe('session names for completion', () => {
	it('come from the running server when there is one, one a line, without the table', async () => {
		const started = await app.cli(['new', 'live-one', '--start']);
		expect(started.code, started.stderr).toBe(0);
		expect((await serverPids(app.env.AGENTGRID_SOCKET_DIR)).length).toBe(1);
		const listed = await app.cli(['ls', '--names']);
		expect(listed).toMatchObject({code: 0, stderr: ''});
		expect(listed.stdout.split('\n').filter(Boolean).sort()).toEqual(['add-tests', 'fix-login', 'live-one']);
		expect(await bashComplete('agentgrid', 'stop', 'li')).toEqual(['live-one']);
	});
});
