import {spawn} from 'node:child_process';
import {AgentgridError} from '../errors.js';

export interface GitResult {
	stdout: string;
	stderr: string;
	exitCode: number;
}

/**
 * Runs git with an argument array, optionally feeding stdin (simple-git cannot, and `check-ignore --stdin` needs it).
 * Exit codes listed in `okExitCodes` are not failures (e.g. check-ignore's 1 for "nothing ignored").
 */
export async function runGit(cwd: string, args: string[], {input, okExitCodes = [0]}: {input?: string; okExitCodes?: number[]} = {}): Promise<GitResult> {
	return new Promise((resolve, reject) => {
		const child = spawn('git', args, {cwd, stdio: ['pipe', 'pipe', 'pipe']});
		const stdout: Buffer[] = [];
		const stderr: Buffer[] = [];
		child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
		child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
		child.on('error', error => {
			reject(new AgentgridError('git-failed', `Could not run git: ${error.message}`, 'Is git installed and on PATH?'));
		});
		child.on('close', code => {
			const result = {stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8'), exitCode: code ?? 1};
			if (okExitCodes.includes(result.exitCode)) {
				resolve(result);
			} else {
				reject(new AgentgridError('git-failed', `git ${args.join(' ')} failed (exit ${result.exitCode}): ${result.stderr.trim()}`));
			}
		});
		child.stdin.on('error', () => {
			// git may exit before reading all of stdin; the exit code tells what happened.
		});
		child.stdin.end(input ?? '');
	});
}

export function splitNul(text: string): string[] {
	return text.split('\0').filter(entry => entry.length > 0);
}
