/**
 * Private temporary directories for git's scratch files (a copy of an index, a pattern file). Each is removed when
 * its work is done; one left behind by a process that was killed is removed by the next server to start, as its
 * name carries the pid of the process that made it.
 */
import {mkdtemp, readdir, rm, stat} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';

const prefix = 'agentgrid-scratch-';
/** Names from before the pid was in them, and their last age: none of their work runs this long. */
const legacyPrefixes = ['agentgrid-index-', 'agentgrid-patterns-'];
const legacyAgeMs = 60 * 60 * 1000;

/** Runs `work` with a new private directory, removed afterwards whatever happens. */
export async function withScratchDir<T>(work: (directory: string) => Promise<T>, parent = os.tmpdir()): Promise<T> {
	const directory = await mkdtemp(path.join(parent, `${prefix}${process.pid}-`));
	try {
		return await work(directory);
	} finally {
		await rm(directory, {recursive: true, force: true});
	}
}

/** Removes the scratch directories of this user's processes that are gone; returns how many. */
export async function sweepScratchDirs(parent = os.tmpdir(), now = Date.now()): Promise<number> {
	const names = await readdir(parent).catch(() => [] as string[]);
	let removed = 0;
	for (const name of names) {
		const pid = name.startsWith(prefix) ? Number(name.slice(prefix.length).split('-')[0]) : undefined;
		const legacy = legacyPrefixes.some(start => name.startsWith(start));
		if (pid === undefined && !legacy) continue;
		const directory = path.join(parent, name);
		const info = await stat(directory).catch(() => undefined);
		if (!info?.isDirectory() || info.uid !== process.getuid?.()) continue;
		const orphaned = pid === undefined ? now - info.mtimeMs > legacyAgeMs : Number.isInteger(pid) && !alive(pid);
		if (!orphaned) continue;
		await rm(directory, {recursive: true, force: true}).catch(() => {});
		removed++;
	}
	return removed;
}

function alive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		// EPERM: it exists, as someone else's process.
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}
