import {chmod, mkdir, mkdtemp, rm, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {isAgentgridError} from '../../../source/core/errors.js';
import {builtInPresets, detectInstalled, planLaunch, presetFromSettings, resolvePresets} from '../../../source/core/session/presets.js';
import {findExecutable} from '../../../source/core/session/which.js';

let binDir: string;
let otherDir: string;

beforeAll(async () => {
	const root = await mkdtemp(path.join(os.tmpdir(), 'agentgrid-presets-'));
	binDir = path.join(root, 'bin');
	otherDir = path.join(root, 'other');
	await mkdir(binDir);
	await mkdir(otherDir);
	for (const name of ['claude', 'aider']) {
		await writeFile(path.join(binDir, name), '#!/bin/sh\n');
		await chmod(path.join(binDir, name), 0o755);
	}

	// Present but not executable, and a directory named like a program: neither counts as installed.
	await writeFile(path.join(binDir, 'codex'), '#!/bin/sh\n');
	await mkdir(path.join(otherDir, 'gemini'));
});

afterAll(async () => {
	await rm(path.dirname(binDir), {recursive: true, force: true});
});

describe('presets', () => {
	it('has the built-in agents and a shell from $SHELL, falling back to /bin/sh', () => {
		const names = builtInPresets({SHELL: '/bin/zsh'}).map(preset => [preset.name, preset.command]);
		expect(names).toEqual([
			['claude', 'claude'], ['codex', 'codex'], ['aider', 'aider'], ['gemini', 'gemini'], ['opencode', 'opencode'],
			['shell', '/bin/zsh'],
		]);
		expect(builtInPresets({}).find(preset => preset.name === 'shell')?.command).toBe('/bin/sh');
	});

	it('passes the initial prompt the way each agent takes it, and resumes with its own arguments', () => {
		const presets = resolvePresets({SHELL: '/bin/bash'});
		const plan = (name: string, prompt?: string, resume?: boolean) => planLaunch(presets.get(name)!, {prompt, resume});
		expect(plan('claude', 'fix the bug')).toMatchObject({file: 'claude', args: ['fix the bug']});
		expect(plan('claude', undefined, true).args).toEqual(['--continue']);
		expect(plan('codex', undefined, true).args).toEqual(['resume', '--last']);
		expect(plan('aider', 'fix the bug', true)).toMatchObject({args: ['--restore-chat-history'], typedPrompt: 'fix the bug'});
		expect(plan('gemini', 'fix the bug').args).toEqual(['--prompt-interactive', 'fix the bug']);
		expect(plan('opencode', 'fix it', true).args).toEqual(['--continue', '--prompt', 'fix it']);
		const shell = plan('shell', 'Say hello and list the files');
		expect(shell).toMatchObject({file: '/bin/bash', args: []});
		expect(shell.typedPrompt).toBeUndefined();
		// Only an agent that gets the task is waited on to take it up; the shell shows it and runs none of it.
		expect(shell.givenTask).toBe(false);
		expect(plan('claude', 'fix the bug').givenTask).toBe(true);
		expect(plan('aider', 'fix the bug').givenTask).toBe(true);
		expect(plan('claude', undefined, true).givenTask).toBeUndefined();
		expect(plan('claude', '   ').args).toEqual([]);
	});

	it('builds custom presets from settings, inheriting a built-in\'s behaviour when they run the same program', () => {
		const env = {SHELL: '/bin/sh'};
		const custom = presetFromSettings('my-claude', {command: '/opt/bin/claude', args: ['--model', 'opus']}, env);
		expect(custom).toMatchObject({command: '/opt/bin/claude', args: ['--model', 'opus'], resumeArgs: ['--continue'], builtIn: false});
		expect(custom.status.busy).toEqual(builtInPresets(env)[0]!.status.busy);

		const tool = presetFromSettings('tool', {
			command: 'tool',
			promptMode: 'flag',
			promptFlag: '-m',
			statusPatterns: {busy: ['^Thinking'], waiting: ['\\[y/N\\]$'], idle: ['^tool> ']},
		}, env);
		expect(planLaunch(tool, {prompt: 'go'}).args).toEqual(['-m', 'go']);
		expect(tool.status.busy[0]!.test('x\nThinking hard')).toBe(true);
		expect(tool.status.waiting[0]!.test('Continue? [y/N]')).toBe(true);
		expect(tool.status.ready[0]!.test('tool> ')).toBe(true);

		const replaced = resolvePresets(env, {claude: {command: 'claude', args: ['--verbose']}}, {aider: {command: 'aider', promptMode: 'none'}});
		expect(replaced.get('claude')).toMatchObject({label: 'Claude Code', args: ['--verbose'], builtIn: false});
		expect(planLaunch(replaced.get('aider')!, {prompt: 'x'}).typedPrompt).toBeUndefined();
	});

	it('rejects invalid custom presets with a readable error', () => {
		const attempt = (fn: () => unknown) => {
			try {
				fn();
			} catch (error) {
				return error;
			}

			return undefined;
		};

		const badPattern = attempt(() => presetFromSettings('x', {command: 'x', statusPatterns: {busy: ['(unclosed']}}, {}));
		expect(isAgentgridError(badPattern) && badPattern.code).toBe('preset-invalid-pattern');
		expect((badPattern as Error).message).toContain('"(unclosed"');
		const noFlag = attempt(() => presetFromSettings('x', {command: 'x', promptMode: 'flag'}, {}));
		expect(isAgentgridError(noFlag) && noFlag.code).toBe('preset-invalid');
	});

	it('detects which agents are installed on PATH', async () => {
		const env = {PATH: [otherDir, binDir].join(path.delimiter), SHELL: '/bin/sh'};
		const installed = await detectInstalled(env);
		const found = Object.fromEntries(installed.map(entry => [entry.preset.name, entry.path]));
		expect(found).toEqual({
			claude: path.join(binDir, 'claude'),
			codex: undefined,
			aider: path.join(binDir, 'aider'),
			gemini: undefined,
			opencode: undefined,
			shell: '/bin/sh',
		});
		expect(await findExecutable('', env)).toBeUndefined();
		expect(await findExecutable('./claude', {...env, PWD: binDir})).toBe(path.join(binDir, 'claude'));
	});
});
