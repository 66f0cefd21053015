import {describe, expect, it} from 'vitest';
import {AgentgridError} from '../../../source/core/errors.js';
import {defaultPrefix, parsePrefix} from '../../../source/ui/keymap/index.js';

function failure(spec: string): AgentgridError {
	try {
		parsePrefix(spec);
	} catch (error) {
		if (error instanceof AgentgridError) return error;
		throw error;
	}
	throw new Error(`${spec} was accepted`);
}

describe('parsePrefix', () => {
	it('defaults to Ctrl+\\, byte 0x1c, with no warning', () => {
		expect(parsePrefix(defaultPrefix)).toEqual({key: 'C-\\', byte: 0x1c, label: 'Ctrl+\\'});
		expect(parsePrefix('C-\\')).toEqual({key: 'C-\\', byte: 0x1c, label: 'Ctrl+\\'});
	});

	it('accepts Ctrl with ] ^ _ and quiet letters, in either notation', () => {
		expect(parsePrefix('C-]')).toEqual({key: 'C-]', byte: 0x1d, label: 'Ctrl+]'});
		expect(parsePrefix('Ctrl+^').byte).toBe(0x1e);
		expect(parsePrefix('ctrl-_').byte).toBe(0x1f);
		expect(parsePrefix('C-Y').byte).toBe(0x19);
		expect(parsePrefix('C-\\').warning).toBeUndefined();
	});

	it('warns for keys that agents, readline or multiplexers use', () => {
		const b = parsePrefix('C-b');
		expect(b.byte).toBe(0x02);
		expect(b.warning).toMatch(/tmux/);
		expect(b.warning).toMatch(/Claude Code/);
		expect(parsePrefix('C-a').warning).toMatch(/screen/);
		expect(parsePrefix('C-r').warning).toMatch(/history search/);
		expect(parsePrefix('C-o').warning).toMatch(/Claude Code/);
	});

	it('refuses keys that would break every agent, saying why', () => {
		expect(failure('C-c').message).toMatch(/interrupts/);
		expect(failure('C-d').message).toMatch(/end of input/);
		expect(failure('C-z').message).toMatch(/suspends/);
		expect(failure('C-m').message).toMatch(/Enter/);
		expect(failure('C-i').message).toMatch(/Tab/);
		expect(failure('C-h').message).toMatch(/Backspace/);
		expect(failure('C-q').message).toMatch(/WSL/);
		expect(failure('C-s').code).toBe('prefix-reserved');
	});

	it('refuses keys that are not a single control byte', () => {
		for (const spec of ['a', 'M-a', 'C-M-a', 'F1', 'C-up', 'C-1', 'C-S-a', 'nonsense', '']) {
			const error = failure(spec);
			expect(error.code, spec).toBe('prefix-invalid');
			expect(error.hint).toMatch(/C-\\/);
		}
	});
});
