/** Process accounting from /proc, and the small statistics the grid bench prints. */
import {readFile} from 'node:fs/promises';

/** Linux reports process times in clock ticks of 1/100 s on every common configuration. */
const ticksPerSecond = 100;

/** User + system CPU time of one process (not its children), in ms; undefined once it is gone. */
export async function cpuMsOf(pid: number): Promise<number | undefined> {
	try {
		const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		// utime and stime are fields 14 and 15 of the whole line, 12 and 13 after the command name.
		return (Number(fields[11]) + Number(fields[12])) * 1000 / ticksPerSecond;
	} catch {
		return undefined;
	}
}

export async function rssKbOf(pid: number): Promise<number | undefined> {
	return (await memoryOf(pid))?.rssKb;
}

/**
 * Resident memory split by what backs it: anonymous pages are the process's own (heap, buffers, stacks); file pages
 * are mapped files, above all the program's binary, which every process of that binary shares.
 */
export interface Memory {
	rssKb: number;
	anonKb: number;
	fileKb: number;
}

export async function memoryOf(pid: number): Promise<Memory | undefined> {
	try {
		const status = await readFile(`/proc/${pid}/status`, 'utf8');
		const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
		return {rssKb: field('VmRSS'), anonKb: field('RssAnon'), fileKb: field('RssFile') + field('RssShmem')};
	} catch {
		return undefined;
	}
}

export function median(values: number[]): number {
	return percentile(values, 50);
}

export function percentile(values: number[], p: number): number {
	if (values.length === 0) return Number.NaN;
	const sorted = [...values].sort((a, b) => a - b);
	const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p / 100 * sorted.length) - 1));
	return sorted[rank]!;
}
