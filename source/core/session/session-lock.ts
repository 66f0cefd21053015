/**
 * One agent per worktree. A lock file per session, in the repository's git directory, names the process that holds
 * it (pid plus its start time, so a recycled pid is not mistaken for it). Another server, a crashed one's orphaned
 * agent, or a second grid that wants to start an agent there is refused and told who holds it. A lock whose holder is
 * gone is stale and taken over.
 */
import {mkdir, open, readFile, unlink, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {AgentgridError} from '../errors.js';
import {processExists} from './process-tree.js';

interface Holder {
	pid: number;
	/** From /proc/<pid>/stat (clock ticks since boot); undefined where /proc is missing. */
	startTime?: string;
	/** The server that started it. */
	serverPid: number;
	startedAt: string;
}

export class SessionLocked extends AgentgridError {
	constructor(slug: string, holder: Holder) {
		super('session-locked', `An agent already runs in ${slug}: process ${holder.pid}, started ${holder.startedAt} by agentgrid server ${holder.serverPid}.`,
			holder.serverPid === holder.pid
				? 'Attach to that server (agentgrid), or stop it first.'
				: `Attach to the server that runs it, or stop that process first (kill ${holder.pid}).`);
	}
}

export function lockFile(commonDir: string, slug: string): string {
	return path.join(commonDir, 'agentgrid', 'locks', `${slug}.json`);
}

async function statFields(pid: number): Promise<string[] | undefined> {
	try {
		const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
		// Counted after the command name (field 2), which may hold spaces and parentheses.
		return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	} catch {
		return undefined;
	}
}

async function startTimeOf(pid: number): Promise<string | undefined> {
	return (await statFields(pid))?.[19];
}

async function holds(holder: Holder): Promise<boolean> {
	if (!processExists(holder.pid)) return false;
	const fields = await statFields(holder.pid);
	// An agent whose server died is a zombie until someone reaps it: it runs nothing and holds nothing.
	if (fields && /^[ZX]/.test(fields[0])) return false;
	if (holder.startTime === undefined) return true;
	return fields?.[19] === holder.startTime;
}

async function describe(pid: number, serverPid: number): Promise<Holder> {
	return {pid, startTime: await startTimeOf(pid), serverPid, startedAt: new Date().toISOString()};
}

export class SessionLock {
	private constructor(private readonly file: string, private holder: Holder) {}

	/** Takes the session's lock for this process, or throws SessionLocked naming the live holder. */
	static async acquire(commonDir: string, slug: string): Promise<SessionLock> {
		const file = lockFile(commonDir, slug);
		await mkdir(path.dirname(file), {recursive: true});
		const mine = await describe(process.pid, process.pid);
		for (let attempt = 0; attempt < 3; attempt++) {
			try {
				// Exclusive create: of two servers racing for one session, exactly one wins.
				const handle = await open(file, 'wx', 0o600);
				await handle.writeFile(JSON.stringify(mine));
				await handle.close();
				return new SessionLock(file, mine);
			} catch (error) {
				if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
			}
			const current = await readHolder(file);
			if (current && (await holds(current))) {
				if (current.pid === process.pid || current.serverPid === process.pid) return new SessionLock(file, current);
				throw new SessionLocked(slug, current);
			}
			await unlink(file).catch(() => {});
		}
		throw new AgentgridError('session-lock', `Could not take the lock of ${slug} (${file}).`);
	}

	/** The agent's own process becomes the holder, so the lock outlives a crashed server exactly as long as it does. */
	async heldBy(pid: number): Promise<void> {
		this.holder = {...(await describe(pid, this.holder.serverPid)), startedAt: this.holder.startedAt};
		await writeFile(this.file, JSON.stringify(this.holder), {mode: 0o600});
	}

	async release(): Promise<void> {
		const current = await readHolder(this.file);
		if (current?.pid === this.holder.pid) await unlink(this.file).catch(() => {});
	}
}

async function readHolder(file: string): Promise<Holder | undefined> {
	try {
		const parsed = JSON.parse(await readFile(file, 'utf8')) as Partial<Holder>;
		return typeof parsed.pid === 'number' && typeof parsed.serverPid === 'number' ? (parsed as Holder) : undefined;
	} catch {
		return undefined;
	}
}
