/**
 * `agentgrid --host HOST`: the protocol runs over OpenSSH's stdio to `agentgrid proxy` on that host, which bridges to
 * the server socket there. OpenSSH is the transport (the user's config, keys and agent); the terminal work stays
 * local. No tty is asked for (-T): the byte stream must cross unchanged.
 */
import {AgentgridError} from '../core/errors.js';
import {Channel} from './channel.js';
import {greet, type ClientChannel} from './connect.js';
import type {Transport} from './attach-client.js';

export interface SshTarget {
	host: string;
	/** Repository on the host; the proxy's login directory when absent. */
	repo?: string;
	/** How to run agentgrid there, one word (a path or a name on the host's PATH). */
	remoteAgentgrid: string;
	/** Extra `-o` options for ssh. */
	sshOptions: readonly string[];
	ssh: string;
}

/** POSIX shell quoting: the remote command is one string that the host's shell splits again. */
export function shellQuote(word: string): string {
	return `'${word.replaceAll("'", '\'\\\'\'')}'`;
}

export function sshArguments(target: SshTarget): string[] {
	const remote = [target.remoteAgentgrid, 'proxy', ...(target.repo ? ['--repo', target.repo] : [])].map(shellQuote).join(' ');
	return ['-T', '-o', 'ServerAliveInterval=5', '-o', 'ServerAliveCountMax=3', ...target.sshOptions.flatMap(option => ['-o', option]), target.host, '--', remote];
}

export function sshTransport(target: SshTarget): Transport {
	return {
		remote: true,
		reconnect: {describe: target.host, delaysMs: [500, 1000, 2000, 4000, 8000, 10_000]},
		open: async (signal?: AbortSignal) => {
			const {spawn} = await import('node:child_process');
			const child = spawn(target.ssh, sshArguments(target), {stdio: ['pipe', 'pipe', 'pipe']});
			let stderr = '';
			child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
				stderr = (stderr + chunk).slice(-4000);
			});
			const exited = new Promise<number | null>(resolve => child.once('exit', code => resolve(code)));
			const spawned = await new Promise<Error | undefined>(resolve => {
				child.once('spawn', () => resolve(undefined));
				child.once('error', resolve);
			});
			if (spawned) throw new AgentgridError('ssh-missing', `Could not run ${target.ssh}: ${spawned.message}`, 'Install OpenSSH\'s client (ssh).');
			const channel: ClientChannel = new Channel({input: child.stdout, output: child.stdin, destroy: () => child.kill('SIGTERM')});
			const stopWatching = channel.closeOnAbort(signal);
			try {
				return await Promise.race([
					greet(channel),
					exited.then(code => {
						throw explainExit(target, code, stderr);
					}),
				]).then(() => ({channel}));
			} catch (error) {
				channel.close('failed');
				throw error instanceof AgentgridError ? error : explainExit(target, await Promise.race([exited, new Promise<null>(r => setTimeout(() => r(null), 500))]), stderr);
			} finally {
				stopWatching();
			}
		},
	};
}

function explainExit(target: SshTarget, code: number | null, stderr: string): AgentgridError {
	const said = stderr.trim().split('\n').slice(-3).join(' ').trim();
	if (code === 127 || /command not found|No such file or directory/.test(said)) {
		return new AgentgridError('remote-missing', `${target.remoteAgentgrid} was not found on ${target.host}${said ? ` (${said})` : ''}.`,
			'Install agentgrid there (on the PATH of non-interactive shells), or name it with --remote-agentgrid PATH.');
	}
	return new AgentgridError('ssh-failed', `ssh to ${target.host} ended${code === null ? '' : ` with exit code ${code}`}${said ? `: ${said}` : ''}.`);
}
