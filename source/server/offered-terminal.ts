/**
 * The attach client's terminal, which it offers the server to read and write itself. Only where the system names a
 * process's descriptors (Linux's /proc); elsewhere the client relays.
 */
import {fstat} from 'node:fs';
import {readlink} from 'node:fs/promises';
import {promisify} from 'node:util';
import type {OfferedTerminal} from './protocol.js';

export async function offeredTerminal(): Promise<OfferedTerminal | undefined> {
	const [input, output, stats] = await Promise.all([
		readlink('/proc/self/fd/0').catch(() => undefined),
		readlink('/proc/self/fd/1').catch(() => undefined),
		promisify(fstat)(0).catch(() => undefined),
	]);
	// Input and output must be the one terminal the user sees; a redirected side means relaying.
	if (input === undefined || input !== output || !input.startsWith('/dev/') || !stats?.isCharacterDevice()) return undefined;
	return {path: input, dev: stats.dev, ino: stats.ino};
}
