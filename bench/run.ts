/**
 * `npm run bench [-- name ...]` runs every bench/<name>.bench.ts (or only the named ones) in turn.
 * Each bench module exports `run(): Promise<void>` and prints its own figures; nothing here asserts on time.
 */
import {readdir} from 'node:fs/promises';
import {fileURLToPath, pathToFileURL} from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const available = (await readdir(here)).filter(f => f.endsWith('.bench.ts')).map(f => f.slice(0, -'.bench.ts'.length)).sort();
const wanted = process.argv.slice(2);
const unknown = wanted.filter(name => !available.includes(name));
if (unknown.length > 0) {
	console.error(`unknown bench: ${unknown.join(', ')}; available: ${available.join(', ')}`);
	process.exit(2);
}
for (const name of wanted.length > 0 ? wanted : available) {
	console.log(`\n== ${name} ==`);
	const module = (await import(pathToFileURL(path.join(here, `${name}.bench.ts`)).href)) as {run: () => Promise<void>};
	await module.run();
}
