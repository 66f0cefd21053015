/**
 * A temporary repository plus user settings whose presets run the scripted fixtures, so end-to-end tests drive the
 * real built app exactly as a user would, without any real agent installed.
 */
import {mkdir, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {createTempRepo, testIdentity, type TempRepo} from '../helpers/git-repo.js';
import {OuterTerminal, projectRoot} from '../helpers/outer-terminal.js';

export interface AppFixture {
	repo: TempRepo;
	configDir: string;
	env: Record<string, string>;
	start(options?: {cols?: number; rows?: number; args?: string[]}): OuterTerminal;
}

export async function createAppFixture(settings: Record<string, unknown> = {}): Promise<AppFixture> {
	const repo = await createTempRepo({files: {'README.md': '# demo\n', 'src/app.txt': 'app\n'}});
	const configDir = path.join(repo.dir, 'config');
	await mkdir(configDir, {recursive: true});
	const fixture = (name: string) => path.join(projectRoot, 'test/fixtures', name);
	await writeFile(
		path.join(configDir, 'config.json'),
		JSON.stringify({
			defaultAgent: 'fake',
			presets: {
				fake: {command: process.execPath, args: [fixture('fake-agent.mjs'), '--work-ms', '300'], promptMode: 'argument', resumeArgs: ['--continue'], statusPatterns: {busy: ['esc to interrupt'], waiting: ['Do you want to proceed\\?'], idle: ['\\? for shortcuts']}},
				sample: {command: process.execPath, args: [fixture('sample-screen.mjs')], promptMode: 'none'},
			},
			...settings,
		}),
	);
	const env: Record<string, string> = {
		AGENTGRID_CONFIG_DIR: configDir,
		SHELL: '/bin/sh',
		...testIdentity,
		PS1: '$ ',
	};
	return {
		repo,
		configDir,
		env,
		start: (options = {}) => new OuterTerminal({cwd: repo.root, env, cols: options.cols ?? 160, rows: options.rows ?? 45, args: options.args}),
	};
}

export const prefixKey = '\u001C';

export const statusLine = (term: OuterTerminal): string => term.lines()[term.term.rows - 1];

/** Spawns a session through the spawn screen as a user would; leaves the new pane focused in pane mode. */
export async function spawnSession(term: OuterTerminal, task: string, agentLabel?: string): Promise<void> {
	await term.waitFor(() => statusLine(term).includes('GRID'));
	term.write('n');
	await term.waitFor('New session');
	term.write(task);
	await term.waitFor(task);
	if (agentLabel) {
		term.write('\t\t');
		const highlighted = () => term.lines().find(line => line.includes('❯ '))?.split('❯ ')[1]?.trim() ?? '';
		await term.waitFor(() => highlighted() !== '');
		// One step at a time: wait for the highlight to move before pressing again.
		for (let i = 0; i < 12 && !highlighted().startsWith(agentLabel); i++) {
			const before = highlighted();
			term.write('\u001B[B');
			await term.waitFor(() => highlighted() !== before);
		}
		await term.waitFor(`❯ ${agentLabel}`);
	}
	term.write('\r');
	await term.waitFor(screen => !screen.includes('New session') && statusLine(term).includes('PANE'));
}

/** From pane mode back to grid mode. */
export async function toGrid(term: OuterTerminal): Promise<void> {
	term.write(`${prefixKey}g`);
	await term.waitFor(() => statusLine(term).includes('GRID'));
}
