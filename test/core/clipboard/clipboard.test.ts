import {mkdtemp, readFile, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {osc52} from '../../../source/core/clipboard/osc52.js';
import {parseCopyCommand, runCopyCommand} from '../../../source/core/clipboard/copy-command.js';

describe('OSC 52', () => {
	it('carries the text base64-encoded, UTF-8 included', () => {
		const sequence = osc52('héllo\nwörld', {tmux: false});
		expect(sequence).toBe(`\u001B]52;c;${Buffer.from('héllo\nwörld').toString('base64')}\u0007`);
	});

	it('inside tmux adds a passthrough copy with every ESC doubled', () => {
		const plain = osc52('x', {tmux: false});
		const wrapped = osc52('x', {tmux: true});
		expect(wrapped.startsWith(plain)).toBe(true);
		expect(wrapped.slice(plain.length)).toBe('\u001BPtmux;\u001B\u001B]52;c;eA==\u0007\u001B\\');
	});
});

describe('copyCommand', () => {
	it('splits at spaces into an argument array, never a shell string', () => {
		expect(parseCopyCommand(' xclip  -sel c ')).toEqual({file: 'xclip', args: ['-sel', 'c']});
		expect(parseCopyCommand('')).toBeUndefined();
	});

	it('hands the text to the program on stdin', async () => {
		const dir = await mkdtemp(path.join(tmpdir(), 'agentgrid-copy-'));
		try {
			const file = path.join(dir, 'out; rm -rf x');
			await runCopyCommand({file: 'tee', args: [file]}, 'a\nb $(whoami)');
			expect(await readFile(file, 'utf8')).toBe('a\nb $(whoami)');
		} finally {
			await rm(dir, {recursive: true, force: true});
		}
	});

	it('says what went wrong with a missing or failing program', async () => {
		await expect(runCopyCommand({file: 'agentgrid-no-such-copier', args: []}, 'x')).rejects.toThrow('agentgrid-no-such-copier was not found');
		await expect(runCopyCommand({file: 'false', args: []}, 'x')).rejects.toThrow('false failed (exit 1)');
	});
});
