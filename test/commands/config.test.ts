import {chmod, readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {configCommand} from '../../source/commands/config.js';
import {AgentgridError} from '../../source/core/errors.js';
import {makeTempDir} from '../helpers/git-repo.js';
import {rm} from 'node:fs/promises';
import {captureContext} from './capture-context.js';

let dir: string;
let configDir: string;

beforeEach(async () => {
	dir = await makeTempDir('agentgrid-config-cmd-');
	configDir = path.join(dir, 'config');
});

afterEach(async () => {
	await rm(dir, {recursive: true, force: true});
});

async function run(args: string[], env: NodeJS.ProcessEnv = {}) {
	const context = captureContext(dir, configDir, env);
	const code = await configCommand.run(args, context);
	return {code, out: context.out(), err: context.err()};
}

async function failure(args: string[], env: NodeJS.ProcessEnv = {}): Promise<AgentgridError> {
	const error = await run(args, env).then(() => undefined, (error_: unknown) => error_);
	expect(error).toBeInstanceOf(AgentgridError);
	return error as AgentgridError;
}

/** An "editor" that replaces the file it is given with `content`. */
async function fakeEditor(content: string): Promise<string> {
	const script = path.join(dir, `editor-${Math.random().toString(36).slice(2)}.sh`);
	await writeFile(path.join(dir, 'new-content.json'), content);
	await writeFile(script, `#!/bin/sh\ncp "${path.join(dir, 'new-content.json')}" "$1"\n`);
	await chmod(script, 0o755);
	return script;
}

describe('agentgrid config', () => {
	it('prints the settings path inside AGENTGRID_CONFIG_DIR', async () => {
		expect(await run(['path'])).toEqual({code: 0, out: `${path.join(configDir, 'config.json')}\n`, err: ''});
	});

	it('sets, gets and resets values', async () => {
		expect((await run(['get', 'prefixKey'])).out).toBe('C-\\\n');
		expect((await run(['set', 'maxFps', '45'])).out).toBe('maxFps = 45\n');
		expect((await run(['get', 'maxFps'])).out).toBe('45\n');
		await run(['set', 'keybindings.pane.zoom', '["z"]']);
		expect(JSON.parse((await run(['get', 'keybindings'])).out)).toEqual({'pane.zoom': ['z']});
		expect(JSON.parse((await run(['get', 'keybindings.pane.zoom'])).out)).toEqual(['z']);
		expect(JSON.parse((await run(['get'])).out)).toMatchObject({maxFps: 45, notificationStyle: 'bell'});
		expect((await run(['reset', 'maxFps'])).out).toBe('maxFps = 30 (default)\n');
	});

	it('takes the colour depth as a word, numbers included, and nothing else', async () => {
		expect((await run(['get', 'colors'])).out).toBe('auto\n');
		expect((await run(['set', 'colors', '256'])).out).toBe('colors = 256\n');
		expect(JSON.parse(await readFile(path.join(configDir, 'config.json'), 'utf8'))).toMatchObject({colors: '256'});
		expect((await failure(['set', 'colors', '88'])).message).toContain('"colors" must be one of "auto", "16", "256", "truecolor"');
		expect((await run(['get', 'colors'])).out).toBe('256\n');
	});

	it('rejects bad values and unknown keys with a message naming the key', async () => {
		expect((await failure(['set', 'notificationStyle', 'loud'])).message).toContain('"notificationStyle" must be one of "bell", "osc9", "none"');
		expect((await failure(['get', 'nope'])).message).toBe('"nope" is not a setting.');
		expect((await failure(['frobnicate'])).code).toBe('usage');
		expect((await failure(['set', 'maxFps'])).message).toContain('Expected: agentgrid config set KEY VALUE');
	});

	it('rejects key bindings for command ids that do not exist, naming close matches, and stores nothing', async () => {
		const error = await failure(['set', 'keybindings.zoom', '["Z"]']);
		expect(error.message).toBe('Cannot set "keybindings.zoom": "zoom" is not a command id (did you mean "pane.zoom" or "prefix.zoom"?).');
		expect(error.hint).toMatch(/^Valid command ids: focus\.left, .*pane\.zoom, .*radar\.close, .*\.$/);
		expect((await failure(['set', 'keybindings', '{"pane.zoom": ["z"], "sesion.new": ["N"]}'])).message).toContain('"sesion.new" is not a command id (did you mean "session.new" or "prefix.new"?)');
		expect(JSON.parse((await run(['get', 'keybindings'])).out)).toEqual({});
		expect((await run(['set', 'keybindings.review.next-file', '["Tab"]'])).code).toBe(0);
	});

	it('reports an invalid settings file with its name instead of a stack, for every action', async () => {
		const file = path.join(configDir, 'config.json');
		await run(['path']);
		await writeFile(file, '{"maxFps": "fast"}');
		const error = await failure(['get', 'maxFps']);
		expect(error.message).toContain(file);
		expect(error.message).toContain('"maxFps" must be a whole number, found "fast"');
		expect(await readFile(file, 'utf8')).toBe('{"maxFps": "fast"}');
	});

	it('edit opens $EDITOR on the file and checks what was saved', async () => {
		const editor = await fakeEditor('{"maxFps": 50}');
		expect(await run(['edit'], {EDITOR: editor})).toMatchObject({code: 0, out: `${path.join(configDir, 'config.json')} is valid.\n`});
		expect((await run(['get', 'maxFps'])).out).toBe('50\n');

		const broken = await fakeEditor('{"maxFps": 50,}');
		expect((await failure(['edit'], {EDITOR: broken})).message).toContain('is not valid JSON');
		// The broken file can still be opened to be fixed.
		const fixed = await fakeEditor('{"maxFps": 55}');
		expect((await run(['edit'], {VISUAL: fixed})).code).toBe(0);
		expect((await run(['get', 'maxFps'])).out).toBe('55\n');
	});

	it('edit reports an editor that cannot be started', async () => {
		expect((await failure(['edit'], {EDITOR: path.join(dir, 'no-such-editor')})).message).toContain('Could not start the editor');
	});
});
