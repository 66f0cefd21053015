/**
 * One agent per worktree. A lock file per session, in the repository's git directory, names the process that holds
 * it (pid plus its start time, so a recycled pid is not mistaken for it). Another server, a crashed one's orphaned
 * agent, or a second grid that wants to start an agent there is refused and told who holds it. A lock whose holder is
 * gone is stale and taken over.
 */
import {link, mkdir, readFile, rename, unlink, writeFile} from 'node:fs/promises';
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
		for (let attempt = 0; attempt < 200; attempt++) {
			// The lock appears whole or not at all (a link of a written file fails if the lock exists): of servers racing
			// for one session exactly one wins, and none reads another's half-written lock as a stale one.
			if (await createWhole(file, mine)) return new SessionLock(file, mine);
			const current = await readHolder(file);
			if (current && (await holds(current))) {
				if (current.pid === process.pid || current.serverPid === process.pid) return new SessionLock(file, current);
				throw new SessionLocked(slug, current);
			}
			// Another server is removing the stale lock: wait for it, then race for the free one.
			if (!(await removeStale(file, current, mine))) await new Promise(resolve => setTimeout(resolve, 10));
		}
		throw new AgentgridError('session-lock', `Could not take the lock of ${slug} (${file}).`);
	}

	/** The agent's own process becomes the holder, so the lock outlives a crashed server exactly as long as it does. */
	async heldBy(pid: number): Promise<void> {
		this.holder = {...(await describe(pid, this.holder.serverPid)), startedAt: this.holder.startedAt};
		// Replaced whole (a rename), so that a racing server never reads it half-written and takes it for stale.
		const temporary = temporaryName(this.file);
		await writeFile(temporary, JSON.stringify(this.holder), {mode: 0o600});
		await rename(temporary, this.file).catch(async (error: unknown) => {
			await unlink(temporary).catch(() => {});
			throw error;
		});
	}

	async release(): Promise<void> {
		const current = await readHolder(this.file);
		if (current?.pid === this.holder.pid) await unlink(this.file).catch(() => {});
	}
}

function temporaryName(file: string): string {
	return `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
}

/** Creates `file` holding `holder`, whole, unless it exists; says whether it did. */
async function createWhole(file: string, holder: Holder): Promise<boolean> {
	const temporary = temporaryName(file);
	await writeFile(temporary, JSON.stringify(holder), {mode: 0o600});
	try {
		await link(temporary, file);
		return true;
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
		return false;
	} finally {
		await unlink(temporary).catch(() => {});
	}
}

/**
 * Removes a lock whose holder is gone, unless another server is doing so (false then). One server at a time: two that
 * both saw the stale lock must not both remove "it", as the second would remove the first one's new lock. The one
 * removing holds a takeover file, created whole as the lock is; a takeover file whose holder died is removed too.
 */
async function removeStale(file: string, stale: Holder | undefined, mine: Holder): Promise<boolean> {
	const takeover = `${file}.takeover`;
	if (!(await createWhole(takeover, mine))) {
		// One left by a server that died while taking over (the only case in which two could remove it at once).
		const text = await readFile(takeover, 'utf8').catch(() => undefined);
		const other = text === undefined ? undefined : parseHolder(text);
		if (text !== undefined && (!other || !(await holds(other)))) await unlink(takeover).catch(() => {});
		return false;
	}
	try {
		// Nobody can create the lock while it exists, and only the takeover's holder removes it: if it still names the
		// stale holder, it is the stale lock. One that cannot be read is no server's (locks appear whole); one that is
		// gone may be recreated any moment, and is left alone.
		const text = await readFile(file, 'utf8').catch(() => undefined);
		if (text === undefined) return true;
		const now = parseHolder(text);
		const same = now === undefined || (stale !== undefined && now.pid === stale.pid && now.startTime === stale.startTime && now.startedAt === stale.startedAt);
		if (same) await unlink(file).catch(() => {});
		return true;
	} finally {
		await unlink(takeover).catch(() => {});
	}
}

async function readHolder(file: string): Promise<Holder | undefined> {
	const text = await readFile(file, 'utf8').catch(() => undefined);
	return text === undefined ? undefined : parseHolder(text);
}

function parseHolder(text: string): Holder | undefined {
	try {
		const parsed = JSON.parse(text) as Partial<Holder> | null;
		return typeof parsed?.pid === 'number' && typeof parsed.serverPid === 'number' ? (parsed as Holder) : undefined;
	} catch {
		return undefined;
	}
}
