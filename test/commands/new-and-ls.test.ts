import {access, readFile, rename, rm} from 'node:fs/promises';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {lsCommand} from '../../source/commands/ls.js';
import {newCommand} from '../../source/commands/new.js';
import {statusCommand} from '../../source/commands/status.js';
import {commandLoaders} from '../../source/commands/registry.js';
import {trustCommand} from '../../source/commands/trust.js';
import {AgentgridError} from '../../source/core/errors.js';
import {SetupStepFailedError} from '../../source/core/setup/setup-job.js';
import {createTempRepo, runGitIn, type TempRepo} from '../helpers/git-repo.js';
import {captureContext} from './capture-context.js';

let repo: TempRepo;
let configDir: string;

const repositoryFile = {
	copyFiles: ['.env'],
	env: {PORT: '{{port}}', DATABASE_URL: 'postgres://localhost/app_{{slug}}'},
	setupCommands: ['echo "setting up $AGENTGRID_SESSION on $PORT" && echo "$DATABASE_URL" > setup.out'],
};

beforeEach(async () => {
	repo = await createTempRepo({files: {'.gitignore': '.env\n', 'README.md': '# app\n', '.agentgrid.json': JSON.stringify(repositoryFile, null, 2)}});
	await repo.write('.env', 'TOKEN=abc\n');
	configDir = path.join(repo.dir, 'config');
});

afterEach(async () => {
	await repo.cleanup();
	await rm(configDir, {recursive: true, force: true});
});

async function run(command: typeof newCommand, args: string[]) {
	const context = captureContext(repo.root, configDir);
	const code = await command.run(args, context);
	return {code, out: context.out(), err: context.err()};
}

const worktreeOf = (slug: string) => path.join(repo.dir, 'repo.worktrees', slug);

describe('agentgrid new', () => {
	it('prepares the worktree and environment but does not run setup of an untrusted file', async () => {
		const result = await run(newCommand, ['first', '--prompt', 'Add a health endpoint', '--done-when', 'GET /health returns 200']);
		expect(result.code).toBe(0);
		expect(result.out).toContain('▸ Create worktree');
		expect(result.out).toContain('is not trusted yet');
		expect(result.out).toContain('setup: echo "setting up');
		expect(result.out).toContain('agentgrid trust');
		expect(result.out).toContain(`Session "first" is ready: branch agentgrid/first in ${worktreeOf('first')}`);
		expect(await readFile(path.join(worktreeOf('first'), '.env'), 'utf8')).toBe('TOKEN=abc\n');
		const brief = await readFile(path.join(worktreeOf('first'), 'AGENTGRID_TASK.md'), 'utf8');
		expect(brief).toContain('Add a health endpoint');
		expect(brief).toContain('- [ ] GET /health returns 200');
		await expect(access(path.join(worktreeOf('first'), 'setup.out'))).rejects.toThrow();
	});

	it('runs setup once trusted, with the session environment, and prints JSON for scripts', async () => {
		await run(trustCommand, []);
		const result = await run(newCommand, ['second', '--json', '--agent', 'shell']);
		const session = JSON.parse(result.out) as {slug: string; worktree: string; ports: number[]; env: Record<string, string>; agent: string};
		expect(session).toMatchObject({slug: 'second', agent: 'shell', worktree: worktreeOf('second')});
		expect(session.ports).toHaveLength(1);
		expect(session.env.PORT).toBe(String(session.ports[0]));
		expect(session.env.AGENTGRID_BASE).toBe('main');
		expect(result.err).toContain(`setting up second on ${session.ports[0]}`);
		expect(await readFile(path.join(worktreeOf('second'), 'setup.out'), 'utf8')).toBe('postgres://localhost/app_second\n');
	});

	it('gives concurrent sessions distinct ports and indexes', async () => {
		const a = JSON.parse((await run(newCommand, ['a', '--json'])).out) as {ports: number[]; index: number};
		const b = JSON.parse((await run(newCommand, ['b', '--json'])).out) as {ports: number[]; index: number};
		expect(a.ports[0]).not.toBe(b.ports[0]);
		expect([a.index, b.index]).toEqual([1, 2]);
	});

	it('reports a failing setup step and keeps the worktree', async () => {
		await repo.commit('failing setup', {'.agentgrid.json': JSON.stringify({setupCommands: ['echo compiling; echo "error: missing dependency" >&2; exit 42']})});
		await run(trustCommand, []);
		const error = await run(newCommand, ['broken']).then(() => undefined, (error_: unknown) => error_);
		expect(error).toBeInstanceOf(SetupStepFailedError);
		expect((error as SetupStepFailedError).message).toContain('exit code 42');
		expect((error as SetupStepFailedError).message).toContain('| error: missing dependency');
		expect((error as SetupStepFailedError).hint).toContain(worktreeOf('broken'));
		await access(worktreeOf('broken'));
	});

	it('rejects unknown agents, a second session of the same name and bad usage', async () => {
		await expect(run(newCommand, ['x', '--agent', 'nobody'])).rejects.toThrow('There is no agent preset named "nobody".');
		await expect(run(newCommand, [])).rejects.toThrow('Missing the session name.');
		await expect(run(newCommand, ['x', '--scope', 'only auth'])).rejects.toThrow(/give the task with --prompt/);
		await run(newCommand, ['dup']);
		const error = await run(newCommand, ['dup']).then(() => undefined, (error_: unknown) => error_);
		expect(error).toBeInstanceOf(AgentgridError);
		expect((error as Error).message).toContain('already exists');
	});

	it('refuses an agent preset from an untrusted repository file', async () => {
		await repo.commit('preset', {'.agentgrid.json': JSON.stringify({presets: {team: {command: 'team-agent'}}})});
		await expect(run(newCommand, ['x', '--agent', 'team'])).rejects.toThrow(/is not trusted yet/);
		await run(trustCommand, []);
		expect((await run(newCommand, ['x', '--agent', 'team'])).out).toContain('Agent: team.');
	});
});

describe('agentgrid ls', () => {
	it('says when there are no sessions', async () => {
		expect((await run(lsCommand, [])).out).toContain('No sessions.');
	});

	it('lists sessions with branch, ahead/behind, dirty state, changed files and ports', async () => {
		await run(newCommand, ['alpha']);
		await run(newCommand, ['beta']);
		const alpha = worktreeOf('alpha');
		await runGitIn(alpha, ['commit', '--allow-empty', '-q', '-m', 'empty']);
		await repo.write(path.join(alpha, 'feature.txt'), 'x\n');
		await runGitIn(alpha, ['add', 'feature.txt']);
		await runGitIn(alpha, ['commit', '-q', '-m', 'feature']);
		await repo.write(path.join(alpha, 'wip.txt'), 'wip\n');
		await repo.commit('main moves on', {'CHANGELOG.md': 'x\n'});

		const text = (await run(lsCommand, [])).out;
		const lines = text.trimEnd().split('\n');
		expect(lines[0]).toMatch(/^SESSION\s+BRANCH\s+BASE\s+AHEAD\s+BEHIND\s+STATE\s+FILES\s+PORTS\s+WORKTREE$/);
		const alphaLine = lines.find(line => line.startsWith('alpha'))!;
		expect(alphaLine).toMatch(/^alpha\s+agentgrid\/alpha\s+main\s+\+2\s+-1\s+dirty\s+2\s+\d+\s+/);
		expect(alphaLine.endsWith(alpha)).toBe(true);
		expect(lines.find(line => line.startsWith('beta'))).toMatch(/^beta\s+agentgrid\/beta\s+main\s+\+0\s+-1\s+clean\s+0\s+\d+/);

		const json = JSON.parse((await run(lsCommand, ['--json'])).out) as Array<{slug: string; ahead: number; dirty: boolean; ports: number[]}>;
		expect(json.find(session => session.slug === 'alpha')).toMatchObject({ahead: 2, dirty: true});
		expect(json.every(session => session.ports.length === 1)).toBe(true);
	});

	it('lists a worktree moved by hand as moved, with the command that reconnects it', async () => {
		await run(newCommand, ['wander']);
		const movedTo = path.join(repo.dir, 'repo.worktrees', 'wander-moved');
		await rename(worktreeOf('wander'), movedTo);
		const text = (await run(lsCommand, [])).out;
		expect(text).toMatch(/^wander\s+agentgrid\/wander\s+main\s+\+0\s+-0\s+moved\s/m);
		expect(text).toContain(`(moved to ${movedTo})`);
		expect(text).toContain(`wander: its worktree was moved to ${movedTo}; reconnect it with: git worktree repair "${movedTo}"`);
	});

	it('lists a session stopped mid-rebase as rebasing and says how to get out of it', async () => {
		await run(newCommand, ['stuck']);
		const stuck = worktreeOf('stuck');
		await repo.write(path.join(stuck, 'README.md'), '# session\n');
		await runGitIn(stuck, ['commit', '-q', '-am', 'session edit']);
		await repo.commit('main edit', {'README.md': '# main\n'});
		await expect(runGitIn(stuck, ['rebase', 'main'])).rejects.toThrow();

		const text = (await run(lsCommand, [])).out;
		expect(text).toMatch(/^stuck\s+agentgrid\/stuck\s+main\s+\+1\s+-1\s+rebasing\s/m);
		expect(text).toContain('stuck: a rebase stopped half-way in its worktree');
		expect(text).toContain('git rebase --abort');
		const json = JSON.parse((await run(lsCommand, ['--json'])).out) as Array<{slug: string; inProgress?: string}>;
		expect(json).toEqual([expect.objectContaining({slug: 'stuck', inProgress: 'rebase'})]);
	});
});

describe('agentgrid status without a server', () => {
	it('reports a known session as stopped and refuses a name that is not a session', async () => {
		await run(newCommand, ['known']);
		expect(await run(statusCommand, ['known'])).toMatchObject({code: 0, out: 'known is stopped (no server runs for this repository).\n'});
		const error = await run(statusCommand, ['nobody']).then(() => undefined, (error_: unknown) => error_);
		expect(error).toBeInstanceOf(AgentgridError);
		expect(error).toMatchObject({code: 'session-not-found', message: 'No session named nobody.', hint: 'Sessions: known.'});
	});
});

describe('registry', () => {
	it('loads every command under its own name', async () => {
		for (const [name, load] of Object.entries(commandLoaders)) {
			const command = await load();
			expect(command.name).toBe(name);
			expect(command.usage).toContain(`agentgrid ${name}`);
		}
		expect(Object.keys(commandLoaders).sort()).toEqual(['attach', 'capture', 'completion', 'config', 'demo', 'hook', 'kill-server', 'log', 'ls', 'merge', 'new', 'proxy', 'rm', 'send', 'server', 'status', 'stop', 'trust', 'wait']);
	});
});
