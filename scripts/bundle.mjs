/**
 * Builds the app from its TypeScript sources into a few ES modules (type checks are `npm run typecheck`'s job, so a
 * build takes seconds): resolving and loading hundreds of small modules (Ink, React, yoga,
 * xterm) is most of the start-up time. Code splitting keeps what each dynamic import() needs in its own chunk, so
 * the attach client loads none of the UI: React, Ink and xterm live in the server's chunks only. node-pty stays
 * external (native code). The metafile lets a test check which packages each path loads.
 */
import {build} from 'esbuild';
import {rm, writeFile} from 'node:fs/promises';
import {fileURLToPath} from 'node:url';
import {asciiOnly, rgiEmojiOnDemand, yogaWithoutFetch} from './bundle-plugins.mjs';

// Chunk names carry content hashes: an old build's chunks would otherwise stay and be packed.
await rm('dist/bundle', {recursive: true, force: true});
const result = await build({
	// The git thread is an entry of its own: a worker thread starts from a file (see git-thread.ts).
	entryPoints: {'agentgrid': 'source/cli.tsx', 'git-worker': 'source/core/git/git-worker.ts'},
	outdir: 'dist/bundle',
	splitting: true,
	metafile: true,
	chunkNames: '[name]-[hash]',
	outExtension: {'.js': '.mjs'},
	bundle: true,
	platform: 'node',
	format: 'esm',
	target: 'node22',
	jsx: 'automatic',
	sourcemap: 'linked',
	tsconfig: 'tsconfig.json',
	external: ['@lydell/node-pty'],
	// Ink loads React DevTools only when DEV is set; the bundle ships without it.
	alias: {'react-devtools-core': fileURLToPath(new URL('./no-devtools.mjs', import.meta.url))},
	banner: {js: "import {createRequire as __createRequire} from 'node:module'; const require = __createRequire(import.meta.url);"},
	define: {'process.env.NODE_ENV': '"production"'},
	legalComments: 'none',
	// V8 keeps each module's source text in the heap for as long as the process runs; without its whitespace (and, see
	// asciiOnly, at one byte a character) a server holds less. Whitespace only: names stay as written, so a stack trace
	// names the same functions (its positions are columns of one long line).
	minifyWhitespace: true,
	plugins: [yogaWithoutFetch, rgiEmojiOnDemand, asciiOnly],
	logLevel: 'warning',
});
await writeFile('dist/bundle/meta.json', JSON.stringify(result.metafile));
