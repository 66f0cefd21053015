/**
 * `agentgrid demo` as a newcomer meets it: the built app in a real terminal, a temporary repository, four scripted
 * agents. Promises: every agent starts in its own worktree with nothing installed; the waiting one is shown
 * waiting and the guide says how to answer it; the two price sessions are flagged by the radar, and merging both
 * gives a conflict that the agent resolves once it is handed back; leaving removes everything (and --keep keeps it).
 */
import {existsSync} from 'node:fs';
import {mkdir, mkdtemp, readFile, rm} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {runGit} from '../../source/core/git/run-git.js';
import {OuterTerminal} from '../helpers/outer-terminal.js';
import {runAgentgrid, serverPids, statusLine, stopServers} from './app-fixture.js';

let home: string | undefined;
const terminals: OuterTerminal[] = [];

async function demoEnv(): Promise<Record<string, string>> {
	home = await mkdtemp(path.join(os.tmpdir(), 'agentgrid-demo-test-'));
	await mkdir(path.join(home, 'config'));
	return {
		AGENTGRID_CONFIG_DIR: path.join(home, 'config'),
		AGENTGRID_SOCKET_DIR: path.join(home, 'sockets'),
		XDG_STATE_HOME: path.join(home, 'state'),
		// The demo makes its repository under the temporary directory.
		TMPDIR: home,
		SHELL: '/bin/sh',
	};
}

function startDemo(env: Record<string, string>, args: string[] = []): OuterTerminal {
	const term = new OuterTerminal({cwd: os.tmpdir(), env, cols: 200, rows: 50, args: ['demo', ...args]});
	terminals.push(term);
	return term;
}

/** The demo trusts its own repository file, for its path alone: that is where the demo is. */
const trustedRepository = async (): Promise<string> => {
	const records = JSON.parse(await readFile(path.join(home!, 'config', 'trusted-repositories.json'), 'utf8')) as {repositories: Record<string, unknown>};
	return Object.keys(records.repositories)[0]!;
};

const demoDirectory = (term: OuterTerminal): string => /Making the demo in (\S+?)…/.exec(term.text())?.[1] ?? '';

afterEach(async () => {
	for (const term of terminals.splice(0)) term.kill();
	if (home) {
		await stopServers(path.join(home, 'sockets'));
		await rm(home, {recursive: true, force: true});
		home = undefined;
	}
});

describe('agentgrid demo', () => {
	it('runs four demo agents, guides through the loop, hands a conflict back, and removes everything on quit', async () => {
		const env = await demoEnv();
		const term = startDemo(env);
		await term.waitFor(/free-shipping.*cart-total/s, 60_000);
		const repo = await trustedRepository();
		expect(path.basename(repo)).toBe('tiny-shop');

		// The question waits, and the guide says how to answer it.
		await term.waitFor(() => /free-shipping\s+◆ waiting/.test(term.text()), 20_000);
		await term.waitFor(() => statusLine(term).includes('free-shipping asks a question'));
		term.write('1');
		// "Enter types: answer 1" shows before the key too; "1 selects it" goes only once the asking pane is focused.
		await term.waitFor(() => statusLine(term).includes('Enter types: answer 1') && !statusLine(term).includes('selects it'));
		term.write('\r');
		await term.waitFor(() => statusLine(term).includes('PANE'));
		term.write('1');
		await term.waitFor('Committed: Add free shipping for orders over $50', 20_000);
		term.write('\u001Cg');
		await term.waitFor(() => statusLine(term).includes('GRID'));

		// Every agent committed its work; the two price sessions are predicted to conflict.
		await term.waitFor(() => (term.text().match(/Committed: /g) ?? []).length >= 4, 30_000);
		await term.waitFor(() => statusLine(term).includes('reviews its diff'));
		const merged = await runAgentgrid(repo, env, ['merge', 'price-currency', '--yes']);
		expect(merged.code, merged.stdout + merged.stderr).toBe(0);

		// Merging the other one conflicts; handed back, its agent rebases and keeps both changes.
		term.write('4');
		term.write('m');
		await term.waitFor('Conflicting files: src/price.js', 30_000);
		term.write('a');
		await term.waitFor('Rebased onto main and kept both changes', 30_000);
		await term.waitFor(() => /price-rounding\s+○ idle/.test(term.text()), 20_000);
		const second = await runAgentgrid(repo, env, ['merge', 'price-rounding', '--yes']);
		expect(second.code, second.stdout + second.stderr).toBe(0);
		const price = (await runGit(['show', 'main:src/price.js'], {cwd: repo})).stdout;
		expect(price).toContain("'$' + (Math.round(cents) / 100).toFixed(2)");
		const tests = (await runGit(['ls-tree', '--name-only', 'main', 'test/'], {cwd: repo})).stdout;
		expect(tests).toContain('test/price.test.js');

		// Quitting the grid ends the demo: the agents stop, and the directory and its trust record are gone.
		term.write('\u001Cg');
		await term.waitFor(() => statusLine(term).includes('GRID'));
		term.write('q');
		await term.waitFor(() => statusLine(term).includes('Quit?'));
		term.write('s');
		expect(await term.exited).toBe(0);
		const parent = path.dirname(repo);
		await term.waitFor(`The demo is over: its agents are stopped and ${parent} is removed.`);
		expect(demoDirectory(term)).toBe(parent);
		expect(existsSync(parent)).toBe(false);
		const trust = JSON.parse(await readFile(path.join(home!, 'config', 'trusted-repositories.json'), 'utf8'));
		expect(trust.repositories).toEqual({});
	}, 180_000);

	it('removes everything when its terminal is closed', async () => {
		const env = await demoEnv();
		const term = startDemo(env);
		await term.waitFor(/free-shipping.*cart-total/s, 60_000);
		const directory = path.dirname(await trustedRepository());
		expect(existsSync(path.join(directory, 'tiny-shop', 'src', 'price.js'))).toBe(true);
		// As a closed terminal window does: the pty goes away (writes to it fail), then the hangup, from the kernel and
		// from the terminal itself. Some terminals signal more than once: none of them may cut the clean-up short.
		const pid = term.process.pid;
		(term.process as unknown as {destroy(): void}).destroy();
		const hangups = setInterval(() => {
			try {
				process.kill(pid, 'SIGHUP');
			} catch {
				clearInterval(hangups);
			}
		}, 1);
		try {
			await expect.poll(() => existsSync(directory), {timeout: 30_000, interval: 100}).toBe(false);
		} finally {
			clearInterval(hangups);
		}
		expect(await serverPids(path.join(home!, 'sockets'))).toEqual([]);
	}, 120_000);

	it('removes everything when hung up twice while it sets up, and starts no server after its clean-up', async () => {
		const env = await demoEnv();
		const term = startDemo(env);
		// Trusted: the repository is made and the sessions are being created, each starting or asking the server.
		await expect.poll(async () => existsSync(path.join(home!, 'config', 'trusted-repositories.json')) && (await trustedRepository()) !== undefined, {timeout: 30_000, interval: 20}).toBe(true);
		const directory = path.dirname(await trustedRepository());
		term.process.kill('SIGHUP');
		await new Promise(resolve => setTimeout(resolve, 30));
		term.process.kill('SIGHUP');
		expect(await term.exited).toBe(130);
		expect(existsSync(directory)).toBe(false);
		// A session creation in flight when the hangup came could otherwise start a server after the clean-up.
		await new Promise(resolve => setTimeout(resolve, 1000));
		expect(await serverPids(path.join(home!, 'sockets'))).toEqual([]);
		const trust = JSON.parse(await readFile(path.join(home!, 'config', 'trusted-repositories.json'), 'utf8'));
		expect(trust.repositories).toEqual({});
	}, 120_000);

	it('keeps the repository and its agents with --keep, and says where', async () => {
		const env = await demoEnv();
		const term = startDemo(env, ['--keep']);
		await term.waitFor(/free-shipping.*cart-total/s, 60_000);
		term.write('\u001Cd');
		expect(await term.exited).toBe(0);
		const kept = /The demo is kept in (\S+): its agents run on/.exec(term.text())?.[1];
		expect(kept).toBeDefined();
		expect(existsSync(path.join(kept!, 'src', 'price.js'))).toBe(true);
		const listed = await runAgentgrid(kept!, env, ['ls', '--json']);
		const sessions = JSON.parse(listed.stdout) as Array<{slug: string}>;
		expect(sessions.map(session => session.slug).sort()).toEqual(['cart-total', 'free-shipping', 'price-currency', 'price-rounding']);
	}, 120_000);
});
