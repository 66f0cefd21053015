import {createReadStream} from 'node:fs';
import {lstat} from 'node:fs/promises';
import {fsPath} from './raw-path.js';

export interface UntrackedStats {
	lines: number;
	binary: boolean;
}

/** git's own heuristic: a NUL byte in the first 8000 bytes makes a file binary. */
const binaryProbeBytes = 8000;

/**
 * Counts the lines an untracked file would add, in-process: spawning git per file would dominate the cost
 * of a diff summary when an agent creates many files.
 */
export async function untrackedStats(worktree: string, relativePath: string): Promise<UntrackedStats> {
	const absolute = fsPath(worktree, relativePath);
	const info = await lstat(absolute).catch(() => undefined);
	if (!info) {
		return {lines: 0, binary: false};
	}
	if (info.isSymbolicLink()) {
		// git diffs a symlink as one line holding its target.
		return {lines: 1, binary: false};
	}
	if (!info.isFile() || info.size === 0) {
		return {lines: 0, binary: false};
	}
	return new Promise((resolve, reject) => {
		let lines = 0;
		let seen = 0;
		let lastByte = 10;
		const stream = createReadStream(absolute);
		stream.on('data', (chunk: Buffer | string) => {
			const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
			if (seen < binaryProbeBytes && bytes.subarray(0, binaryProbeBytes - seen).includes(0)) {
				stream.destroy();
				resolve({lines: 0, binary: true});
				return;
			}
			seen += bytes.length;
			for (let at = bytes.indexOf(10); at !== -1; at = bytes.indexOf(10, at + 1)) {
				lines++;
			}
			lastByte = bytes.at(-1) ?? lastByte;
		});
		stream.on('error', reject);
		stream.on('end', () => resolve({lines: lastByte === 10 ? lines : lines + 1, binary: false}));
	});
}
