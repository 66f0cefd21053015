/**
 * The panes' side of the grid bench: a control directory with one FIFO per pane that bench/grid/pane.sh reads
 * commands from, the generated flood files, and completion markers the bench waits for through inotify. The same
 * workspace layout drives agentgrid's panes and tmux's, so both run byte-identical workloads.
 */
import {execFile} from 'node:child_process';
import {createWriteStream, watch, type FSWatcher} from 'node:fs';
import {access, copyFile, mkdtemp, rm, writeFile} from 'node:fs/promises';
import {once} from 'node:events';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {promisify} from 'node:util';

const exec = promisify(execFile);
const here = path.dirname(fileURLToPath(import.meta.url));
export const paneScript = path.join(here, 'pane.sh');

export class Workspace {
	private seq = 0;
	private readonly waiters = new Map<string, () => void>();
	private readonly watcher: FSWatcher;

	private constructor(readonly dir: string, readonly ids: string[]) {
		this.watcher = watch(dir, (_event, name) => {
			if (name !== null) this.waiters.get(name)?.();
		});
	}

	/** A scratch directory for files shared by the workspaces (the flood files). */
	static async scratch(): Promise<string> {
		return mkdtemp(path.join(os.tmpdir(), 'agentgrid-grid-bench-files-'));
	}

	/** A control directory for panes p1..pN, with the flood files (megabytes each) shared by all panes. */
	static async create(paneCount: number, floodFile: string, chunkFile: string): Promise<Workspace> {
		const dir = await mkdtemp(path.join(os.tmpdir(), 'agentgrid-grid-bench-'));
		const ids = Array.from({length: paneCount}, (_, index) => `p${index + 1}`);
		for (const id of ids) await exec('mkfifo', [path.join(dir, `ctl-${id}`)]);
		await copyFile(path.join(here, 'stream.pl'), path.join(dir, 'stream.pl'));
		// Links, not copies: the flood file is large and the same for every workspace.
		await exec('ln', ['-s', floodFile, path.join(dir, 'flood.txt')]);
		await exec('ln', ['-s', chunkFile, path.join(dir, 'chunk.txt')]);
		return new Workspace(dir, ids);
	}

	/** The pane's command line (program and arguments) for pane `id`. */
	paneCommand(id: string): string[] {
		return ['/bin/sh', paneScript, this.dir, id];
	}

	/**
	 * Sends a command to one pane; resolves once the pane took it, with `done` settling when the pane has finished it
	 * (wrapped in an object, since an async function would otherwise wait for the inner promise).
	 */
	async send(id: string, command: string): Promise<{done: Promise<void>}> {
		const seq = ++this.seq;
		const marker = `done-${id}-${seq}`;
		const done = new Promise<void>(resolve => this.waiters.set(marker, resolve));
		// Opening a FIFO for writing waits until the pane's script opens it for reading, i.e. until it is ready.
		await writeFile(path.join(this.dir, `ctl-${id}`), `${seq} ${command}\n`);
		// The marker may have appeared between the write and the watch event being delivered: check once.
		if (await access(path.join(this.dir, marker)).then(() => true, () => false)) this.waiters.get(marker)?.();
		return {done: done.finally(() => this.waiters.delete(marker))};
	}

	/** Sends the same command to several panes, one after another (each write is immediate once the pane waits). */
	async sendAll(ids: string[], command: string): Promise<{done: Promise<void>}> {
		const done = [];
		for (const id of ids) done.push((await this.send(id, command)).done);
		return {done: Promise.all(done).then(() => undefined)};
	}

	async setStop(on: boolean): Promise<void> {
		const stop = path.join(this.dir, 'stop');
		if (on) await writeFile(stop, '');
		else await rm(stop, {force: true});
	}

	async dispose(): Promise<void> {
		this.watcher.close();
		await rm(this.dir, {recursive: true, force: true});
	}
}

/** Writes `size` bytes of SGR-coloured source-like lines, short enough not to wrap in a quarter of 200x50. */
export async function generateColouredText(file: string, size: number): Promise<number> {
	const stream = createWriteStream(file);
	const words = ['const', 'value', 'return', 'function', 'import', 'export', 'await', 'async', 'if', 'else'];
	let written = 0;
	for (let line = 0; written < size;) {
		const parts: string[] = [];
		for (let i = 0; i < 2000; i++, line++) {
			const word = words[line % words.length]!;
			parts.push(`\x1b[38;5;${16 + (line * 7) % 216}m${String(line).padStart(8)}\x1b[0m \x1b[1m${word.padEnd(8)}\x1b[22m `
				+ `\x1b[38;2;${line % 256};${(line * 3) % 256};200mlorem ipsum dolor sit amet consectetur\x1b[0m ${line % 10}\n`);
		}
		const chunk = parts.join('');
		written += Buffer.byteLength(chunk);
		if (!stream.write(chunk)) await once(stream, 'drain');
	}
	stream.end();
	await once(stream, 'close');
	return written;
}

export async function writeConfig(configDir: string, workspace: Workspace): Promise<void> {
	const [command, ...args] = workspace.paneCommand('');
	// The pane id is the task prompt, appended as the last argument.
	const preset = {command, args: args.slice(0, -1), promptMode: 'argument'};
	await writeFile(path.join(configDir, 'config.json'), JSON.stringify({defaultAgent: 'bench', presets: {bench: preset}}));
}
