/**
 * Writes the README's screenshots from a real run: the built agentgrid in a 160x45 pty, parsed by @xterm/headless,
 * against a demo repository with three sessions of the scripted fake agent. Every step waits for what the screen
 * shows, so the pictures are the same from run to run apart from clocks.
 *
 *   npm run screenshots      (builds first; writes the grid with cost badges, spawn, help, explain, copy mode with a
 *                            search, the search over every pane, review, tests, the test matrix, radar, cleanup and merge)
 */
import {mkdir, readFile, rm, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {createTempRepo, testIdentity, type TempRepo} from '../test/helpers/git-repo.js';
import {OuterTerminal, projectRoot} from '../test/helpers/outer-terminal.js';
import {renderSvg} from './render-svg.js';
import {stopServers} from '../test/e2e/app-fixture.js';
import {claudeProjectDir} from '../source/core/usage/claude-usage.js';

const cols = 160;
const rows = 45;
const colors = {foreground: '#d4d4d4', background: '#1e1e1e'};
const prefix = '\u001C';
const outputDir = path.join(projectRoot, 'screenshots');

interface Demo {
	task: string;
	/** Typed into the agent once its task is done, each line followed by the screen text that says it is done. */
	followUp: Array<[line: string, done: string]>;
}

const demos: Demo[] = [
	{task: 'add retries to the http client', followUp: [['flood 40', 'Flood done: 40 lines']]},
	{
		task: 'cover the config parser with tests',
		followUp: [['edit test/config.test.ts it parses', 'Edited test/config.test.ts'], ['commit Config parser tests', 'Committed: Config parser tests'], ['work 600000', 'Working…']],
	},
	// Its edit breaks a test, which the test matrix shows as new against the base.
	{task: 'fix the flaky login test', followUp: [['edit BROKEN x', 'Edited BROKEN'], ['ask', 'Do you want to proceed?']]},
];

async function main(): Promise<void> {
	// A fixed place, so paths printed by the agents are the same in every run.
	const parent = path.join(os.tmpdir(), 'agentgrid-screenshots');
	await rm(parent, {recursive: true, force: true});
	await mkdir(parent, {recursive: true});
	const repo = await createTempRepo({parent, name: 'acme-app', files: {'README.md': '# acme-app\n', 'src/http.ts': 'export {};\n', Makefile: 'test:\n\t@echo "config parser: 12 passed"\n\t@echo "http client: 7 passed"\n\t@test ! -e BROKEN || { echo "✗ login times out"; exit 1; }\n'}});
	const configDir = path.join(parent, 'config');
	const socketDir = path.join(parent, 'sockets');
	await writeConfig(configDir);
	// The agents' own logs are read from HOME: a private one holds the transcripts behind the cost badges.
	const env = {...testIdentity, HOME: path.join(parent, 'home'), AGENTGRID_CONFIG_DIR: configDir, AGENTGRID_SOCKET_DIR: socketDir, XDG_STATE_HOME: path.join(parent, 'state'), FAKE_AGENT_WORK_MS: '300', FAKE_AGENT_ALT_SCREEN: '1'};
	const outer = new OuterTerminal({cwd: repo.root, cols, rows, colors, env});
	try {
		await outer.waitFor('No sessions yet');
		// All sessions first, then their work: each new pane resizes the others, which agents redraw imperfectly.
		for (const demo of demos) await spawnSession(outer, demo);
		for (const demo of demos) await followUp(outer, demo);
		await writeTranscripts(repo, env);
		// The second pane's heavy border overlaps no other title.
		outer.write('2');
		await outer.waitFor(screen => screen.includes('┏━ 2 '));
		// Status badges follow the agents' screens with a short delay; show them once every kind is there.
		await outer.waitFor(screen => ['busy', 'waiting', 'idle'].every(kind => screen.includes(` ${kind} `)), 5000)
			.catch(() => console.warn('warning: not every status badge showed up; the grid screenshot has the ones that did'));
		await outer.waitFor(screen => screen.includes('$0.0'), 20_000);
		await save(outer, 'grid.svg');

		// Why the waiting session waits.
		outer.write(paneNumbers.get(slugOf(demos[2]))!);
		await outer.waitFor(screen => screen.includes(`┏━ ${paneNumbers.get(slugOf(demos[2]))} ${slugOf(demos[2])}`));
		outer.write('e');
		await outer.waitFor(screen => screen.includes('waiting') && screen.includes('because'), 10_000);
		await save(outer, 'explain.svg');
		outer.write('q');
		await outer.waitFor(() => outer.lines().at(-1)!.includes('GRID'));

		// History: copy mode on the flooded pane with a search, then one query over every pane.
		outer.write(paneNumbers.get(slugOf(demos[0]))!);
		outer.write('[');
		await outer.waitFor(screen => /\[\d+\/\d+\]/.test(screen));
		await typeSlowly(outer, '/line 29');
		await outer.waitFor(screen => screen.includes('/line 29'));
		outer.write('\r');
		await outer.waitFor(screen => /\d+\/\d+ \[\d+\/\d+\]/.test(screen));
		await save(outer, 'copy-search.svg');
		outer.write('q');
		await outer.waitFor(() => outer.lines().at(-1)!.includes('GRID'));
		outer.write('/');
		await typeSlowly(outer, 'config');
		await outer.waitFor(screen => screen.includes('config.test.ts'), 10_000);
		await save(outer, 'search.svg');
		outer.write('\u001B');
		await outer.waitFor(() => outer.lines().at(-1)!.includes('GRID'));

		outer.write('n');
		await outer.waitFor('New session');
		await typeSlowly(outer, 'document the new flags');
		await outer.waitFor('document-the-new-flags');
		await save(outer, 'spawn.svg');
		outer.write('\u001B');
		await outer.waitFor(screen => !screen.includes('New session'));

		outer.write('?');
		await outer.waitFor('agentgrid keys');
		await save(outer, 'help.svg');
		outer.write(' ');
		await outer.waitFor(screen => !screen.includes('agentgrid keys'));

		// The workflow screens, on the session that committed work.
		outer.write('2');
		await outer.waitFor(screen => screen.includes('┏━ 2 cover-the-config'));
		await screen(outer, 'd', screen => screen.includes('line 1/'), 'review.svg');
		await screen(outer, 't', screen => screen.includes('passed in'), 'tests.svg');
		await screen(outer, 'T', screen => screen.includes('Test matrix') && !screen.includes('· running'), 'matrix.svg');
		await screen(outer, 'o', screen => screen.includes('Overlap radar') && !screen.includes('checking'), 'radar.svg');
		await screen(outer, 'c', screen => screen.includes('Cleanup') && screen.includes('cover-the-config-parser-with-tests'), 'cleanup.svg');
		await screen(outer, 'm', screen => screen.includes('merged into main'), 'merge.svg');
		await quit(outer);
	} finally {
		outer.kill();
		await cleanup(repo, parent);
	}
}

const slugOf = (demo: Demo) => demo.task.replaceAll(' ', '-');

/** Claude Code transcripts for the first two sessions' worktrees, in the agent's own place, for the cost badges. */
async function writeTranscripts(repo: TempRepo, env: NodeJS.ProcessEnv): Promise<void> {
	const fixture = await readFile(path.join(projectRoot, 'test/fixtures/usage/claude-session.jsonl'), 'utf8');
	for (const demo of demos.slice(0, 2)) {
		const worktree = path.join(path.dirname(repo.root), `${path.basename(repo.root)}.worktrees`, slugOf(demo));
		const project = claudeProjectDir(worktree, env);
		await mkdir(project, {recursive: true});
		await writeFile(path.join(project, 'session.jsonl'), fixture.replaceAll('__WORKTREE__', worktree));
	}
}

async function writeConfig(configDir: string): Promise<void> {
	await mkdir(configDir, {recursive: true});
	const fake = {
		command: process.execPath,
		args: [path.join(projectRoot, 'demo/fake-agent.mjs')],
		promptMode: 'argument',
		resumeArgs: ['--continue'],
		statusPatterns: {busy: ['esc to interrupt'], waiting: ['Do you want to proceed\\?'], idle: ['\\? for shortcuts']},
	};
	await writeFile(path.join(configDir, 'config.json'), JSON.stringify({defaultAgent: 'fake', presets: {fake}}, null, '\t'));
}

/** Spawns through the spawn screen with keys, as a user would, and goes back to grid mode once the task is done. */
async function spawnSession(outer: OuterTerminal, demo: Demo): Promise<void> {
	outer.write('n');
	await outer.waitFor('New session');
	await typeSlowly(outer, demo.task);
	await outer.waitFor(demo.task);
	outer.write('\r');
	await outer.waitFor(screen => screen.includes(' PANE ') && screen.includes(`Done: ${demo.task}`), 30_000);
	outer.write(prefix);
	outer.write('g');
	await outer.waitFor(' GRID ');
}

/** Focuses the demo's pane by its number, types its follow-up commands into the agent and returns to grid mode. */
async function followUp(outer: OuterTerminal, demo: Demo): Promise<void> {
	await focus(outer, demo);
	outer.write('\r');
	await outer.waitFor(' PANE ');
	for (const [line, done] of demo.followUp) {
		await typeSlowly(outer, line);
		outer.write('\r');
		await outer.waitFor(done, 30_000);
	}
	outer.write(prefix);
	outer.write('g');
	await outer.waitFor(' GRID ');
}

/** Pane numbers by slug, learnt by jumping to each number and reading the focused (heavy) title. */
const paneNumbers = new Map<string, string>();

async function focus(outer: OuterTerminal, demo: Demo): Promise<void> {
	const slug = slugOf(demo);
	for (let number = 1; !paneNumbers.has(slug) && number <= demos.length; number++) {
		outer.write(String(number));
		const screen = await outer.waitFor(text => text.includes(`┏━ ${number} `));
		const title = new RegExp(`┏━ ${number} (\\S+)`).exec(screen)?.[1];
		if (title !== undefined) paneNumbers.set(title, String(number));
	}
	const number = paneNumbers.get(slug);
	if (number === undefined) throw new Error(`no pane titled ${slug}:\n${outer.text()}`);
	outer.write(number);
	await outer.waitFor(screen => screen.includes(`┏━ ${number} ${slug}`));
}

/** The spawn screen's text field takes one key per read, as typing does. */
async function typeSlowly(outer: OuterTerminal, text: string): Promise<void> {
	for (const char of text) {
		outer.write(char);
		await new Promise(resolve => setTimeout(resolve, 4));
	}
}

/** Opens a workflow screen with `key`, waits until it shows what `ready` looks for, saves it, and closes it. */
async function screen(outer: OuterTerminal, key: string, ready: (screen: string) => boolean, name: string): Promise<void> {
	outer.write(key);
	await outer.waitFor(ready, 20_000);
	await save(outer, name);
	outer.write('q');
	await outer.waitFor(() => outer.lines().at(-1)!.includes('GRID'));
}

async function save(outer: OuterTerminal, name: string): Promise<void> {
	await outer.settle();
	await mkdir(outputDir, {recursive: true});
	await writeFile(path.join(outputDir, name), renderSvg(outer.term, colors));
	console.log(`wrote screenshots/${name}`);
}

async function quit(outer: OuterTerminal): Promise<void> {
	outer.write('q');
	await outer.waitFor('s stop');
	outer.write('s');
	await Promise.race([outer.exited, new Promise(resolve => setTimeout(resolve, 10_000))]);
}

async function cleanup(repo: TempRepo, parent: string): Promise<void> {
	await stopServers(path.join(parent, 'sockets'));
	await repo.cleanup();
	await rm(parent, {recursive: true, force: true, maxRetries: 3});
}

await main();
