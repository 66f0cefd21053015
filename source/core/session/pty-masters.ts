/**
 * Keeps pty masters out of every process agentgrid starts.
 *
 * node-pty opens masters without close-on-exec, and Node cannot add it: there is no fcntl, and re-opening a master
 * through /proc/self/fd allocates a new terminal instead. Inherited, a master lets another program type into that
 * pane, and keeps the pane from hanging up when agentgrid dies, so its agent lives on. Both ways we start processes
 * therefore shed them before the new program runs:
 * - pty programs start through a launcher that closes them, then execs the program (pty-launcher.ts);
 * - node:child_process children get /dev/null duplicated over each master (libuv closes no inherited descriptor).
 */
import {spawn, type ChildProcess, type SpawnOptions, type StdioOptions} from 'node:child_process';
import {openSync} from 'node:fs';

const masters = new Set<number>();
let devNull: number | undefined;

/** Records a master node-pty opened; the returned function forgets it once it is closed. */
export function trackPtyMaster(fd: number): () => void {
	masters.add(fd);
	return () => masters.delete(fd);
}

/** `stdio` for node:child_process with /dev/null in place of every pty master, so the child holds none. */
export function stdioWithoutPtyMasters(stdio: StdioOptions = 'pipe'): StdioOptions {
	if (masters.size === 0 || process.platform === 'win32') {
		return stdio;
	}

	devNull ??= openSync('/dev/null', 'r+');
	const entries: Exclude<StdioOptions, string> = typeof stdio === 'string' ? [stdio, stdio, stdio] : [...stdio];
	for (const fd of masters) {
		while (entries.length <= fd) {
			entries.push('ignore');
		}

		// An entry the caller chose is never overwritten; at indexes above 2 that would be a deliberate handover.
		if (fd > 2 && (entries[fd] === 'ignore' || entries[fd] === null || entries[fd] === undefined)) {
			entries[fd] = devNull;
		}
	}

	return entries;
}

/** node:child_process.spawn for everything agentgrid starts outside a pty. */
export function spawnWithoutPtyMasters(file: string, args: readonly string[], options: SpawnOptions): ChildProcess {
	return spawn(file, args, {...options, stdio: stdioWithoutPtyMasters(options.stdio)});
}
