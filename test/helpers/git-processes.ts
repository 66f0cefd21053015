/** The git processes a test started (through the project's git layer), to check that none is left running. */
import {execFile} from 'node:child_process';
import {promisify} from 'node:util';

const run = promisify(execFile);

/** Command lines of this process's git children that still run (every git call carries `-c agentgrid.call=<n>`). */
export async function ourGitProcesses(): Promise<string[]> {
	const {stdout} = await run('ps', ['-o', 'args=', '--ppid', String(process.pid)]).catch(() => ({stdout: ''}));
	return stdout.split('\n').filter(line => line.includes('agentgrid.call='));
}

/** Polls `check` every 25 ms, `attempts` times at most. */
export async function until(check: () => Promise<boolean>, attempts = 400): Promise<void> {
	for (let attempt = 0; attempt < attempts; attempt++) {
		if (await check()) return;
		await new Promise(resolve => setTimeout(resolve, 25));
	}
	throw new Error('condition not met');
}
