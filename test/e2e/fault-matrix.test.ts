/**
 * The fault matrix: what agentgrid promises when things go wrong, each promise tried on the built app, its real
 * server and real repositories. Lower-level tests of the same faults live next to the code (test/core/git/*,
 * test/core/session/*); this file reads as the list of promises.
 */
import {spawn} from 'node:child_process';
import {mkdir, readlink, rename, stat, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {listSockets} from '../../source/server/socket-path.js';
import {lockFile} from '../../source/core/session/session-lock.js';
import {loadRepositorySettings} from '../../source/core/config/repository-settings.js';
import {TrustStore} from '../../source/core/config/trust.js';
import type {OuterTerminal} from '../helpers/outer-terminal.js';
import {descendantsOf, processTable, ptyMastersHeldBy, startTime} from '../helpers/proc.js';
import {alive, createAppFixture, serverPids, statusLine, type AppFixture} from './app-fixture.js';

let app: AppFixture;
const terms: OuterTerminal[] = [];

afterEach(async () => {
	for (const term of terms.splice(0)) term.kill();
	await app?.repo.cleanup();
});

async function fixture(settings: Record<string, unknown> = {}): Promise<AppFixture> {
	app = await createAppFixture(settings);
	return app;
}

async function shell(name: string): Promise<void> {
	const made = await app.cli(['new', name, '--agent', 'shell', '--start']);
	expect(made.stderr).toBe('');
}

/** Pids of the live processes whose command line is exactly `needle`. */
const pidsOf = async (needle: string) => (await processTable()).filter(proc => proc.cmdline === needle).map(proc => proc.pid);

describe('fault matrix: work is never lost', () => {
	it('a merge never overwrites a file in the main checkout that git does not track, ignored files included', async () => {
		await fixture();
		await app.repo.write('.gitignore', 'local.cfg\n');
		await app.repo.git('add', '.gitignore');
		await app.repo.git('commit', '-m', 'ignore local.cfg');
		await app.repo.write('local.cfg', 'SECRET=mine\n');
		expect((await app.cli(['new', 'cfg'])).code).toBe(0);
		const worktree = path.join(path.dirname(app.repo.root), `${path.basename(app.repo.root)}.worktrees`, 'cfg');
		await writeFile(path.join(worktree, 'local.cfg'), 'SECRET=theirs\n');
		await app.repo.git('-C', worktree, 'add', '-f', 'local.cfg');
		await app.repo.git('-C', worktree, 'commit', '-m', 'add local.cfg');
		const merge = await app.cli(['merge', 'cfg', '--yes', '--no-test']);
		expect(merge.code).toBe(1);
		expect(merge.stdout + merge.stderr).toContain('local.cfg');
		expect(await app.repo.read('local.cfg')).toBe('SECRET=mine\n');
	});

	it('a session branch deleted by hand stops the merge with a specific message, committing nothing', async () => {
		await fixture();
		expect((await app.cli(['new', 'gone'])).code).toBe(0);
		await app.repo.git('update-ref', '-d', 'refs/heads/agentgrid/gone');
		const before = await app.repo.git('rev-parse', 'main');
		const merge = await app.cli(['merge', 'gone', '--yes', '--no-test']);
		expect(merge.code).toBe(1);
		expect(merge.stdout + merge.stderr).toMatch(/agentgrid\/gone/);
		expect(merge.stdout + merge.stderr).not.toMatch(/fatal:|merge-base/);
		expect(await app.repo.git('rev-parse', 'main')).toBe(before);
	});

	it('a session left mid-rebase (agentgrid killed during a merge) stays listed, marked, with the way out', async () => {
		await fixture();
		expect((await app.cli(['new', 'halfway'])).code).toBe(0);
		const worktree = path.join(path.dirname(app.repo.root), `${path.basename(app.repo.root)}.worktrees`, 'halfway');
		await writeFile(path.join(worktree, 'README.md'), '# the session\n');
		await app.repo.git('-C', worktree, 'commit', '-am', 'session edit');
		await app.repo.commit('Base edit', {'README.md': '# the base\n'});
		await app.repo.git('-C', worktree, 'rebase', 'main').catch(() => undefined);
		const listed = await app.cli(['ls']);
		expect(listed.stdout).toMatch(/halfway .*rebasing/);
		expect(listed.stdout).toContain('git rebase --abort');
	});

	it('a worktree moved by hand is named as moved, with the command that reconnects it', async () => {
		await fixture();
		expect((await app.cli(['new', 'moved'])).code).toBe(0);
		const worktree = path.join(path.dirname(app.repo.root), `${path.basename(app.repo.root)}.worktrees`, 'moved');
		await rename(worktree, `${worktree}-elsewhere`);
		const listed = await app.cli(['ls']);
		expect(listed.stdout).toContain(`git worktree repair "${worktree}-elsewhere"`);
	});

	it('two agents never run in one worktree: a live holder of the session is named', async () => {
		await fixture();
		expect((await app.cli(['new', 'held'])).code).toBe(0);
		const holder = spawn('sleep', ['60']);
		try {
			await new Promise(resolve => holder.once('spawn', resolve));
			const start = await startTime(holder.pid!);
			const commonDir = path.join(app.repo.root, '.git');
			await mkdir(path.dirname(lockFile(commonDir, 'held')), {recursive: true});
			await writeFile(lockFile(commonDir, 'held'), JSON.stringify({pid: holder.pid, startTime: start, serverPid: 999_999, startedAt: 'earlier'}));
			const refused = await app.cli(['new', 'held', '--start']);
			expect(refused.code).toBe(1);
			expect(refused.stderr).toContain(`An agent already runs in held: process ${holder.pid}`);
		} finally {
			holder.kill('SIGKILL');
		}
	});
});

describe('fault matrix: untrusted code never runs, secrets stay private', () => {
	it('no agent holds another pane\'s terminal: no descendant of the server has /dev/ptmx open', async () => {
		await fixture();
		await shell('one');
		await shell('two');
		const [server] = await serverPids(app.env.AGENTGRID_SOCKET_DIR);
		const leaks: string[] = [];
		for (const pid of await descendantsOf(server)) {
			for (const fd of await ptyMastersHeldBy(pid)) leaks.push(`${pid} fd ${fd}`);
		}
		expect(leaks).toEqual([]);
	});

	it('an untrusted repository file\'s env runs nothing: BASH_ENV, PATH and GIT_* are held back, plain ports apply', async () => {
		await fixture();
		await app.repo.write('evil.sh', 'touch "$HOME/../pwned-by-bash-env"\n');
		await app.repo.write('.agentgrid.json', JSON.stringify({env: {BASH_ENV: '{{worktree}}/evil.sh', PATH: '{{worktree}}/bin', GIT_CONFIG_PARAMETERS: "'core.hooksPath=/tmp'", SESSION_NAME: '{{slug}}'}}));
		await app.repo.git('add', '.');
		await app.repo.git('commit', '-m', 'hostile env');
		await shell('untrusted');
		expect((await app.cli(['send', 'untrusted', 'echo "env:$BASH_ENV:$GIT_CONFIG_PARAMETERS:$SESSION_NAME"', '--enter'])).code).toBe(0);
		await expect.poll(async () => (await app.cli(['capture', 'untrusted'])).stdout, {timeout: 10_000}).toContain('env:::untrusted');
		expect((await app.cli(['trust', '--status'])).stdout).toContain('BASH_ENV');
	});

	it('the settings file, which may hold secrets in preset env, is readable by its owner only', async () => {
		await fixture();
		expect((await app.cli(['config', 'set', 'scrollback', '3000'])).code).toBe(0);
		expect((await stat(path.join(app.configDir, 'config.json'))).mode & 0o777).toBe(0o600);
	});
});

describe('fault matrix: processes and the terminal', () => {
	it('SIGTERM of the server stops every agent cleanly and removes its socket; the sessions show as stopped', async () => {
		await fixture();
		await shell('term');
		const [server] = await serverPids(app.env.AGENTGRID_SOCKET_DIR);
		const agents = await descendantsOf(server);
		expect(agents.length).toBeGreaterThan(0);
		process.kill(server, 'SIGTERM');
		process.kill(server, 'SIGTERM');
		await expect.poll(() => alive(server), {timeout: 10_000}).toBe(false);
		expect((await Promise.all(agents.map(alive))).some(Boolean)).toBe(false);
		expect(await listSockets(app.env.AGENTGRID_SOCKET_DIR)).toEqual([]);
		expect(JSON.parse((await app.cli(['ls', '--json'])).stdout)).toMatchObject([{slug: 'term', status: 'stopped'}]);
	});

	it('SIGTERM of the client detaches and gives the terminal back; the agents keep running', async () => {
		await fixture();
		await shell('keep');
		const term = app.start();
		terms.push(term);
		await term.waitFor('1 keep');
		term.process.kill('SIGTERM');
		expect(await term.exited).toBe(0);
		expect(term.term.buffer.active.type).toBe('normal');
		expect(JSON.parse((await app.cli(['ls', '--json'])).stdout)[0].status).not.toBe('stopped');
	});

	it('a start that fails (a key binding for a command that does not exist) says why and leaves the terminal cooked', async () => {
		await fixture({keybindings: {zoom: ['Z']}});
		const term = app.start({args: []});
		terms.push(term);
		expect(await term.exited).toBe(1);
		expect(term.text()).toContain('Key bindings name a command that does not exist: "zoom"');
		expect(term.term.buffer.active.type).toBe('normal');
		// The server that could not start left nothing behind for the next client to wait on.
		expect(await listSockets(app.env.AGENTGRID_SOCKET_DIR)).toEqual([]);
		const servers = (await processTable()).filter(proc => proc.cmdline === 'agentgrid server');
		const ours = await Promise.all(servers.map(async proc => (await readlink(`/proc/${proc.pid}/cwd`).catch(() => '')) === app.repo.root));
		expect(servers.filter((_, index) => ours[index])).toEqual([]);
		// And `config set` refuses such a binding in the first place.
		const set = await app.cli(['config', 'set', 'keybindings.zoom', '["Z"]']);
		expect(set.code).not.toBe(0);
		expect(set.stderr).toContain('pane.zoom');
	});

	it('a hanging setup command shows its time, stops on Esc with its whole process group, and keeps the worktree', async () => {
		await fixture();
		await app.repo.write('.agentgrid.json', JSON.stringify({setupCommands: ['sleep 1234']}));
		await app.repo.git('add', '.agentgrid.json');
		await app.repo.git('commit', '-m', 'setup');
		await TrustStore.inConfigDir(app.configDir).trust(app.repo.root, await loadRepositorySettings(app.repo.root));
		const term = app.start();
		terms.push(term);
		await term.waitFor(() => statusLine(term).includes('GRID'));
		term.write('n');
		await term.waitFor('New session');
		term.write('hang');
		await term.waitFor('hang');
		term.write('\r');
		await term.waitFor(/sleep 1234 {2}\(\d+ s\)/, 20_000);
		expect(await pidsOf('sleep 1234')).toHaveLength(1);
		term.write('\u001B');
		const screen = await term.waitFor('cancelled', 10_000);
		expect(screen).toContain('The worktree is kept');
		await expect.poll(() => pidsOf('sleep 1234'), {timeout: 5000}).toEqual([]);
		expect(await app.repo.git('worktree', 'list')).toContain('hang');
	});

	it('a daemon an agent started with a cleared environment in a new session ends when the session is stopped', async () => {
		await fixture();
		await shell('daemon');
		expect((await app.cli(['send', 'daemon', 'env -i setsid sleep 4321 >/dev/null 2>&1 &', '--enter'])).code).toBe(0);
		await expect.poll(() => pidsOf('sleep 4321'), {timeout: 5000}).toHaveLength(1);
		expect((await app.cli(['stop', 'daemon'])).code).toBe(0);
		await expect.poll(() => pidsOf('sleep 4321'), {timeout: 5000}).toEqual([]);
	});
});
