import {open, rm, stat} from 'node:fs/promises';
import {setTimeout as delay} from 'node:timers/promises';
import {AgentgridError} from '../errors.js';

/**
 * Runs `action` while holding `<file>.lock`, so two agentgrid processes creating sessions at once cannot hand out
 * the same port. A lock older than `staleAfterMs` belonged to a process that died and is taken over.
 */
export async function withFileLock<T>(file: string, action: () => Promise<T>, {timeoutMs = 10_000, staleAfterMs = 15_000} = {}): Promise<T> {
	const lockFile = `${file}.lock`;
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		try {
			const handle = await open(lockFile, 'wx');
			await handle.writeFile(new Date().toISOString());
			await handle.close();
			break;
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
				throw error;
			}
			if (await isStale(lockFile, staleAfterMs)) {
				await rm(lockFile, {force: true});
				continue;
			}
			if (Date.now() > deadline) {
				throw new AgentgridError('lock-timeout', `Timed out waiting for ${lockFile}.`, 'If no other agentgrid is running, delete that file.');
			}
			await delay(20 + Math.random() * 30);
		}
	}
	try {
		return await action();
	} finally {
		await rm(lockFile, {force: true});
	}
}

async function isStale(lockFile: string, staleAfterMs: number): Promise<boolean> {
	try {
		const info = await stat(lockFile);
		return Date.now() - info.mtimeMs > staleAfterMs;
	} catch {
		return false;
	}
}
