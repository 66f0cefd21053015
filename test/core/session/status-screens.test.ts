import {readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import {builtInPresets} from '../../../source/core/session/presets.js';
import {StatusTracker} from '../../../source/core/session/status.js';

const screensDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/screens');
const presets = new Map(builtInPresets({SHELL: '/bin/bash'}).map(preset => [preset.name, preset]));
const cases = readdirSync(screensDir, {withFileTypes: true})
	.filter(entry => entry.isDirectory())
	.flatMap(entry => readdirSync(path.join(screensDir, entry.name))
		.filter(file => file.endsWith('.txt'))
		.map(file => ({preset: entry.name, file, expected: file.split('-')[0]!})));

/** The screen as the terminal reports it: 24 rows, blank rows below the content. */
function loadScreen(preset: string, file: string): string[] {
	const rows = readFileSync(path.join(screensDir, preset, file), 'utf8').replace(/\n$/, '').split('\n');
	while (rows.length < 24) {
		rows.push('');
	}

	return rows;
}

describe('recorded screens', () => {
	it('cover every built-in preset with busy, waiting and idle screens', () => {
		for (const name of presets.keys()) {
			const kinds = new Set(cases.filter(c => c.preset === name).map(c => c.expected));
			expect([...kinds].sort(), name).toEqual(name === 'shell' ? ['idle'] : ['busy', 'idle', 'waiting']);
		}
	});

	for (const {preset: name, file, expected} of cases) {
		it(`${name}/${file} reads as ${expected}`, () => {
			const preset = presets.get(name)!;
			const rows = loadScreen(name, file);
			const tracker = new StatusTracker(preset.status, 0);
			tracker.output(100);
			tracker.screen(rows, 100);
			if (expected === 'busy') {
				expect(tracker.tick(200) ?? tracker.status).toMatchObject({kind: 'busy'});
				expect(tracker.status.kind).toBe('busy');
				// Stale: the same busy text, unchanged past the stale period, must not stay busy.
				const staleAt = 100 + preset.status.staleAfterMs + (preset.status.activityBusyMs ?? 0);
				expect(tracker.nextCheckAt(200)).toBeLessThanOrEqual(100 + preset.status.staleAfterMs);
				tracker.screen(rows, staleAt);
				expect(tracker.status).toMatchObject({kind: 'idle', reason: 'busy text went stale'});
			} else {
				tracker.tick(1200);
				expect(tracker.status.kind).toBe(expected);
				// Time alone does not change a question or an idle prompt.
				tracker.tick(60_000);
				expect(tracker.status.kind).toBe(expected);
			}
		});
	}
});
