/**
 * Runs a program on this process's own terminal (the attach client's), e.g. the editor the review screen opens.
 */
import {spawn} from 'node:child_process';

export async function runOnTerminal(file: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<number> {
	return new Promise((resolve, reject) => {
		const child = spawn(file, args, {cwd, env, stdio: 'inherit'});
		child.once('error', reject);
		child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 : 0)));
	});
}
