/**
 * What a program in a pane receives, byte for byte, when keys and pastes come from a real terminal: a key logger runs
 * in a pane of the built app inside an outer pty, and its record is compared with the bytes the terminal sent.
 */
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {OuterTerminal} from '../helpers/outer-terminal.js';
import {projectRoot} from '../helpers/outer-terminal.js';
import {createAppFixture, spawnSession, statusLine, type AppFixture} from './app-fixture.js';
import {LoggerControl} from '../helpers/key-logger-control.js';

let app: AppFixture;
let term: OuterTerminal;
let logger: LoggerControl;

beforeAll(async () => {
	app = await createAppFixture();
	const control = path.join(app.repo.dir, 'key-logger.sock');
	const config = path.join(app.configDir, 'config.json');
	const {readFile, writeFile} = await import('node:fs/promises');
	const settings = JSON.parse(await readFile(config, 'utf8')) as {presets: Record<string, unknown>};
	settings.presets.logger = {command: process.execPath, args: [path.join(projectRoot, 'test/fixtures/key-logger.mjs'), '--control', control], promptMode: 'none'};
	await writeFile(config, JSON.stringify({...settings, defaultAgent: 'logger'}));
	term = app.start({cols: 120, rows: 40});
	await spawnSession(term, 'keys');
	await term.waitFor('key logger ready');
	logger = await LoggerControl.open(control);
});

afterAll(async () => {
	logger?.close();
	term?.kill();
	await app?.repo.cleanup();
});

/** Writes raw bytes into the outer terminal's input, as a terminal emulator sends keys and pastes. */
function type(bytes: Buffer | string): void {
	(term.process.write as (data: string | Buffer) => void)(bytes);
}

describe('bytes a program in a pane receives', () => {
	it('gets characters whose bytes arrive in separate reads whole', async () => {
		const pieces = [[0xf0, 0x9f], [0x98, 0x80], [0xc3], [0xa9, 0xe4, 0xb8], [0xad]];
		for (const piece of pieces) {
			type(Buffer.from(piece));
			// Each piece is its own read of the client's terminal.
			await new Promise(resolve => setTimeout(resolve, 40));
		}
		const expected = Buffer.from('😀é中', 'utf8');
		expect((await logger.receive(expected.length)).toString('hex')).toBe(expected.toString('hex'));
	});

	it('gets a 300 KB non-ASCII paste byte for byte', async () => {
		const text = 'é中😀 paste line\r'.repeat(Math.ceil((300 * 1024) / 24));
		const expected = Buffer.from(text, 'utf8');
		type(expected);
		const got = await logger.receive(expected.length, 60_000);
		expect(got.length).toBe(expected.length);
		expect(got.equals(expected)).toBe(true);
	});

	it('takes a prefix byte inside an unbracketed paste as pasted text', async () => {
		const paste = Buffer.from('one\u001Cgtwo\u001C\u001Cthree', 'utf8');
		type(paste);
		expect((await logger.receive(paste.length)).toString('hex')).toBe(paste.toString('hex'));
		await term.settle();
		expect(statusLine(term)).toContain('PANE');
	});

	it('tells a program that asked for focus reports when its pane loses the keyboard and gets it back', async () => {
		await logger.send('\u001B[?1004h');
		// Parsed in the pane once the grid mirrors the mode onto the outer terminal.
		await term.waitFor(() => term.term.modes.sendFocusMode);
		await logger.take();
		term.write('\u001Cg');
		await term.waitFor(() => statusLine(term).includes('GRID'));
		expect((await logger.receive(3)).toString('latin1')).toBe('\u001B[O');
		term.write('\r');
		await term.waitFor(() => statusLine(term).includes('PANE'));
		expect((await logger.receive(3)).toString('latin1')).toBe('\u001B[I');
		await logger.send('\u001B[?1004l');
		await term.waitFor(() => !term.term.modes.sendFocusMode);
		term.write('\u001Cg');
		await term.waitFor(() => statusLine(term).includes('GRID'));
		term.write('\r');
		await term.waitFor(() => statusLine(term).includes('PANE'));
		// Without mode 1004 nothing is reported; the next bytes are what is typed.
		type('z');
		expect((await logger.receive(1)).toString('latin1')).toBe('z');
	});
});
