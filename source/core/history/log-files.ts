/**
 * Where a session's output log lives: two files per session (the current one and the one before the last rotation)
 * in the repository's common git directory, next to the session locks, so every worktree's server finds them and
 * they go when the repository goes.
 */
import {readFile, rm} from 'node:fs/promises';
import path from 'node:path';
import {decodeRecords, type LogRecord} from './log-format.js';

export interface LogPaths {
	current: string;
	previous: string;
}

export function historyDir(commonDir: string): string {
	return path.join(commonDir, 'agentgrid', 'history');
}

/** `slug` must be a valid session slug (no separators), which every caller has checked. */
export function logPaths(commonDir: string, slug: string): LogPaths {
	const current = path.join(historyDir(commonDir), `${slug}.log`);
	return {current, previous: `${current}.1`};
}

async function readIfThere(file: string): Promise<Buffer | undefined> {
	try {
		return await readFile(file);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
		throw error;
	}
}

/** Every logged record, oldest first; undefined when the session has no log. */
export async function readLog(paths: LogPaths): Promise<LogRecord[] | undefined> {
	const [previous, current] = await Promise.all([readIfThere(paths.previous), readIfThere(paths.current)]);
	if (previous === undefined && current === undefined) return undefined;
	return [...(previous ? decodeRecords(previous) : []), ...(current ? decodeRecords(current) : [])];
}

export async function removeLog(paths: LogPaths): Promise<void> {
	await Promise.all([rm(paths.current, {force: true}), rm(paths.previous, {force: true})]);
}
