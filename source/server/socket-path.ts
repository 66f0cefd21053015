/**
 * Where a repository's server listens. One server per repository, keyed by its common git directory, in a directory
 * only the user can enter: anyone who can connect to the socket can type into every agent.
 */
import {sha256} from '@noble/hashes/sha2.js';
import {bytesToHex, utf8ToBytes} from '@noble/hashes/utils.js';
import {lstat, mkdir, readdir, realpath} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {AgentgridError} from '../core/errors.js';

export function socketDirectory(env: NodeJS.ProcessEnv): string {
	if (env.AGENTGRID_SOCKET_DIR) return env.AGENTGRID_SOCKET_DIR;
	if (env.XDG_RUNTIME_DIR) return path.join(env.XDG_RUNTIME_DIR, 'agentgrid');
	return path.join(os.tmpdir(), `agentgrid-${process.getuid?.() ?? 'user'}`);
}

export class UnsafeSocketDirectory extends AgentgridError {
	constructor(directory: string, why: string) {
		super('socket-dir-unsafe', `Refusing to use ${directory} for agentgrid's sockets: ${why}.`,
			`Anyone who can open it could type into your agents. Remove it, or fix it with: chown ${process.getuid?.() ?? '$(id -u)'} ${directory} && chmod 700 ${directory}`);
	}
}

/** Creates the directory (0700) if needed and refuses one that another user owns or others can enter. */
export async function ensureSocketDirectory(directory: string): Promise<string> {
	await mkdir(directory, {recursive: true, mode: 0o700});
	const info = await lstat(directory);
	if (info.isSymbolicLink()) throw new UnsafeSocketDirectory(directory, 'it is a symbolic link');
	if (!info.isDirectory()) throw new UnsafeSocketDirectory(directory, 'it is not a directory');
	const uid = process.getuid?.();
	if (uid !== undefined && info.uid !== uid) throw new UnsafeSocketDirectory(directory, `it belongs to user ${info.uid}, not to you (${uid})`);
	if ((info.mode & 0o077) !== 0) throw new UnsafeSocketDirectory(directory, `its mode is ${(info.mode & 0o777).toString(8)}; it must be 700`);
	return directory;
}

/** Short enough for the 107-byte limit on socket paths, readable enough to tell repositories apart in `ls`. */
export async function socketPathFor(directory: string, commonDir: string): Promise<string> {
	const canonical = await realpath(commonDir).catch(() => commonDir);
	// SHA-256 without node:crypto, whose loading (OpenSSL's bindings) cost every attach about 4 ms; the names stay
	// those that earlier versions gave, so a client finds a server an older one started.
	const hash = bytesToHex(sha256(utf8ToBytes(canonical))).slice(0, 12);
	const name = path.basename(path.dirname(canonical)).replaceAll(/[^\w.-]/g, '_').slice(0, 24) || 'repo';
	return path.join(directory, `${name}-${hash}.sock`);
}

export async function listSockets(directory: string): Promise<string[]> {
	try {
		return (await readdir(directory)).filter(name => name.endsWith('.sock')).map(name => path.join(directory, name));
	} catch {
		return [];
	}
}
