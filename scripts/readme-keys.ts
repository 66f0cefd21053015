/**
 * Prints the README's key table, generated from the keymap, or with --write puts it into README.md between the
 * markers below. A test fails when README.md's table is not what this generates.
 *
 *   node --import tsx scripts/readme-keys.ts [--write]
 */
import {readFile, writeFile} from 'node:fs/promises';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {buildKeymap, keyTableMarkdown} from '../source/ui/keymap/index.js';

export const startMarker = '<!-- keys:start -->';
export const endMarker = '<!-- keys:end -->';
export const readmePath = fileURLToPath(new URL('../README.md', import.meta.url));

/** What belongs between the markers, for the default key bindings. */
export function keySection(): string {
	const keymap = buildKeymap();
	return [
		`Pane-mode keys are pressed after the prefix, \`${keymap.prefix.label}\` by default (configurable).`,
		'',
		keyTableMarkdown(keymap),
	].join('\n');
}

/** The README with its key section replaced; undefined when it has no (well-ordered) markers. */
export function withKeySection(readme: string, section: string): string | undefined {
	const start = readme.indexOf(startMarker);
	const end = readme.indexOf(endMarker);
	if (start === -1 || end === -1 || end < start) return undefined;
	return `${readme.slice(0, start + startMarker.length)}\n${section}\n${readme.slice(end)}`;
}

async function main(argv: string[]): Promise<number> {
	const section = keySection();
	if (!argv.includes('--write')) {
		console.log(section);
		return 0;
	}
	const readme = await readFile(readmePath, 'utf8');
	const updated = withKeySection(readme, section);
	if (updated === undefined) {
		console.error(`README.md has no ${startMarker} ... ${endMarker} markers to put the key table between.`);
		return 1;
	}
	if (updated !== readme) await writeFile(readmePath, updated);
	console.log(updated === readme ? 'README.md key table is current.' : 'README.md key table updated.');
	return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
	process.exitCode = await main(process.argv.slice(2));
}
