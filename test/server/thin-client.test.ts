/**
 * The attach client starts in tens of milliseconds because it loads none of the UI: no React, no Ink, no xterm, no
 * node:crypto, and no git library (the repository's files name the server on the common path; git is loaded only
 * when they cannot).
 * Checked on the real bundle: every module the client's path loads, statically, from the entry point through the
 * attach command's chunk.
 */
import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {projectRoot} from '../helpers/outer-terminal.js';

interface Metafile {
	outputs: Record<string, {imports: Array<{path: string; kind: string}>; inputs: Record<string, unknown>; entryPoint?: string}>;
}

async function loadedBy(meta: Metafile, start: string): Promise<Set<string>> {
	const seen = new Set<string>();
	const visit = (output: string) => {
		if (seen.has(output) || !meta.outputs[output]) return;
		seen.add(output);
		for (const imported of meta.outputs[output].imports) if (imported.kind === 'import-statement') visit(imported.path);
	};
	visit(start);
	return seen;
}

describe('the attach client', () => {
	it('loads no React, Ink, xterm or git library on its way to the server', async () => {
		const meta = JSON.parse(await readFile(path.join(projectRoot, 'dist/bundle/meta.json'), 'utf8')) as Metafile;
		const outputs = Object.keys(meta.outputs);
		const entry = outputs.find(name => name.endsWith('/agentgrid.mjs'))!;
		const attach = outputs.find(name => Object.keys(meta.outputs[name].inputs).some(input => input.endsWith('source/commands/attach.ts')))!;
		expect(entry).toBeDefined();
		expect(attach).toBeDefined();
		const loaded = new Set([...(await loadedBy(meta, entry)), ...(await loadedBy(meta, attach))]);
		const inputs = [...loaded].flatMap(output => Object.keys(meta.outputs[output].inputs));
		expect(inputs.some(input => input.endsWith('source/server/attach-client.ts'))).toBe(true);
		const heavy = inputs.filter(input => /node_modules\/(react|ink|@xterm|yoga-layout|react-reconciler|simple-git)\//.test(input) || input.includes('source/ui/grid-app'));
		expect(heavy).toEqual([]);
		// Nor node:crypto, whose loading costs an attach a few milliseconds.
		expect([...loaded].flatMap(output => meta.outputs[output].imports.map(imported => imported.path)).filter(name => name === 'node:crypto' || name === 'crypto')).toEqual([]);
		// And the server's chunk does have them, so the check looks at the right thing.
		const server = outputs.find(name => Object.keys(meta.outputs[name].inputs).some(input => input.endsWith('source/server/server.ts')))!;
		const serverInputs = [...(await loadedBy(meta, server))].flatMap(output => Object.keys(meta.outputs[output].inputs));
		expect(serverInputs.some(input => input.includes('node_modules/ink/'))).toBe(true);
	});

	it('the server loads yoga\'s wasm without fetch (which would load undici to decode a data: URL)', async () => {
		const meta = JSON.parse(await readFile(path.join(projectRoot, 'dist/bundle/meta.json'), 'utf8')) as Metafile;
		const yoga = Object.keys(meta.outputs).find(name => Object.keys(meta.outputs[name].inputs).some(input => input.endsWith('yoga-wasm-base64-esm.js')))!;
		const code = await readFile(path.join(projectRoot, yoga), 'utf8');
		expect(code).toContain('typeof yogaHasNoFetch');
		expect(code).not.toContain('typeof fetch');
	});
});
