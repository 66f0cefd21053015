import {chmod, mkdtemp, readFile, rm, stat, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {AgentgridError} from '../../../source/core/errors.js';
import {UserSettings} from '../../../source/core/config/user-settings.js';
import {userSettingsProperties} from '../../../source/core/config/user-settings-schema.js';
import {Ajv2020} from 'ajv/dist/2020.js';

let configDir: string;
let file: string;

beforeEach(async () => {
	configDir = await mkdtemp(path.join(os.tmpdir(), 'agentgrid-settings-'));
	file = path.join(configDir, 'config.json');
});

afterEach(async () => {
	await rm(configDir, {recursive: true, force: true});
});

async function openError(): Promise<AgentgridError> {
	const error = await UserSettings.open({configDir}).then(() => undefined, (error_: unknown) => error_);
	expect(error).toBeInstanceOf(AgentgridError);
	return error as AgentgridError;
}

describe('UserSettings', () => {
	// The app skips this check at start-up (conf is told not to validate the schema), so it is made here.
	it('has a schema that is valid JSON Schema, as conf validates it', () => {
		const ajv = new Ajv2020({allErrors: true});
		const valid = ajv.validateSchema({type: 'object', properties: userSettingsProperties, additionalProperties: false});
		expect(ajv.errors ?? []).toEqual([]);
		expect(valid).toBe(true);
		expect(ajv.validateSchema({type: 'object', properties: {x: {type: 'nonsense'}}})).toBe(false);
	});

	it('returns the defaults for a fresh store and keeps them out of the file', async () => {
		const settings = await UserSettings.open({configDir});
		expect(settings.path).toBe(file);
		expect(settings.get('prefixKey')).toBe('C-\\');
		expect(settings.get('maxFps')).toBe(30);
		expect(settings.all().notificationStyle).toBe('bell');
		expect(settings.all().mergeMode).toBe('rebase');
		const stored = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
		expect(stored).not.toHaveProperty('maxFps');
	});

	it('writes the file readable by its owner only, since preset env values can be secrets', async () => {
		const settings = await UserSettings.open({configDir});
		expect((await stat(file)).mode & 0o777).toBe(0o600);
		settings.set('presets', {mine: {command: 'my-agent', env: {API_KEY: 'secret'}}});
		expect((await stat(file)).mode & 0o777).toBe(0o600);

		await chmod(file, 0o644);
		settings.set('maxFps', 50);
		expect((await stat(file)).mode & 0o777).toBe(0o600);
	});

	it('stores values and reads them back, also through a second instance', async () => {
		const settings = await UserSettings.open({configDir});
		settings.set('maxFps', 60);
		expect(settings.setFromText('notificationStyle', 'osc9')).toBe('osc9');
		settings.setFromText('keybindings.pane.zoom', '["z", "C-z"]');
		settings.setFromText('presets.mine', '{"command": "my-agent", "args": ["--fast"], "promptMode": "argument"}');
		const again = await UserSettings.open({configDir});
		expect(again.get('maxFps')).toBe(60);
		expect(again.get('notificationStyle')).toBe('osc9');
		expect(again.get('keybindings.pane.zoom')).toEqual(['z', 'C-z']);
		expect(again.all().keybindings).toEqual({'pane.zoom': ['z', 'C-z']});
		again.reset('keybindings.pane.zoom');
		expect(again.all().keybindings).toEqual({});
		expect(again.all().presets.mine.args).toEqual(['--fast']);
		again.reset('maxFps');
		expect(again.get('maxFps')).toBe(30);
	});

	it('rejects a wrong value naming the key and the problem, leaving the file as it was', async () => {
		const settings = await UserSettings.open({configDir});
		settings.set('scrollback', 500);
		const before = await readFile(file, 'utf8');
		expect(() => settings.setFromText('maxFps', 'fast')).toThrow(/"maxFps": it must be a number, got "fast"/);
		expect(() => settings.set('maxFps', 1000)).toThrow(/"maxFps" must be at most 240, found 1000/);
		expect(() => settings.setFromText('notificationStyle', 'loud')).toThrow(/must be one of "bell", "osc9", "none", found "loud"/);
		expect(() => settings.setFromText('presets.x', '{"args": []}')).toThrow(/"presets.x.command" is required/);
		expect(() => settings.setFromText('colour', 'red')).toThrow(/"colour" is not a setting/);
		expect(() => settings.setFromText('outputLogSize', '-1')).toThrow(/"outputLogSize" must be at least 0, found -1/);
		expect(() => settings.setFromText('outputLogSize', 'big')).toThrow(/"outputLogSize": it must be a number, got "big"/);
		expect(await readFile(file, 'utf8')).toBe(before);
		settings.setFromText('outputLogSize', '0.5');
		expect(settings.get('outputLogSize')).toBe(0.5);
	});

	it('refuses a reset that would leave a required field missing, leaving the file as it was and still loadable', async () => {
		const settings = await UserSettings.open({configDir});
		settings.setFromText('presets.mine', '{"command": "my-agent", "args": ["--fast"]}');
		settings.setFromText('prices.my-model', '{"input": 1, "output": 2}');
		const before = await readFile(file, 'utf8');
		expect(() => settings.reset('presets.mine.command')).toThrow(/Cannot reset "presets.mine.command":\n.*"presets.mine.command" is required/s);
		expect(() => settings.reset('prices.my-model.input')).toThrow(/Cannot reset "prices.my-model.input":\n.*is required/s);
		expect(await readFile(file, 'utf8')).toBe(before);
		expect((await UserSettings.open({configDir})).all().presets.mine.command).toBe('my-agent');
		// Resetting a whole entry, or an optional field of it, is fine.
		settings.reset('presets.mine.args');
		expect(settings.all().presets.mine).toEqual({command: 'my-agent'});
		settings.reset('prices.my-model');
		expect((await UserSettings.open({configDir})).all().prices).toEqual({});
	});

	it('reports bad JSON with the file, line and column, and never rewrites the file', async () => {
		const text = '{\n\t"maxFps": 60,\n}\n';
		await writeFile(file, text);
		const error = await openError();
		expect(error.message).toContain(file);
		expect(error.message).toMatch(/not valid JSON.*line 3 column 1/);
		expect(error.hint).toContain('never rewrites');
		expect(await readFile(file, 'utf8')).toBe(text);
	});

	it('reports every wrong type with the file and the key, and never rewrites the file', async () => {
		const text = JSON.stringify({maxFps: 'fast', notificationStyle: 'loud', presets: {aider: {command: 42}}, prefixkey: 'C-a'}, null, 2);
		await writeFile(file, text);
		const error = await openError();
		expect(error.message).toContain(`${file} has 4 invalid settings`);
		expect(error.message).toContain('"maxFps" must be a whole number, found "fast"');
		expect(error.message).toContain('"notificationStyle" must be one of "bell", "osc9", "none", found "loud"');
		expect(error.message).toContain('"presets.aider.command" must be a string, found 42');
		expect(error.message).toContain('"prefixkey" is not a known setting (did you mean "prefixKey"?)');
		expect(await readFile(file, 'utf8')).toBe(text);
	});

	it('rejects a file whose top level is not an object', async () => {
		await writeFile(file, '[1, 2]');
		expect((await openError()).message).toContain('must contain a JSON object');
	});

	it('migrates a format-0 file (no recorded version) and records the format version', async () => {
		await writeFile(file, JSON.stringify({prefix: 'C-a', notifications: false, worktreeDir: '/tmp/wt/{slug}', maxFps: 20}));
		const settings = await UserSettings.open({configDir});
		expect(settings.get('prefixKey')).toBe('C-a');
		expect(settings.get('notificationStyle')).toBe('none');
		expect(settings.get('worktreeLocation')).toBe('/tmp/wt/{slug}');
		expect(settings.get('maxFps')).toBe(20);
		const stored = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
		expect(stored).not.toHaveProperty('prefix');
		expect(stored).not.toHaveProperty('notifications');
		expect(stored).toMatchObject({prefixKey: 'C-a', notificationStyle: 'none', __internal__: {migrations: {version: '1.0.0'}}});
	});

	it('does not run the migration again on a file already at the current format', async () => {
		const text = JSON.stringify({prefixKey: 'C-b', __internal__: {migrations: {version: '1.0.0'}}});
		await writeFile(file, text);
		const settings = await UserSettings.open({configDir});
		expect(settings.get('prefixKey')).toBe('C-b');
		// A format-0 key in a current-format file is not silently renamed: it is reported.
		await writeFile(file, JSON.stringify({prefix: 'C-a', __internal__: {migrations: {version: '1.0.0'}}}));
		expect((await openError()).message).toContain('"prefix" is not a known setting');
	});
});
