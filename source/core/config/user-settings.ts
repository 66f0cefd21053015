import path from 'node:path';
import Conf from 'conf';
import {AgentgridError} from '../errors.js';
import {assertKnownKeybindingIds} from './keybinding-ids.js';
import {InvalidSettingsFileError, assertMatchesSchema, parseJsonObject, readOptionalFile} from './json-file.js';
import {pendingMigrations, settingsMigrations} from './user-settings-migrations.js';
import {
	settingsFormatVersion,
	userSettingsDefaults,
	userSettingsProperties,
	userSettingsSchema,
	type UserSettingsData,
} from './user-settings-schema.js';
import {formatProblems, isPlainObject, validateAgainstSchema, type JsonSchema} from './validate.js';

export interface UserSettingsOptions {
	/** Directory holding config.json; by default conf's per-user location (XDG on Linux). */
	configDir?: string;
}

/** `AGENTGRID_CONFIG_DIR` moves the user settings (and the trust records beside them), e.g. for tests or portable setups. */
export function configDirFromEnv(env: NodeJS.ProcessEnv): string | undefined {
	const dir = env.AGENTGRID_CONFIG_DIR;
	return dir && dir.length > 0 ? dir : undefined;
}

export interface SetOptions {
	/** The grid's command ids; when given, key bindings for any other id are refused. */
	commandIds?: readonly string[];
}

const internalKey = '__internal__';

/**
 * The user's own settings, stored by conf. The file is read and validated by agentgrid before conf sees it:
 * conf would otherwise throw a message without the file's name for bad JSON, and a file it could not read must
 * never be rewritten.
 */
export class UserSettings {
	static async open(options: UserSettingsOptions = {}): Promise<UserSettings> {
		const file = path.join(options.configDir ?? defaultConfigDir(), 'config.json');
		await precheckFile(file);
		let conf: Conf<UserSettingsData>;
		try {
			conf = new Conf<UserSettingsData>({
				projectName: 'agentgrid',
				projectVersion: settingsFormatVersion,
				cwd: options.configDir,
				// Presets can carry secrets in their env (API keys), so the file is the user's alone; conf also applies
				// this to a file that already exists, on every write.
				configFileMode: 0o600,
				// No `defaults`: conf would write them into the user's file, freezing today's defaults there forever. No `schema`
				// either: every way into conf (the file as it is read, every `set`) is checked first against the same schema by
				// `validateAgainstSchema`, which words its problems for the user, so conf compiling it again with ajv at every
				// start (about 40 ms before the first frame) would check nothing new.
				migrations: Object.fromEntries(Object.entries(settingsMigrations).map(([version, migrate]) => [version, store => {
					const data = {...store.store} as Record<string, unknown>;
					migrate(data);
					store.store = data as unknown as UserSettingsData;
				}])),
			});
		} catch (error) {
			throw new InvalidSettingsFileError(file, `${file} could not be loaded: ${(error as Error).message}`);
		}
		return new UserSettings(conf);
	}

	readonly #conf: Conf<UserSettingsData>;

	private constructor(conf: Conf<UserSettingsData>) {
		this.#conf = conf;
	}

	get path(): string {
		return this.#conf.path;
	}

	get directory(): string {
		return path.dirname(this.#conf.path);
	}

	/** Every setting, defaults filled in. */
	all(): UserSettingsData {
		const stored = this.#conf.store as Partial<UserSettingsData>;
		return {...userSettingsDefaults, ...stored};
	}

	/** A setting by dotted key (e.g. `maxFps`, `keybindings.pane.zoom`), default filled in. */
	get(key: string): unknown {
		const parts = keyParts(key);
		schemaForKey(key);
		const confKey = toConfKey(parts);
		if (this.#conf.has(confKey)) {
			return this.#conf.get(confKey);
		}
		return valueAtPath(userSettingsDefaults, parts);
	}

	/** Validates the whole resulting file first, so a rejected value leaves the file untouched. */
	set(key: string, value: unknown, options: SetOptions = {}): void {
		schemaForKey(key);
		if (options.commandIds) {
			assertKnownKeybindingIds(key, value, options.commandIds);
		}
		const parts = keyParts(key);
		this.assertValidAfter(`set "${key}"`, candidate => setAtPath(candidate, parts, value));
		this.#conf.set(toConfKey(parts), value as never);
	}

	/** Like set, with the value typed on the command line: parsed by the type the schema expects for that key. */
	setFromText(key: string, text: string, options: SetOptions = {}): unknown {
		const value = parseValueForSchema(key, text, schemaForKey(key));
		this.set(key, value, options);
		return value;
	}

	/** Removes the user's value, so the default applies again; refused, file untouched, if what remains is not valid. */
	reset(key: string): void {
		schemaForKey(key);
		const parts = keyParts(key);
		this.assertValidAfter(`reset "${key}"`, candidate => deleteAtPath(candidate, parts));
		this.#conf.delete(toConfKey(parts));
	}

	/** Checks the whole file as `change` would leave it, so a refused change leaves the file untouched. */
	private assertValidAfter(what: string, change: (candidate: Record<string, unknown>) => void): void {
		const candidate = structuredClone(this.#conf.store) as unknown as Record<string, unknown>;
		change(candidate);
		const problems = validateAgainstSchema(candidate, userSettingsSchema);
		if (problems.length > 0) throw new AgentgridError('settings-rejected', `Cannot ${what}:\n${formatProblems(problems)}`);
	}
}

function defaultConfigDir(): string {
	// Asking conf for its own default keeps "where conf puts it" the single source of truth; it does not touch disk
	// until a value is read, so a throwaway instance without schema is harmless.
	return path.dirname(new Conf({projectName: 'agentgrid', configName: '.probe', clearInvalidConfig: false}).path);
}

async function precheckFile(file: string): Promise<void> {
	const text = await readOptionalFile(file);
	if (text === undefined) {
		return;
	}
	const raw = parseJsonObject(file, text);
	const internal = raw[internalKey];
	const recorded = isPlainObject(internal) && isPlainObject(internal.migrations) && typeof internal.migrations.version === 'string'
		? internal.migrations.version
		: undefined;
	const data = structuredClone(raw);
	delete data[internalKey];
	for (const migrate of pendingMigrations(recorded, settingsFormatVersion)) {
		migrate(data);
	}
	assertMatchesSchema(file, data, userSettingsSchema);
}

/**
 * A dotted key split into its path. Keybinding command ids contain dots themselves (`pane.zoom`), so everything
 * after `keybindings.` is one id.
 */
export function keyParts(key: string): string[] {
	const prefix = 'keybindings.';
	return key.startsWith(prefix) && key.length > prefix.length ? ['keybindings', key.slice(prefix.length)] : key.split('.');
}

/** conf reads dots as nesting; a dot inside one part is escaped so it stays part of the name. */
function toConfKey(parts: string[]): keyof UserSettingsData {
	return parts.map(part => part.replaceAll(/[\\.[\]]/gu, String.raw`\$&`)).join('.') as keyof UserSettingsData;
}

/** The schema for a dotted key, or an error listing the known settings. */
export function schemaForKey(key: string): JsonSchema {
	let schema: JsonSchema | undefined = userSettingsSchema;
	for (const part of keyParts(key)) {
		if (!schema || part === '') {
			break;
		}
		schema = schema.items && /^\d+$/u.test(part)
			? schema.items
			: schema.properties?.[part] ?? (typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined);
	}
	if (!schema) {
		throw new AgentgridError(
			'settings-unknown-key',
			`"${key}" is not a setting.`,
			`Known settings: ${Object.keys(userSettingsProperties).join(', ')}.`,
		);
	}
	return schema;
}

function parseValueForSchema(key: string, text: string, schema: JsonSchema): unknown {
	const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
	if (type === 'string') {
		return text;
	}
	if (type === 'integer' || type === 'number') {
		const number = Number(text);
		if (text.trim() === '' || !Number.isFinite(number)) {
			throw new AgentgridError('settings-rejected', `Cannot set "${key}": it must be a number, got ${JSON.stringify(text)}.`);
		}
		return number;
	}
	if (type === 'boolean') {
		if (text !== 'true' && text !== 'false') {
			throw new AgentgridError('settings-rejected', `Cannot set "${key}": it must be true or false, got ${JSON.stringify(text)}.`);
		}
		return text === 'true';
	}
	try {
		return JSON.parse(text);
	} catch {
		throw new AgentgridError(
			'settings-rejected',
			`Cannot set "${key}": it takes JSON (${type === 'array' ? 'a list like ["a", "b"]' : 'an object like {"key": "value"}'}), got ${JSON.stringify(text)}.`,
		);
	}
}

function valueAtPath(value: unknown, parts: string[]): unknown {
	let current = value;
	for (const part of parts) {
		if (!isPlainObject(current) && !Array.isArray(current)) {
			return undefined;
		}
		current = (current as Record<string, unknown>)[part];
	}
	return current;
}

function deleteAtPath(target: Record<string, unknown>, parts: string[]): void {
	const parent = valueAtPath(target, parts.slice(0, -1));
	if (isPlainObject(parent)) delete (parent as Record<string, unknown>)[parts.at(-1)!];
}

function setAtPath(target: Record<string, unknown>, parts: string[], value: unknown): void {
	let current = target;
	for (const part of parts.slice(0, -1)) {
		if (!isPlainObject(current[part])) {
			current[part] = {};
		}
		current = current[part] as Record<string, unknown>;
	}
	current[parts.at(-1)!] = value;
}
