import {createHash} from 'node:crypto';
import path from 'node:path';
import {assertMatchesSchema, InvalidSettingsFileError, parseJsonObject, readOptionalFile} from './json-file.js';
import {
	defaultPortSettings,
	repositorySettingsFileName,
	repositorySettingsSchema,
	type PortSettings,
	type RepositorySettingsData,
} from './repository-settings-schema.js';
import {checkTemplate, placeholdersIn} from './templates.js';

export interface RepositorySettings {
	/** Absolute path of `.agentgrid.json` (whether or not it exists). */
	file: string;
	exists: boolean;
	/** sha256 of the file's bytes; what trust is bound to. Undefined when there is no file. */
	contentHash?: string;
	data: RepositorySettingsData;
	/** The port range with defaults applied and perSession raised to what the env templates use. */
	ports: PortSettings;
}

export async function loadRepositorySettings(repositoryRoot: string): Promise<RepositorySettings> {
	const file = path.join(repositoryRoot, repositorySettingsFileName);
	const text = await readOptionalFile(file);
	if (text === undefined) {
		return {file, exists: false, data: {}, ports: {...defaultPortSettings}};
	}
	const raw = parseJsonObject(file, text);
	assertMatchesSchema(file, raw, repositorySettingsSchema);
	const data = raw as RepositorySettingsData;
	const ports = effectivePorts(data);
	if (ports.first > ports.last) {
		throw new InvalidSettingsFileError(file, `${file}: "ports.first" (${ports.first}) is above "ports.last" (${ports.last})`);
	}
	if (ports.last - ports.first + 1 < ports.perSession) {
		throw new InvalidSettingsFileError(file, `${file}: the port range ${ports.first}-${ports.last} is smaller than "ports.perSession" (${ports.perSession})`);
	}
	for (const [name, value] of Object.entries(data.env ?? {})) {
		try {
			checkTemplate(value, ports.perSession, `"env.${name}" in ${file}`);
		} catch (error) {
			throw new InvalidSettingsFileError(file, (error as Error).message, (error as InvalidSettingsFileError).hint);
		}
	}
	return {file, exists: true, contentHash: hashContent(text), data, ports};
}

export function hashContent(text: string | Buffer): string {
	return createHash('sha256').update(text).digest('hex');
}

function effectivePorts(data: RepositorySettingsData): PortSettings {
	const configured = data.ports ?? {};
	let needed = 0;
	for (const value of Object.values(data.env ?? {})) {
		for (const name of placeholdersIn(value)) {
			const numbered = /^port(\d*)$/u.exec(name);
			if (numbered) {
				needed = Math.max(needed, numbered[1] === '' ? 1 : Number(numbered[1]));
			}
		}
	}
	return {
		first: configured.first ?? defaultPortSettings.first,
		last: configured.last ?? defaultPortSettings.last,
		perSession: configured.perSession ?? Math.max(defaultPortSettings.perSession, needed),
	};
}
