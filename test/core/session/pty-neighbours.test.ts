/**
 * agentgrid holds every pane's terminal and is every pane's parent. Closing one pane must end that pane's
 * processes only: its neighbours, started by the same agentgrid, keep running.
 */
import {describe, expect, it} from 'vitest';
import {spawnPty} from '../../../source/core/session/pty.js';
import {OutputRecorder} from './pty-helpers.js';
import {running} from '../../helpers/proc.js';

describe('closing one pane', () => {
	it('leaves the other panes of the same agentgrid running', async () => {
		const start = () => spawnPty({file: '/bin/sh', args: ['-c', 'echo up; exec sleep 30'], cwd: '/', env: process.env as Record<string, string>, cols: 80, rows: 24});
		const first = start();
		const second = start();
		const third = start();
		const outputs = [first, second, third].map(pty => new OutputRecorder(pty));
		try {
			for (const output of outputs) await output.until(recorder => recorder.text.includes('up'));
			await second.kill();
			await new Promise(resolve => setTimeout(resolve, 300));
			expect(await running(second.pid)).toBe(false);
			expect([await running(first.pid), await running(third.pid)]).toEqual([true, true]);
			expect([outputs[0].exit, outputs[2].exit]).toEqual([undefined, undefined]);
		} finally {
			await Promise.all([first.kill(), third.kill()]);
		}
	});
});
