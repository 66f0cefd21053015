/**
 * Ending everything a pane started. An agent's pty child is a session leader (forkpty calls setsid), but shells move
 * jobs into their own process groups and agents spawn helpers (Codex leaves `codex app-server` behind), so signalling
 * the leader's group alone is not enough: we collect the leader's session, its group and its descendants up front,
 * while the parent links still exist, and signal each of them. A daemon that left the session (`setsid`) and was
 * orphaned has no link left to the pane but what it inherited: the pane's environment mark, unless it cleared its
 * environment (`env -i`), and descriptors on the pane's terminal, unless it closed them all.
 */
import {readdir, readFile, readlink} from 'node:fs/promises';
import {spawnWithoutPtyMasters} from './pty-masters.js';

interface ProcessEntry {
	pid: number;
	ppid: number;
	pgid: number;
	sid: number;
}

export interface TreeMarks {
	/** An environment variable every process of the tree inherits with this value. */
	mark?: {variable: string; value: string};
	/** The tree's terminal (/dev/pts/N); the pty itself keeps it open as descriptor 63 in every process it starts. */
	terminal?: string;
}

/**
 * Pids belonging to the tree rooted at `leader`: same session, same process group, a descendant, or (on Linux) a
 * process that carries the pane's mark or holds its terminal, such as a daemon that detached itself, and its
 * descendants.
 */
export async function listProcessTree(leader: number, marks: TreeMarks = {}): Promise<number[]> {
	const table = process.platform === 'linux' ? await readProcTable() : await readPsTable();
	// agentgrid itself holds every pane's terminal (to read its last output) and is the parent of every pane: its
	// own line of ancestors must never seed the walk, or closing one pane would end them all.
	const ours = ancestorsOf(process.pid, table);
	const marked = process.platform === 'linux' ? (await markedPids(table, marks)).filter(pid => !ours.has(pid)) : [];
	const children = new Map<number, number[]>();
	for (const entry of table) {
		const siblings = children.get(entry.ppid) ?? [];
		siblings.push(entry.pid);
		children.set(entry.ppid, siblings);
	}

	const found = new Set<number>();
	for (const entry of table) {
		if (entry.sid === leader || entry.pgid === leader) {
			found.add(entry.pid);
		}
	}

	for (const pid of marked) found.add(pid);
	const stack = [leader, ...marked];
	while (stack.length > 0) {
		const pid = stack.pop()!;
		for (const child of children.get(pid) ?? []) {
			if (!found.has(child)) {
				found.add(child);
				stack.push(child);
			}
		}
	}

	found.add(leader);
	found.delete(process.pid);
	return [...found];
}

function ancestorsOf(pid: number, table: readonly ProcessEntry[]): Set<number> {
	const parents = new Map(table.map(entry => [entry.pid, entry.ppid]));
	const line = new Set<number>();
	for (let current: number | undefined = pid; current !== undefined && current > 0 && !line.has(current); current = parents.get(current)) line.add(current);
	return line;
}

async function markedPids(table: readonly ProcessEntry[], {mark, terminal}: TreeMarks): Promise<number[]> {
	if (mark === undefined && terminal === undefined) {
		return [];
	}

	const needle = mark === undefined ? undefined : `${mark.variable}=${mark.value}`;
	const hits = await Promise.all(table.map(async entry => {
		const hit = (needle !== undefined && await hasEnvironmentEntry(entry.pid, needle))
			|| (terminal !== undefined && await holds(entry.pid, terminal));
		return hit ? entry.pid : undefined;
	}));
	return hits.filter((pid): pid is number => pid !== undefined);
}

async function hasEnvironmentEntry(pid: number, needle: string): Promise<boolean> {
	try {
		return (await readFile(`/proc/${pid}/environ`, 'utf8')).split('\0').includes(needle);
	} catch {
		// Gone, or another user's process: not ours to end.
		return false;
	}
}

async function holds(pid: number, file: string): Promise<boolean> {
	let fds: string[];
	try {
		fds = await readdir(`/proc/${pid}/fd`);
	} catch {
		// Gone, or another user's process.
		return false;
	}

	const targets = await Promise.all(fds.map(async fd => readlink(`/proc/${pid}/fd/${fd}`).catch(() => '')));
	return targets.includes(file);
}

/** True while `pid` exists and is not a zombie (a zombie is already dead, merely unreaped). */
export async function isAlive(pid: number): Promise<boolean> {
	if (process.platform === 'linux') {
		try {
			const entry = parseStat(await readFile(`/proc/${pid}/stat`, 'utf8'));
			return entry !== undefined && !entry.zombie;
		} catch {
			return false;
		}
	}

	return processExists(pid);
}

/**
 * Whether a process with this pid exists, another user's included. Only "no such process" says it does not: any
 * other refusal (a sandbox that forbids the call) may hide a live one.
 */
export function processExists(pid: number): boolean {
	if (!Number.isInteger(pid) || pid <= 0) return false;
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code !== 'ESRCH';
	}
}

/** Sends `signal` to each pid and to the process group `group` if given, ignoring processes already gone. */
export function signalAll(pids: readonly number[], group: number | undefined, signal: NodeJS.Signals): void {
	for (const target of group === undefined ? pids : [-group, ...pids]) {
		try {
			process.kill(target, signal);
		} catch {
			// Already gone, or never ours to signal: either way nothing is left to do for it.
		}
	}
}

async function readProcTable(): Promise<ProcessEntry[]> {
	const names = await readdir('/proc');
	const entries = await Promise.all(names.filter(name => /^\d+$/.test(name)).map(async name => {
		try {
			return parseStat(await readFile(`/proc/${name}/stat`, 'utf8'));
		} catch {
			// The process ended between readdir and readFile.
			return undefined;
		}
	}));
	return entries.filter((entry): entry is ProcessEntry & {zombie: boolean} => entry !== undefined && !entry.zombie);
}

function parseStat(stat: string): (ProcessEntry & {zombie: boolean}) | undefined {
	// The command name (field 2) may contain spaces and parentheses, so fields are counted from its closing paren.
	const close = stat.lastIndexOf(')');
	const open = stat.indexOf('(');
	if (close < 0 || open < 0) {
		return undefined;
	}

	const [state, ppid, pgid, sid] = stat.slice(close + 2).split(' ');
	return {
		pid: Number(stat.slice(0, open).trim()),
		ppid: Number(ppid),
		pgid: Number(pgid),
		sid: Number(sid),
		zombie: state === 'Z' || state === 'X',
	};
}

async function readPsTable(): Promise<ProcessEntry[]> {
	const output = await new Promise<string>(resolve => {
		const child = spawnWithoutPtyMasters('ps', ['-A', '-o', 'pid=,ppid=,pgid='], {stdio: ['ignore', 'pipe', 'ignore']});
		let stdout = '';
		child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
		child.on('error', () => resolve(''));
		child.on('close', code => resolve(code === 0 ? stdout : ''));
	});
	return output.split('\n').flatMap(line => {
		const [pid, ppid, pgid] = line.trim().split(/\s+/).map(Number);
		// ps offers no portable session id column; group and parent links cover what matters elsewhere.
		return Number.isInteger(pid) && pid > 0 ? [{pid, ppid, pgid, sid: -1}] : [];
	});
}
