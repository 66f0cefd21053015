import os from 'node:os';
import {describe, expect, it} from 'vitest';
import {LineTail, runTrustedShellCommand} from '../../../source/core/setup/run-shell-command.js';

describe('runTrustedShellCommand', () => {
	it('runs a shell line in the given directory and environment, streaming output', async () => {
		const chunks: string[] = [];
		const result = await runTrustedShellCommand('echo "$GREETING from $(pwd)" && echo err >&2', {
			cwd: os.tmpdir(),
			env: {PATH: process.env.PATH, GREETING: 'hello'},
			onOutput: text => chunks.push(text),
		});
		expect(result.exitCode).toBe(0);
		expect(chunks.join('')).toContain(`hello from ${os.tmpdir()}`);
		expect(result.lastLines).toContain('err');
	});

	it('reports the exit code and can be aborted', async () => {
		expect((await runTrustedShellCommand('exit 7', {cwd: os.tmpdir(), env: {}})).exitCode).toBe(7);
		const controller = new AbortController();
		const running = runTrustedShellCommand('sleep 30', {cwd: os.tmpdir(), env: {PATH: process.env.PATH}, signal: controller.signal});
		setTimeout(() => controller.abort(), 50);
		expect((await running).signal).toBe('SIGTERM');
	});
});

describe('LineTail', () => {
	it('keeps the last lines across chunk boundaries', () => {
		const tail = new LineTail(3);
		tail.push('a\nb');
		tail.push('c\r\nd\n');
		tail.push('e');
		expect(tail.lines()).toEqual(['bc', 'd', 'e']);
	});
});
