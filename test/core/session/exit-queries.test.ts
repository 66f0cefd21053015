/**
 * A program that asks the terminal something in its last bytes and exits at once, as Claude Code does: its answers
 * must not end up on the pane's last screen, however the race between the answer and the tty restore goes.
 */
import {mkdtemp, rm} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterAll, beforeAll, expect, it} from 'vitest';
import {Session} from '../../../source/core/session/session.js';
import {baseEnv, waitFor} from './pty-helpers.js';

const program = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/query-and-exit.mjs');
let workDir: string;

beforeAll(async () => {
	workDir = await mkdtemp(path.join(os.tmpdir(), 'agentgrid-exit-queries-'));
});

afterAll(async () => {
	await rm(workDir, {recursive: true, force: true});
});

it('leaves no echoed answer on the last screen of a program that queries and exits at once', async () => {
	for (let run = 1; run <= 6; run++) {
		const session = await Session.start({file: process.execPath, args: [program, `run-${run}`], cwd: workDir, env: baseEnv(), cols: 80, rows: 10});
		try {
			await new Promise<void>(resolve => session.onExit(() => resolve()));
			// An echo, if one comes, follows the answer within milliseconds; its erasure right after it.
			await waitFor(() => session.terminal.screenText().join('\n').includes(`run-${run}`), 5000);
			await new Promise(resolve => setTimeout(resolve, 200));
			const screen = session.terminal.screenText().join('\n').trimEnd();
			expect(screen).toBe(`run-${run}`);
		} finally {
			await session.dispose();
		}
	}
});
