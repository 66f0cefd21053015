/**
 * Startup to first frame: from spawning the program in a 200x50 pty to the first output after which the parsed
 * screen shows anything. agentgrid opens in an empty repository (its empty-state screen); tmux starts a new
 * attached session (its status line).
 */
import {mkdir} from 'node:fs/promises';
import path from 'node:path';
import {createTempRepo, testIdentity} from '../../test/helpers/git-repo.js';
import {OuterTerminal} from '../../test/helpers/outer-terminal.js';
import {stopServers} from '../../test/e2e/app-fixture.js';
import {arrivalOf} from './arrival.js';
import {cols, rows, sleep, tmuxRunner} from './sides.js';

export async function agentgridFirstFrame(): Promise<number> {
	const repo = await createTempRepo();
	const configDir = path.join(repo.dir, 'config');
	await mkdir(configDir, {recursive: true});
	const env = {...testIdentity, AGENTGRID_CONFIG_DIR: configDir, AGENTGRID_SOCKET_DIR: path.join(repo.dir, 'sockets'), XDG_STATE_HOME: path.join(repo.dir, 'state')};
	try {
		// Cold: no server yet, so the client starts one (as tmux's first command does).
		const started = performance.now();
		const outer = new OuterTerminal({cwd: repo.root, cols, rows, env, colors: {foreground: '#d4d4d4', background: '#1e1e1e'}});
		const ms = await firstFrame(outer, started);
		outer.write('q');
		await Promise.race([outer.exited, sleep(5000)]);
		outer.kill();
		return ms;
	} finally {
		await stopServers(env.AGENTGRID_SOCKET_DIR);
		await repo.cleanup();
	}
}

export async function tmuxFirstFrame(cwd: string): Promise<number> {
	const socket = `agentgrid-grid-startup-${process.pid}`;
	const started = performance.now();
	const outer = new OuterTerminal({cwd, cols, rows, file: 'tmux', args: ['-L', socket, '-f', '/dev/null', 'new-session', '/bin/sh']});
	try {
		return await firstFrame(outer, started);
	} finally {
		await tmuxRunner(socket)('kill-server').catch(() => undefined);
		await Promise.race([outer.exited, sleep(5000)]);
		outer.kill();
	}
}

/** Time of arrival of the output chunk after which the screen first has a visible character. */
async function firstFrame(outer: OuterTerminal, started: number): Promise<number> {
	return arrivalOf(outer, started, screen => screen.trim() !== '', 'no frame');
}
