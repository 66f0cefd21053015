/**
 * Every key, in every input mode a program can ask for, arrives in a pane exactly as the user's terminal sent it.
 * A key logger in a pane of the built app enables a set of modes; once agentgrid has mirrored them onto the outer
 * terminal, each key of test/helpers/key-encodings.ts is typed as that terminal would encode it, and the logger's
 * record must hold exactly those bytes. A second outer terminal speaks the kitty keyboard protocol, as kitty does.
 */
import {readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {OuterTerminal} from '../helpers/outer-terminal.js';
import {projectRoot} from '../helpers/outer-terminal.js';
import {LoggerControl} from '../helpers/key-logger-control.js';
import {keyCases, type EncodingModes} from '../helpers/key-encodings.js';
import {createAppFixture, spawnSession, statusLine, type AppFixture} from './app-fixture.js';

const CSI = '\u001B[';
const prefix = '\u001C';
const kittyPrefix = `${CSI}92;5u`;
const kittyPrefixRelease = `${CSI}92;5:3u`;

/** The logger's hex log, read from where the last read stopped. */
class HexLog {
	private consumed = 0;
	constructor(private readonly file: string) {}

	private async all(): Promise<Buffer> {
		const text = await readFile(this.file, 'utf8').catch(() => '');
		return Buffer.from(text.replaceAll('\n', ''), 'hex');
	}

	/** The bytes received since the last read, once there are at least `length` (or the time is up). */
	async next(length: number, timeoutMs = 5000): Promise<string> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const bytes = await this.all();
			if (bytes.length - this.consumed >= length || Date.now() > deadline) {
				const fresh = bytes.subarray(this.consumed);
				this.consumed = bytes.length;
				return fresh.toString('latin1');
			}
			await new Promise(resolve => setTimeout(resolve, 10));
		}
	}
}

interface Harness {
	app: AppFixture;
	term: OuterTerminal;
	logger: LoggerControl;
	log: HexLog;
}

async function startHarness(kittyKeyboard: boolean): Promise<Harness> {
	const app = await createAppFixture();
	const control = path.join(app.repo.dir, 'key-logger.sock');
	const logFile = path.join(app.repo.dir, 'key-logger.hex');
	const config = path.join(app.configDir, 'config.json');
	const settings = JSON.parse(await readFile(config, 'utf8')) as {presets: Record<string, unknown>};
	const args = [path.join(projectRoot, 'test/fixtures/key-logger.mjs'), '--control', control, '--log', logFile];
	settings.presets.logger = {command: process.execPath, args, promptMode: 'none'};
	await writeFile(config, JSON.stringify({...settings, defaultAgent: 'logger'}));
	const term = app.start({cols: 120, rows: 40, kittyKeyboard});
	await spawnSession(term, 'keys');
	await term.waitFor('key logger ready');
	return {app, term, logger: await LoggerControl.open(control), log: new HexLog(logFile)};
}

async function stopHarness(harness: Harness | undefined): Promise<void> {
	harness?.logger.close();
	harness?.term.kill();
	await harness?.app.repo.cleanup();
}

const modeSets: Record<string, {names: string[]; outer: EncodingModes & {bracketedPaste: boolean; focusEvents: boolean}}> = {
	none: {names: [], outer: {applicationCursorKeys: false, applicationKeypad: false, bracketedPaste: false, focusEvents: false, kittyFlags: 0}},
	'DECCKM+DECKPAM': {names: ['app-keys'], outer: {applicationCursorKeys: true, applicationKeypad: true, bracketedPaste: false, focusEvents: false, kittyFlags: 0}},
	'bracketed paste': {names: ['paste'], outer: {applicationCursorKeys: false, applicationKeypad: false, bracketedPaste: true, focusEvents: false, kittyFlags: 0}},
	'focus events': {names: ['focus'], outer: {applicationCursorKeys: false, applicationKeypad: false, bracketedPaste: false, focusEvents: true, kittyFlags: 0}},
	'mouse 1000+1006': {names: ['mouse'], outer: {applicationCursorKeys: false, applicationKeypad: false, bracketedPaste: false, focusEvents: false, kittyFlags: 0}},
	'kitty flags 1': {names: ['kitty1'], outer: {applicationCursorKeys: false, applicationKeypad: false, bracketedPaste: false, focusEvents: false, kittyFlags: 1}},
	'kitty flags 7': {names: ['kitty7'], outer: {applicationCursorKeys: false, applicationKeypad: false, bracketedPaste: false, focusEvents: false, kittyFlags: 7}},
};

/** Switches the logger's modes and waits until the outer terminal has them (what the user's keys are encoded by). */
async function enterModes({term, logger}: Harness, modes: string, kittyTerminal: boolean): Promise<EncodingModes> {
	const {names, outer} = modeSets[modes];
	// A terminal without the protocol ignores a push: its keys stay legacy.
	const expected = {...outer, kittyFlags: kittyTerminal ? outer.kittyFlags : 0};
	await logger.modes(...names);
	await term.waitFor(() => {
		const m = term.term.modes;
		return (
			m.applicationCursorKeysMode === expected.applicationCursorKeys &&
			m.applicationKeypadMode === expected.applicationKeypad &&
			m.bracketedPasteMode === expected.bracketedPaste &&
			m.sendFocusMode === expected.focusEvents &&
			term.kittyFlags === expected.kittyFlags
		);
	});
	return expected;
}

interface Outcome {
	mode: string;
	key: string;
	sent: string;
	received: string;
}

const outcomes: Outcome[] = [];
const show = (bytes: string) => JSON.stringify(bytes).slice(1, -1);

/** Types every key of the table for `mode` and records what the logger received for each. */
async function typeEveryKey(harness: Harness, mode: string, kittyTerminal: boolean): Promise<Outcome[]> {
	const {term, log} = harness;
	const modes = await enterModes(harness, mode, kittyTerminal);
	const label = `${mode}${kittyTerminal ? ' (kitty terminal)' : ''}`;
	await log.next(0);
	const results: Outcome[] = [];
	const extra =
		mode === 'bracketed paste'
			? [{name: 'paste holding the prefix', writes: [`${CSI}200~one\u001Ctwo\r${CSI}201~`]}]
			: mode === 'focus events'
				? [{name: 'focus out', writes: [`${CSI}O`]}, {name: 'focus in', writes: [`${CSI}I`]}]
				: [];
	// A last plain key shows that nothing stray followed the key before it.
	const sentinel = {name: 'z after the table', writes: ['z']};
	for (const key of [...keyCases(modes), ...extra, sentinel]) {
		let received = '';
		for (const bytes of key.writes) {
			term.write(bytes);
			received += await log.next(bytes.length);
		}
		results.push({mode: label, key: key.name, sent: key.writes.join(''), received});
	}
	// Whatever came after the sentinel was not typed.
	const trailing = await log.next(0);
	if (trailing) results.push({mode: label, key: 'nothing after the sentinel', sent: '', received: trailing});
	outcomes.push(...results);
	return results.filter(result => result.sent !== result.received).map(result => ({...result, sent: show(result.sent), received: show(result.received)}));
}

afterAll(() => {
	const modes = [...new Set(outcomes.map(outcome => outcome.mode))];
	const count = (list: Outcome[]) => `${list.filter(outcome => outcome.sent === outcome.received).length}/${list.length}`;
	const perMode = modes.map(mode => `${mode} ${count(outcomes.filter(outcome => outcome.mode === mode))}`);
	console.log(`key cases arrived exactly as typed: ${count(outcomes)} (${perMode.join(', ')})`);
});

describe('keys a program receives through a terminal without the kitty protocol', () => {
	let harness: Harness;
	beforeAll(async () => {
		harness = await startHarness(false);
	});
	afterAll(() => stopHarness(harness));

	for (const mode of ['none', 'DECCKM+DECKPAM', 'bracketed paste', 'focus events', 'mouse 1000+1006', 'kitty flags 1']) {
		// A key that never arrives costs the read's whole wait: room for a few of them, so the table is still shown.
		it(`arrive verbatim in mode ${mode}`, async () => {
			expect(await typeEveryKey(harness, mode, false)).toEqual([]);
		}, 120_000);
	}

	it('delivers the prefix pressed twice as one prefix byte', async () => {
		const {term, log} = harness;
		await enterModes(harness, 'none', false);
		await log.next(0);
		term.write(prefix);
		term.write(prefix);
		expect(show(await log.next(1))).toBe(show(prefix));
		term.write(`${prefix}${prefix}`);
		expect(show(await log.next(1))).toBe(show(prefix));
		expect(statusLine(term)).toContain('PANE');
	});

	it('leaves a program that asks for the kitty protocol without an answer, as tmux does', async () => {
		const {logger, log} = harness;
		await log.next(0);
		// A program detects the protocol by asking for the flags and then for DA1: DA1 alone comes back.
		await logger.send(`${CSI}?u${CSI}c`);
		const reply = await log.next(4);
		expect(reply).toMatch(/^\u001B\[\?[\d;]*c$/);
	});
});

describe('keys a program receives through a terminal that speaks the kitty protocol', () => {
	let harness: Harness;
	beforeAll(async () => {
		harness = await startHarness(true);
	});
	afterAll(() => stopHarness(harness));

	for (const mode of ['none', 'kitty flags 1', 'kitty flags 7']) {
		it(`arrive verbatim in mode ${mode}`, async () => {
			expect(await typeEveryKey(harness, mode, true)).toEqual([]);
		}, 120_000);
	}

	it('answers a program that asks for the flags with its own flags', async () => {
		const {logger, log} = harness;
		await enterModes(harness, 'kitty flags 1', true);
		await log.next(0);
		await logger.send(`${CSI}?u`);
		expect(show(await log.next(5))).toBe(show(`${CSI}?1u`));
	});

	it('pushes the pane flags on the terminal while the pane has the keyboard and pops them when it leaves', async () => {
		const {term} = harness;
		await enterModes(harness, 'kitty flags 1', true);
		term.write(kittyPrefix);
		term.write('g');
		await term.waitFor(() => statusLine(term).includes('GRID'));
		await term.waitFor(() => term.kittyFlags === 0);
		term.write('\r');
		await term.waitFor(() => statusLine(term).includes('PANE'));
		await term.waitFor(() => term.kittyFlags === 1);
	});

	it('delivers the prefix pressed twice in its kitty form as one press, as the program asked keys to be sent', async () => {
		const {term, log} = harness;
		await enterModes(harness, 'kitty flags 1', true);
		await log.next(0);
		term.write(kittyPrefix);
		term.write(kittyPrefix);
		expect(show(await log.next(kittyPrefix.length))).toBe(show(kittyPrefix));
		expect(statusLine(term)).toContain('PANE');
	});

	it('takes the prefix and its command with their releases when the program asked for key events', async () => {
		const {term, log} = harness;
		await enterModes(harness, 'kitty flags 7', true);
		await log.next(0);
		// Press and release of the prefix, then of g, each its own read as a terminal sends them.
		for (const bytes of [kittyPrefix, kittyPrefixRelease, 'g', `${CSI}103;1:3u`]) term.write(bytes);
		await term.waitFor(() => statusLine(term).includes('GRID'));
		await term.settle();
		expect(statusLine(term)).not.toMatch(/does nothing/);
		term.write('\r');
		await term.waitFor(() => statusLine(term).includes('PANE') && term.kittyFlags === 7);
		// Prefix twice: the program gets the second press and its release, nothing of the first.
		for (const bytes of [kittyPrefix, kittyPrefixRelease, kittyPrefix, kittyPrefixRelease]) term.write(bytes);
		const expected = `${kittyPrefix}${kittyPrefixRelease}`;
		expect(show(await log.next(expected.length))).toBe(show(expected));
		term.write('z');
		expect(show(await log.next(1))).toBe('z');
		expect(statusLine(term)).toContain('PANE');
	});

	it('moves the flags with the keyboard from pane to pane', async () => {
		const {term} = harness;
		await enterModes(harness, 'kitty flags 7', true);
		// A kitty terminal sends the prefix in its kitty form while flags are pushed.
		term.write(kittyPrefix);
		term.write('g');
		await term.waitFor(() => statusLine(term).includes('GRID') && term.kittyFlags === 0);
		await spawnSession(term, 'plain pane', 'sample');
		// The new pane asked for no flags: the logger's are popped.
		await term.waitFor(() => statusLine(term).includes('PANE'));
		expect(term.kittyFlags).toBe(0);
		// The logger's pane is above the new one.
		term.write(prefix);
		term.write(`${CSI}A`);
		await term.waitFor(() => term.kittyFlags === 7);
		term.write(kittyPrefix);
		term.write(`${CSI}B`);
		await term.waitFor(() => term.kittyFlags === 0);
	});
});
