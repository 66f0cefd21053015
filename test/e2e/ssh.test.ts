/**
 * `agentgrid --host`: the grid of another machine over a real OpenSSH connection (an sshd on 127.0.0.1 only).
 * The promise: a dropped link loses no agent. The client says the link is gone, reconnects by itself, and the
 * same session, with the same shell process, is there again.
 */
import {chmod, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {agentgridBin, type OuterTerminal} from '../helpers/outer-terminal.js';
import {sshAvailable, startSshd, type Sshd} from '../helpers/sshd.js';
import {childrenOf} from '../helpers/proc.js';
import {createAppFixture, prefixKey, statusLine, type AppFixture} from './app-fixture.js';

const available = await sshAvailable();
let sshd: Sshd;
let app: AppFixture;
let remoteAgentgrid: string;
const terms: OuterTerminal[] = [];

beforeAll(async () => {
	if (!available) return;
	sshd = await startSshd();
	app = await createAppFixture();
	// The login shell on the "remote" host knows nothing of this test: the wrapper sets what the fixture's
	// agentgrid needs (its sockets, settings, Node 22) and runs it.
	remoteAgentgrid = path.join(sshd.dir, 'agentgrid');
	const exports = Object.entries(app.env).map(([name, value]) => `export ${name}='${value.replaceAll("'", '\'\\\'\'')}'`);
	await writeFile(remoteAgentgrid, ['#!/bin/sh', ...exports, `exec '${process.execPath}' '${agentgridBin}' "$@"`, ''].join('\n'));
	await chmod(remoteAgentgrid, 0o755);
}, 60_000);

afterAll(async () => {
	for (const term of terms) term.kill();
	await app?.repo.cleanup();
	await sshd?.stop();
});

function sshOptionArgs(): string[] {
	const args: string[] = [];
	for (let i = 0; i < sshd.sshOptions.length; i += 2) args.push('--ssh-option', sshd.sshOptions[i + 1]);
	return args;
}

function attachOverSsh(remote = remoteAgentgrid): OuterTerminal {
	const term = app.start({cols: 120, rows: 36, args: ['--host', sshd.host, '--repo', app.repo.root, '--remote-agentgrid', remote, ...sshOptionArgs()]});
	terms.push(term);
	return term;
}

describe.runIf(available)('attach over ssh', () => {
	it('shows the remote grid, and after the ssh process is killed reconnects to the same running session', async () => {
		expect((await app.cli(['new', 'far', '--agent', 'shell', '--start'])).code).toBe(0);
		const term = attachOverSsh();
		await term.waitFor('1 far', 30_000);
		term.write('1\r');
		await term.waitFor(() => statusLine(term).includes('PANE'));
		term.write('echo "shell=$$"\r');
		const before = /shell=(\d+)/.exec(await term.waitFor(/shell=\d+/))![1];

		const [ssh] = (await childrenOf(term.process.pid)).filter(child => child.name === 'ssh').map(child => child.pid);
		expect(ssh).toBeGreaterThan(0);
		process.kill(ssh, 'SIGKILL');
		await term.waitFor('was lost', 10_000);
		await term.waitFor(screen => screen.includes('1 far') && statusLine(term).includes('PANE'), 30_000);
		term.write('echo "again=$$"\r');
		const after = /again=(\d+)/.exec(await term.waitFor(/again=\d+/))![1];
		// The same shell: the agent never noticed the link go.
		expect(after).toBe(before);

		term.write(`${prefixKey}d`);
		expect(await term.exited).toBe(0);
		expect(term.text()).toContain('[detached]');
	}, 90_000);

	it('gives up reconnecting when the user presses q while the link stays down', async () => {
		expect((await app.cli(['new', 'gone', '--agent', 'shell', '--start'])).code).toBe(0);
		// A wrapper of its own, which stops working once the link has dropped.
		const wrapper = path.join(sshd.dir, 'agentgrid-once');
		await writeFile(wrapper, `#!/bin/sh\nexec '${remoteAgentgrid}' "$@"\n`);
		await chmod(wrapper, 0o755);
		const term = attachOverSsh(wrapper);
		await term.waitFor('gone', 30_000);
		await writeFile(wrapper, '#!/bin/sh\nexit 1\n');
		const [ssh] = (await childrenOf(term.process.pid)).filter(child => child.name === 'ssh').map(child => child.pid);
		process.kill(ssh, 'SIGKILL');
		await term.waitFor('Press q to give up', 10_000);
		term.write('q');
		expect(await term.exited).toBe(1);
		expect(term.text()).toContain('gave up reconnecting');
	}, 90_000);

	it('says clearly when agentgrid is missing on the host', async () => {
		const term = attachOverSsh('/nonexistent/agentgrid');
		expect(await term.exited).toBe(1);
		expect(term.text()).toContain('/nonexistent/agentgrid was not found on 127.0.0.1');
	}, 60_000);
});
