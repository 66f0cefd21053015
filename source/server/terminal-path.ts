/**
 * The path of the attach client's terminal, which it offers the server to read and write itself. Only where the
 * system names a process's descriptors (Linux's /proc); elsewhere the client relays.
 */
import {readlink} from 'node:fs/promises';

export async function terminalPath(): Promise<string | undefined> {
	const [input, output] = await Promise.all(['/proc/self/fd/0', '/proc/self/fd/1'].map(async link => readlink(link).catch(() => undefined)));
	// Input and output must be the one terminal the user sees; a redirected side means relaying.
	return input !== undefined && input === output && input.startsWith('/dev/') ? input : undefined;
}
