/**
 * Changes to dependencies' code as the bundle is built, each for a cost at start-up; each fails the build when the
 * code it changes is no longer there, rather than going quietly without it. And one check of what the build wrote.
 */
import {readFile} from 'node:fs/promises';
import path from 'node:path';
import process from 'node:process';

/**
 * Yoga's Emscripten loader reads its own embedded wasm through `fetch` of a data: URL whenever `fetch` exists, which
 * in Node loads undici to decode it: about 45 ms of every server start. Told there is no fetch, it decodes the same
 * base64 itself (its other path), in a few milliseconds.
 */
export const yogaWithoutFetch = {
	name: 'yoga-without-fetch',
	setup(builder) {
		builder.onLoad({filter: /yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/}, async args => {
			const source = await readFile(args.path, 'utf8');
			const patched = source.replaceAll('typeof fetch', 'typeof yogaHasNoFetch');
			if (patched === source) throw new Error(`${args.path}: no fetch check found; see yogaWithoutFetch in scripts/bundle-plugins.mjs`);
			return {contents: patched, loader: 'js'};
		});
	},
};

/**
 * string-width (under Ink) builds `/^\p{RGI_Emoji}$/v` as it loads and tests every non-ASCII cluster with it: V8
 * takes 15–30 ms to build that expression and as long again to compile it on its first test, all on the server's
 * path to its first frame (the grid's borders are not ASCII). Only a cluster holding an Emoji code point can be an
 * RGI emoji (every RGI sequence holds one), so the expression is built and run only for those: same widths. Digits,
 * # and * are Emoji code points too, and every frame has digits; of the RGI sequences built from them, all are
 * keycaps, which end in U+20E3, so the filter takes the other Emoji code points and U+20E3.
 */
export const rgiEmojiOnDemand = {
	name: 'rgi-emoji-on-demand',
	setup(builder) {
		builder.onLoad({filter: /[\\/]string-width[\\/]index\.js$/}, async args => {
			const source = await readFile(args.path, 'utf8');
			const eager = 'const rgiEmojiRegex = /^\\p{RGI_Emoji}$/v;';
			const onDemand = 'const mayBeEmoji = /(?![#*\\d])\\p{Emoji}|\\u20E3/u;\nlet rgiEmojiBuilt;\nconst rgiEmojiRegex = {test: segment => mayBeEmoji.test(segment) && (rgiEmojiBuilt ??= /^\\p{RGI_Emoji}$/v).test(segment)};';
			if (!source.includes(eager)) throw new Error(`${args.path}: no eager RGI_Emoji expression found; see rgiEmojiOnDemand in scripts/bundle-plugins.mjs`);
			return {contents: source.replace(eager, () => onDemand), loader: 'js'};
		});
	},
};

/**
 * esbuild escapes what is not ASCII in strings but leaves it in regular expressions, and one character beyond Latin-1
 * makes V8 hold the whole chunk's source at two bytes a character for as long as the process runs (a megabyte more in
 * every server). Patterns write glyphs as \u escapes; this fails the build, naming the output, when one does not.
 * ASCII, not Latin-1, is the rule: simpler to keep, and what esbuild makes of everything else.
 */
export const asciiOnly = {
	name: 'ascii-only',
	setup(builder) {
		// The metafile names what was written (paths relative to the working directory).
		builder.initialOptions.metafile = true;
		const root = builder.initialOptions.absWorkingDir ?? process.cwd();
		builder.onEnd(async result => {
			// A build that writes nothing (write: false) has its output in memory only.
			const outputs = result.outputFiles
				? result.outputFiles.map(file => ({name: path.relative(root, file.path), text: async () => file.text}))
				: Object.keys(result.metafile?.outputs ?? {}).map(name => ({name, text: async () => readFile(path.resolve(root, name), 'utf8')}));
			const errors = [];
			for (const output of outputs.filter(({name}) => /\.[cm]?js$/.test(name))) {
				const text = await output.text();
				const at = text.search(/[^\0-\x7f]/);
				if (at === -1) continue;
				errors.push({text: `${output.name} holds a character outside ASCII (a glyph in a regular expression? write it as a \\u escape): ${JSON.stringify(text.slice(Math.max(0, at - 60), at + 20))}`});
			}
			return {errors};
		});
	},
};
