import {readFile} from 'node:fs/promises';
import {describe, expect, it} from 'vitest';
import {endMarker, keySection, readmePath, startMarker, withKeySection} from '../../../scripts/readme-keys.js';

describe('README key table', () => {
	it('is what the keymap generates (run `node --import tsx scripts/readme-keys.ts --write` after changing keys)', async () => {
		const readme = await readFile(readmePath, 'utf8');
		const current = withKeySection(readme, keySection());
		if (current === undefined) {
			// No markers yet: nothing to keep current, but the table must still render.
			expect(keySection()).toContain('| Where | Keys | What it does |');
			return;
		}
		expect(readme).toBe(current);
	});

	it('replaces only what lies between the markers', () => {
		const readme = `# Title\n\n${startMarker}\nold table\n${endMarker}\n\nAfter.\n`;
		expect(withKeySection(readme, 'NEW')).toBe(`# Title\n\n${startMarker}\nNEW\n${endMarker}\n\nAfter.\n`);
		expect(withKeySection(withKeySection(readme, 'NEW')!, 'NEW')).toBe(withKeySection(readme, 'NEW'));
		expect(withKeySection('# No markers\n', 'NEW')).toBeUndefined();
		expect(withKeySection(`${endMarker}\n${startMarker}\n`, 'NEW')).toBeUndefined();
	});
});
