import {spawn} from 'node:child_process';
import {agentgridBin} from './outer-terminal.js';

/** Runs agentgrid with the reader of its output gone before the first byte, as behind `| head -1` once head has read. */
export async function runWithReaderGone(args: string[], options: {cwd: string; env?: Record<string, string>}): Promise<{code: number | null; stderr: string}> {
	const child = spawn(process.execPath, [agentgridBin, ...args], {cwd: options.cwd, env: {...process.env, ...options.env}, stdio: ['ignore', 'pipe', 'pipe']});
	child.stdout.destroy();
	let stderr = '';
	child.stderr.on('data', (chunk: Buffer) => stderr += chunk.toString());
	const code = await new Promise<number | null>(resolve => child.on('close', resolve));
	return {code, stderr};
}
