import {readdir, readFile, readlink} from 'node:fs/promises';

/** Every live process below `root`, found through parent links in /proc (Linux only). */
export async function descendantsOf(root: number): Promise<number[]> {
	const children = new Map<number, number[]>();
	for (const name of await readdir('/proc')) {
		if (!/^\d+$/.test(name)) continue;
		const stat = await readFile(`/proc/${name}/stat`, 'utf8').catch(() => '');
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		if (fields.length < 2 || fields[0] === 'Z') continue;
		const ppid = Number(fields[1]);
		children.set(ppid, [...(children.get(ppid) ?? []), Number(name)]);
	}

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
