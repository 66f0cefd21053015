import {mkdir, realpath, rename, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {AgentgridError} from '../errors.js';
import {withFileLock} from './file-lock.js';
import {readOptionalFile} from './json-file.js';
import {envNeedsTrust} from './env-trust.js';
import type {RepositorySettings} from './repository-settings.js';
import {isPlainObject} from './validate.js';

/**
 * A cloned repository can put any command in `.agentgrid.json`, and environment variables that run code (BASH_ENV,
 * PATH). Those run or apply only after the user has trusted that exact file content for that repository path; a
 * changed file has to be trusted again.
 */
export type TrustStatus =
	| 'not-needed' // no file, or a file without commands
	| 'trusted'
	| 'untrusted' // never trusted here
	| 'changed'; // trusted before, but the file has changed since

interface TrustRecord {
	contentHash: string;
	trustedAt: string;
}

/** What a repository file would run or set that needs trust, one description per line. */
export function repositoryCommands(settings: RepositorySettings): string[] {
	const data = settings.data;
	const lines = (data.setupCommands ?? []).map(command => `setup: ${command}`);
	lines.push(...(data.teardownCommands ?? []).map(command => `teardown: ${command}`));
	if (data.testCommand) {
		lines.push(`test: ${data.testCommand}`);
	}
	for (const [name, preset] of Object.entries(data.presets ?? {})) {
		lines.push(`agent preset "${name}": ${[preset.command, ...preset.args ?? []].join(' ')}`);
	}
	for (const [name, template] of Object.entries(data.env ?? {})) {
		if (envNeedsTrust(name, template)) {
			lines.push(`env: ${name}=${template}`);
		}
	}
	return lines;
}

export class TrustStore {
	/** The trust records live beside the user settings, outside any repository a collaborator could write to. */
	static inConfigDir(configDir: string): TrustStore {
		return new TrustStore(path.join(configDir, 'trusted-repositories.json'));
	}

	readonly file: string;

	constructor(file: string) {
		this.file = file;
	}

	async status(repositoryRoot: string, settings: RepositorySettings): Promise<TrustStatus> {
		if (!settings.exists || !settings.contentHash || repositoryCommands(settings).length === 0) {
			return 'not-needed';
		}
		const record = (await this.#read())[await canonical(repositoryRoot)];
		if (!record) {
			return 'untrusted';
		}
		return record.contentHash === settings.contentHash ? 'trusted' : 'changed';
	}

	async trust(repositoryRoot: string, settings: RepositorySettings): Promise<void> {
		if (!settings.contentHash) {
			throw new AgentgridError('trust-no-file', `There is no ${path.basename(settings.file)} in ${repositoryRoot} to trust.`);
		}
		const key = await canonical(repositoryRoot);
		const contentHash = settings.contentHash;
		await this.#update(records => {
			records[key] = {contentHash, trustedAt: new Date().toISOString()};
		});
	}

	async revoke(repositoryRoot: string): Promise<void> {
		const key = await canonical(repositoryRoot);
		await this.#update(records => {
			delete records[key];
		});
	}

	async #update(change: (records: Record<string, TrustRecord>) => void): Promise<void> {
		await mkdir(path.dirname(this.file), {recursive: true});
		await withFileLock(this.file, async () => {
			const records = await this.#read();
			change(records);
			const temporary = `${this.file}.${Date.now()}.tmp`;
			await writeFile(temporary, `${JSON.stringify({repositories: records}, null, '\t')}\n`, {mode: 0o600});
			await rename(temporary, this.file);
		});
	}

	async #read(): Promise<Record<string, TrustRecord>> {
		const text = await readOptionalFile(this.file);
		if (text === undefined) {
			return {};
		}
		let data: unknown;
		try {
			data = JSON.parse(text);
		} catch {
			// Losing trust records only means being asked again; running an untrusted command would be worse.
			return {};
		}
		const repositories = isPlainObject(data) && isPlainObject(data.repositories) ? data.repositories : {};
		const records: Record<string, TrustRecord> = {};
		for (const [key, value] of Object.entries(repositories)) {
			if (isPlainObject(value) && typeof value.contentHash === 'string') {
				records[key] = {contentHash: value.contentHash, trustedAt: String(value.trustedAt ?? '')};
			}
		}
		return records;
	}
}

/** Explains, for a file that is not trusted (yet or any more), what would run and how to allow it. */
export function describeUntrusted(settings: RepositorySettings, status: TrustStatus): string {
	const lines = repositoryCommands(settings);
	const setsEnv = lines.some(line => line.startsWith('env: '));
	const runs = lines.some(line => !line.startsWith('env: '));
	const state = status === 'changed' ? 'has changed since you trusted it' : 'is not trusted yet';
	const held = [runs ? 'its commands are not run' : '', setsEnv ? 'the variables below are not set' : ''].filter(Boolean).join(' and ');
	const why = `${settings.file} ${state}, so ${held}.`;
	const commands = lines.map(line => `  ${line}`).join('\n');
	return `${why}\nIt would ${setsEnv ? 'run or set' : 'run'}:\n${commands}\nReview the file, then run \`agentgrid trust\` in this repository to allow them.`;
}

export class UntrustedRepositoryError extends AgentgridError {
	constructor(settings: RepositorySettings, status: TrustStatus) {
		super('repository-untrusted', describeUntrusted(settings, status));
	}
}

async function canonical(directory: string): Promise<string> {
	try {
		return await realpath(directory);
	} catch {
		return path.resolve(directory);
	}
}
