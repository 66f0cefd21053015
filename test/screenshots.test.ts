/**
 * The README's screenshots must show the app as it is: each picture carries its screen as text (`<desc>`), and every
 * key hint in its status bar, and every row of the help overlay, must still be what the keymap produces. A renamed
 * label, a rebound default or a removed command makes this fail until `npm run screenshots` is run again.
 */
import {readdir, readFile} from 'node:fs/promises';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {buildKeymap} from '../source/ui/keymap/keymap.js';
import {everyHint, keysOf} from '../source/ui/keymap/present.js';
import {isCommandId} from '../source/ui/keymap/commands.js';

const root = path.join(import.meta.dirname, '..');
const directory = path.join(root, 'screenshots');
const keymap = buildKeymap();

const unescape = (text: string) => text.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');

async function screenText(name: string): Promise<string[]> {
	const svg = await readFile(path.join(directory, name), 'utf8');
	const desc = /<desc>([\s\S]*?)<\/desc>/.exec(svg);
	if (!desc) throw new Error(`${name} has no screen text: regenerate it with npm run screenshots`);
	return unescape(desc[1]).split('\n');
}

/** The hints of a status bar: after the mode and the prefix, before the counters and the repository name. */
function barHints(bar: string): string[] {
	const pieces = bar.trim().split(/ {2,}/);
	return pieces.slice(1).filter(piece => !piece.startsWith('prefix ') && !/^[◆Σ]/.test(piece) && !piece.endsWith(' then:')).slice(0, -1);
}

describe('screenshots', async () => {
	const names = (await readdir(directory)).filter(name => name.endsWith('.svg')).sort();
	const readme = await readFile(path.join(root, 'README.md'), 'utf8');
	const script = await readFile(path.join(root, 'scripts/screenshots.ts'), 'utf8');

	it('are the ones the script writes, and the README shows each of them', () => {
		const written = [...script.matchAll(/'([\w-]+\.svg)'/g)].map(match => match[1]).sort();
		expect(names).toEqual([...new Set(written)].sort());
		for (const name of names) expect(readme).toContain(`(screenshots/${name})`);
	});

	it.each(names)('%s shows only key hints the keymap still produces', async name => {
		const known = new Set(everyHint(keymap));
		const hints = barHints((await screenText(name)).at(-1)!);
		expect(hints.length).toBeGreaterThan(0);
		expect(hints.filter(hint => !known.has(hint))).toEqual([]);
	});

	it('help.svg lists each command with its current keys and description', async () => {
		const rows = (await screenText('help.svg')).map(line => line.replace(/^[│|]\s?|\s?[│|]$/g, '').trim());
		let checked = 0;
		for (const row of rows) {
			// Two columns of sections side by side: each entry is keys, description, command id.
			const columns = row.split(/ {2,}/);
			columns.forEach((id, index) => {
				if (index < 2 || !isCommandId(id)) return;
				const [keys, description] = columns.slice(index - 2, index);
				expect(keys, id).toBe(keysOf(keymap, id));
				// A long description is cut at its column's edge; what is shown must be its beginning.
				expect(keymap.command(id).description.startsWith(description.replace(/…$/, '')), `${id}: "${description}"`).toBe(true);
				checked++;
			});
		}
		expect(checked).toBeGreaterThan(10);
	});
});
