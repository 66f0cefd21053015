import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {pathToFileURL} from 'node:url';
import {build} from 'esbuild';
import stringWidth from 'string-width';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {asciiOnly, rgiEmojiOnDemand} from '../scripts/bundle-plugins.mjs';

/** Every cluster kind string-width treats apart, and every code point of the blocks the grid and agents draw with. */
function samples(): string[] {
	const out: string[] = [];
	const ranges: Array<[number, number]> = [[0x20, 0x2FFF], [0x3000, 0x33FF], [0xAC00, 0xAC80], [0xFE00, 0xFFFF], [0x1F000, 0x1FAFF]];
	for (const [from, to] of ranges) {
		for (let code = from; code <= to; code++) {
			const char = String.fromCodePoint(code);
			// Alone, asking for emoji presentation, and inside text.
			out.push(char, `${char}\uFE0F`, `a${char}b`);
		}
	}
	out.push(
		'#\uFE0F\u20E3', '1\u20E3', '*\u20E3', // keycaps, qualified and not
		'\u{1F1EF}\u{1F1F5}', '\u{1F1EF}', // a flag and a lone regional indicator
		'\u{1F3F4}\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}', // a tag sequence (Scotland)
		'\u{1F44B}\u{1F3FD}', '\u{1F3FD}', // a skin tone, and the modifier alone
		'\u{1F469}\u200D\u{1F4BB}', '\u{1F468}\u200D\u{1F469}\u200D\u{1F467}', '\u{1F3F3}\uFE0F\u200D\u{1F308}', // ZWJ sequences
		'\u2764\u200D\u{1F525}', '\u{1F9D1}\u200D\u{1F91D}\u200D\u{1F9D1}',
		'\u1100\u1161\u11A8', 'e\u0301', '\u0915\u094D\u0937', // Hangul jamo, a combining accent, a conjunct
		'─│┌┐└┘▸●✓✗…', '日本語テキスト', '\u001B[31mred\u001B[0m ✓',
	);
	return out;
}

describe('the bundle\'s string-width (rgi-emoji-on-demand)', () => {
	let dir: string;
	let patched: (text: string) => number;
	let bundled: string;

	beforeAll(async () => {
		dir = await mkdtemp(path.join(tmpdir(), 'agentgrid-plugin-'));
		const result = await build({
			stdin: {contents: "export {default} from 'string-width';", resolveDir: process.cwd(), loader: 'js'},
			bundle: true,
			write: false,
			format: 'esm',
			platform: 'node',
			target: 'node22',
			plugins: [rgiEmojiOnDemand],
			logLevel: 'silent',
		});
		bundled = result.outputFiles[0]!.text;
		const file = path.join(dir, 'string-width.mjs');
		await writeFile(file, bundled);
		patched = ((await import(pathToFileURL(file).href)) as {default: (text: string) => number}).default;
	});
	afterAll(async () => rm(dir, {recursive: true, force: true}));

	it('builds the emoji expression only on demand', () => {
		// Whatever form the bundler gives the expression, there is one, and it is built behind the `??=`.
		const built = bundled.split('\n').filter(line => line.includes('RGI_Emoji'));
		expect(built).toHaveLength(1);
		expect(built[0]).toMatch(/mayBeEmoji\.test\(segment\) && \(rgiEmojiBuilt \?\?= /u);
	});

	it('gives every sample the width string-width itself gives', () => {
		const all = samples();
		const differing = all.filter(text => patched(text) !== stringWidth(text)).map(text => `${JSON.stringify(text)}: ${patched(text)} vs ${stringWidth(text)}`);
		expect(all.length).toBeGreaterThan(50_000);
		expect(differing).toEqual([]);
	});
});

describe('the bundle stays ASCII (ascii-only)', () => {
	let dir: string;
	beforeAll(async () => {
		dir = await mkdtemp(path.join(tmpdir(), 'agentgrid-plugin-'));
	});
	afterAll(async () => rm(dir, {recursive: true, force: true}));

	// As the app is built: ES modules named .mjs, written to disk; or kept in memory.
	async function bundle(source: string, write = true) {
		const entry = path.join(dir, 'entry.js');
		await writeFile(entry, source);
		return build({entryPoints: [entry], outdir: path.join(dir, 'out'), outExtension: {'.js': '.mjs'}, write, bundle: true, format: 'esm', platform: 'node', plugins: [asciiOnly], logLevel: 'silent'});
	}

	const glyphInPattern = 'export const failed = /^\\s*(?:FAIL|\u2717)\\s/;';
	const failureOf = async (built: Promise<unknown>) => built.then(() => undefined, (error: unknown) => (error as {errors: Array<{text: string}>}).errors.map(each => each.text));

	it('fails the build at a glyph in a regular expression, which esbuild leaves as it is, and names the output file', async () => {
		expect(await failureOf(bundle(glyphInPattern))).toEqual([expect.stringMatching(/out[\\/]entry\.mjs holds a character outside ASCII .*FAIL\|\u2717/su)]);
	});

	it('checks a build that keeps its output in memory too', async () => {
		expect(await failureOf(bundle(glyphInPattern, false))).toEqual([expect.stringMatching(/out[\\/]entry\.mjs holds a character outside ASCII/u)]);
	});

	it('passes glyphs in strings, which esbuild escapes, and escaped glyphs in patterns', async () => {
		const result = await bundle('export const mark = "\u2717 failed"; export const failed = /^\\s*(?:FAIL|\\u2717)\\s/;');
		expect(result.errors).toEqual([]);
		const {failed, mark} = (await import(pathToFileURL(path.join(dir, 'out', 'entry.mjs')).href)) as {failed: RegExp; mark: string};
		expect(failed.test('  \u2717 test one')).toBe(true);
		expect(mark).toBe('\u2717 failed');
	});
});
