/**
 * Bundles the compiled app into one ES module: resolving and loading hundreds of small modules (Ink, React, yoga,
 * xterm) is most of the start-up time. node-pty stays external (native code).
 */
import {build} from 'esbuild';
import {fileURLToPath} from 'node:url';

await build({
	entryPoints: ['dist/cli.js'],
	outfile: 'dist/agentgrid.mjs',
	bundle: true,
	platform: 'node',
	format: 'esm',
	target: 'node22',
	external: ['@lydell/node-pty'],
	// Ink loads React DevTools only when DEV is set; the bundle ships without it.
	alias: {'react-devtools-core': fileURLToPath(new URL('./no-devtools.mjs', import.meta.url))},
	banner: {js: "import {createRequire as __createRequire} from 'node:module'; const require = __createRequire(import.meta.url);"},
	define: {'process.env.NODE_ENV': '"production"'},
	legalComments: 'none',
	logLevel: 'warning',
});
