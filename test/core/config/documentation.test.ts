import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {repositorySettingsSchema} from '../../../source/core/config/repository-settings-schema.js';
import {userSettingsProperties, userSettingsSchema} from '../../../source/core/config/user-settings-schema.js';
import {validateAgainstSchema} from '../../../source/core/config/validate.js';

const documentation = await readFile(path.join(import.meta.dirname, '../../../docs/configuration.md'), 'utf8');

/** The first ```json block after `heading`. */
function exampleAfter(heading: string): unknown {
	const start = documentation.indexOf(heading);
	expect(start, heading).toBeGreaterThan(-1);
	const block = /```json\n([\s\S]*?)\n```/u.exec(documentation.slice(start));
	return JSON.parse(block![1]);
}

describe('docs/configuration.md', () => {
	it('documents every user setting and every repository key', () => {
		for (const key of [...Object.keys(userSettingsProperties), ...Object.keys(repositorySettingsSchema.properties!)]) {
			expect(documentation, key).toContain(`\`${key}\``);
		}
	});

	it('has examples that are valid settings', () => {
		expect(validateAgainstSchema(exampleAfter('### Example `config.json`'), userSettingsSchema)).toEqual([]);
		expect(validateAgainstSchema(exampleAfter('### Complete example'), repositorySettingsSchema)).toEqual([]);
	});
});
