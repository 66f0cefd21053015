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
import {checkTemplate, isPlaceholdersOnly, placeholdersIn} from './templates.js';

export interface RepositorySettings {
	/** Absolute path of `.agentgrid.json` (whether or not it exists). */
	file: string;
	exists: boolean;
	/** sha256 of the file's bytes; what trust is bound to. Undefined when there is no file. */
	contentHash?: string;
	data: RepositorySettingsData;
	/** The port range with defaults applied and perSession raised to what the templates use. */
	ports: PortSettings;
	services: ServiceDefinition[];
}

export async function loadRepositorySettings(repositoryRoot: string): Promise<RepositorySettings> {
	const file = path.join(repositoryRoot, repositorySettingsFileName);
	const text = await readOptionalFile(file);
	if (text === undefined) {
		return {file, exists: false, data: {}, ports: {...defaultPortSettings}, services: []};
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
	for (const [key, value] of templatedValues(data)) {
		try {
			checkTemplate(value, ports.perSession, `"${key}" in ${file}`);
		} catch (error) {
			throw new InvalidSettingsFileError(file, (error as Error).message, (error as InvalidSettingsFileError).hint);
		}
	}
	for (const [index, link] of (data.linkFiles ?? []).entries()) {
		const problem = linkPathProblem(link);
		if (problem) throw new InvalidSettingsFileError(file, `${file}: "linkFiles.${index}" ${problem}`, 'Name a path inside the repository, relative to its root, e.g. "node_modules".');
	}
	for (const [name, value] of Object.entries(data.services ?? {})) {
		const problem = typeof value === 'object' && typeof value.port === 'string' ? servicePortProblem(value.port) : undefined;
		if (problem) throw new InvalidSettingsFileError(file, `${file}: "services.${name}.port" ${problem}`, 'Give a port number, or one placeholder such as "{{port2}}".');
	}
	return {file, exists: true, contentHash: hashContent(text), data, ports, services: serviceDefinitions(data)};
}

/** A dev server of the repository file, with its defaults applied. */
export interface ServiceDefinition {
	name: string;
	/** Command line template, run through /bin/sh once the file is trusted. */
	command: string;
	/** A port number, a template like "{{port2}}", or undefined when the command names no port. */
	port?: number | string;
	autostart: boolean;
}

export function serviceDefinitions(data: RepositorySettingsData): ServiceDefinition[] {
	return Object.entries(data.services ?? {}).map(([name, value]) => {
		const settings = typeof value === 'string' ? {command: value} : value;
		const firstPort = placeholdersIn(settings.command).find(placeholder => /^port\d*$/u.test(placeholder));
		return {
			name,
			command: settings.command,
			port: settings.port ?? (firstPort === undefined ? undefined : `{{${firstPort}}}`),
			autostart: settings.autostart ?? true,
		};
	});
}

/** A service's port given as text must be exactly one port placeholder: the port is probed, so it must be a number. */
function servicePortProblem(port: string): string | undefined {
	const names = placeholdersIn(port);
	if (names.length === 1 && isPlaceholdersOnly(port) && /^port\d*$/u.test(names[0])) return undefined;
	return `must be a port number or one port placeholder ({{port}}, {{port1}}, {{port2}}...), found ${JSON.stringify(port)}`;
}

/** Every value of the file that is a template, with its key for messages. */
function templatedValues(data: RepositorySettingsData): Array<[string, string]> {
	const values: Array<[string, string]> = Object.entries(data.env ?? {}).map(([name, value]) => [`env.${name}`, value]);
	for (const [index, command] of (data.setupCommands ?? []).entries()) values.push([`setupCommands.${index}`, command]);
	for (const [index, command] of (data.teardownCommands ?? []).entries()) values.push([`teardownCommands.${index}`, command]);
	for (const [name, value] of Object.entries(data.services ?? {})) {
		if (typeof value === 'string') {
			values.push([`services.${name}`, value]);
		} else {
			values.push([`services.${name}.command`, value.command]);
			if (typeof value.port === 'string') values.push([`services.${name}.port`, value.port]);
		}
	}
	return values;
}

function linkPathProblem(link: string): string | undefined {
	if (path.isAbsolute(link) || link.startsWith('~')) return `must be relative to the repository root, found ${JSON.stringify(link)}`;
	const parts = link.split('/').filter(part => part !== '' && part !== '.');
	if (parts.length === 0) return 'must name a path inside the repository, not its root';
	if (parts.includes('..')) return `must stay inside the repository, found ${JSON.stringify(link)}`;
	if (parts[0] === '.git') return 'must not point into .git';
	return undefined;
}

export function hashContent(text: string | Buffer): string {
	return createHash('sha256').update(text).digest('hex');
}

function effectivePorts(data: RepositorySettingsData): PortSettings {
	const configured = data.ports ?? {};
	let needed = 0;
	for (const [, value] of templatedValues(data)) {
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
