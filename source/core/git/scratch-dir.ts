/**
 * Private temporary directories for git's scratch files (a copy of an index, a pattern file). Each is removed when
 * its work is done; one left behind by a process that was killed is removed by a later server's sweep. Its name
 * carries the host and pid of the process that made it, and only this host's directories of processes that are gone
 * and that are older than any work that uses one are swept: /tmp may be shared with other hosts (NFS) or with
 * containers whose pids this process cannot see.
 */
import {createHash} from 'node:crypto';
import {lstat, mkdtemp, readdir, rm} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {processExists} from '../session/process-tree.js';

const prefix = 'agentgrid-scratch-';
/** Names from before the host and pid were in them. */
const legacyPrefixes = ['agentgrid-index-', 'agentgrid-patterns-'];
/** No use of a scratch directory lasts this long (a git command silent for 5 minutes is stopped). */
const orphanAgeMs = 60 * 60 * 1000;
const host = createHash('sha256').update(os.hostname()).digest('hex').slice(0, 8);

/** Runs `work` with a new private directory, removed afterwards whatever happens. */
export async function withScratchDir<T>(work: (directory: string) => Promise<T>, parent = os.tmpdir()): Promise<T> {
	const directory = await mkdtemp(path.join(parent, `${prefix}${host}-${process.pid}-`));
	try {
		return await work(directory);
	} finally {
		await rm(directory, {recursive: true, force: true});
	}
}

/** Removes the scratch directories this host's processes of this user left behind; returns how many. */
export async function sweepScratchDirs(parent = os.tmpdir(), now = Date.now()): Promise<number> {
	const names = await readdir(parent).catch(() => [] as string[]);
	let removed = 0;
	for (const name of names) {
		const [namedHost, pid] = name.startsWith(prefix) ? name.slice(prefix.length).split('-') : [];
		const ours = namedHost === host && /^\d+$/.test(pid ?? '') && !processExists(Number(pid));
		if (!ours && !legacyPrefixes.some(start => name.startsWith(start))) continue;
		const directory = path.join(parent, name);
		const info = await lstat(directory).catch(() => undefined);
		if (!info?.isDirectory() || info.uid !== process.getuid?.() || now - info.mtimeMs < orphanAgeMs) continue;
		await rm(directory, {recursive: true, force: true}).catch(() => {});
		removed++;
	}
	return removed;
}
