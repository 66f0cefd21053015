import {readdir, readFile, readlink} from 'node:fs/promises';

export interface ProcessEntry {
	pid: number;
	ppid: number;
	/** The command name from /proc/<pid>/stat, e.g. "ssh". */
	name: string;
	/** Arguments joined by spaces, e.g. "sleep 1234", or the title a process set ("agentgrid server"). */
	cmdline: string;
}

/** Every live (not zombie) process, from /proc (Linux only). */
export async function processTable(): Promise<ProcessEntry[]> {
	const table: ProcessEntry[] = [];
	for (const entry of await readdir('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
		// The command name in parentheses may hold spaces and parentheses: fields are counted after the last ')'.
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		if (fields.length < 2 || /^[ZX]/.test(fields[0])) continue;
		const cmdline = (await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '')).replaceAll('\0', ' ').trim();
		table.push({pid: Number(entry), ppid: Number(fields[1]), name: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')), cmdline});
	}
	return table;
}

export async function childrenOf(pid: number): Promise<ProcessEntry[]> {
	return (await processTable()).filter(entry => entry.ppid === pid);
}

/** Start time in clock ticks since boot (field 22 of /proc/<pid>/stat): with the pid, it names one process. */
export async function startTime(pid: number): Promise<string> {
	const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
	return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
}

/** Every live process below `root`, found through parent links in /proc (Linux only). */
export async function descendantsOf(root: number): Promise<number[]> {
	const children = new Map<number, number[]>();
	for (const {pid, ppid} of await processTable()) children.set(ppid, [...(children.get(ppid) ?? []), pid]);

	const found: number[] = [];
	const stack = [root];
	while (stack.length > 0) {
		for (const child of children.get(stack.pop()!) ?? []) {
			found.push(child);
			stack.push(child);
		}
	}

	return found;
}

/** Descriptors of `pid` that are pty masters (a master reads back as the ptmx device). */
export async function ptyMastersHeldBy(pid: number): Promise<string[]> {
	const fds = await readdir(`/proc/${pid}/fd`).catch(() => []);
	const targets = await Promise.all(fds.map(async fd => [fd, await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '')] as const));
	return targets.filter(([, target]) => target === '/dev/ptmx' || target === '/dev/pts/ptmx').map(([fd]) => fd);
}

/** True while `pid` exists and is not a zombie. */
export async function running(pid: number): Promise<boolean> {
	const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
	return stat !== undefined && !/^[ZX]/.test(stat.slice(stat.lastIndexOf(')') + 2));
}

/** Live processes whose environment holds `entry` exactly (NAME=value). */
export async function processesWithEnvironment(entry: string): Promise<number[]> {
	const found: number[] = [];
	for (const name of await readdir('/proc')) {
		if (!/^\d+$/.test(name)) continue;
		const environ = await readFile(`/proc/${name}/environ`, 'utf8').catch(() => '');
		if (environ.split('\0').includes(entry) && (await running(Number(name)))) found.push(Number(name));
	}

	return found;
}

/** How many descriptors `pid` holds open on `target` (a device or file path). */
export async function descriptorsOn(pid: number, target: string): Promise<number> {
	const fds = await readdir(`/proc/${pid}/fd`).catch(() => []);
	const targets = await Promise.all(fds.map(async fd => readlink(`/proc/${pid}/fd/${fd}`).catch(() => '')));
	return targets.filter(path => path === target).length;
}
