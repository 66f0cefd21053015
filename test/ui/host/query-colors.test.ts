import {PassThrough} from 'node:stream';
import {describe, expect, it} from 'vitest';
import {fallbackColors, parseTerminalFacts, queryOuterTerminal} from '../../../source/ui/host/query-colors.js';

describe('what the outer terminal says about itself', () => {
	it('reads colours, styled underlines and the kitty protocol from the answers of a terminal that has them', () => {
		const facts = parseTerminalFacts('\x1b]10;rgb:ffff/ffff/ffff\x1b\\\x1b]11;rgb:1e1e/1e1e/2e2e\x07\x1bP1+r536d756c78=5c455b...\x1b\\\x1b[?0u\x1b[?62;22c');
		expect(facts).toEqual({colors: {foreground: '#ffffff', background: '#1e1e2e'}, underlineStyles: true, kittyKeyboard: true});
	});

	it('leaves unsaid what a terminal did not answer, and takes a refused capability as refused', () => {
		expect(parseTerminalFacts('\x1b[?1;2c')).toEqual({colors: undefined, underlineStyles: undefined, kittyKeyboard: undefined});
		expect(parseTerminalFacts('\x1bP0+r536d756c78\x1b\\\x1b[?1;2c').underlineStyles).toBe(false);
	});

	it('asks every question before DA1 and stops at its answer', async () => {
		const input = new PassThrough();
		let asked = '';
		const facts = queryOuterTerminal(input, data => {
			asked += data;
			input.write('\x1bP1+r536d756c78=31\x1b\\\x1b[?1;2c');
		}, 5000);
		expect(await facts).toEqual({colors: undefined, underlineStyles: true, kittyKeyboard: undefined});
		expect(asked.endsWith('\x1b[c')).toBe(true);
		expect(asked).toContain('\x1b]10;?');
		expect(asked).toContain('\x1bP+q536d756c78\x1b\\');
		expect(asked).toContain('\x1b[?u');
	});
});

describe('colours for a terminal that does not answer', () => {
	it('follows COLORFGBG, then the setting', () => {
		expect(fallbackColors('0;15', 'dark')).toEqual({foreground: '#000000', background: '#ffffff'});
		expect(fallbackColors('15;default;0', 'light')).toEqual({foreground: '#ffffff', background: '#000000'});
		expect(fallbackColors(undefined, 'light')).toEqual({foreground: '#000000', background: '#ffffff'});
		expect(fallbackColors('garbage', '#112233/#FFEEDD')).toEqual({foreground: '#112233', background: '#ffeedd'});
		expect(fallbackColors(undefined, 'dark')).toEqual({foreground: '#d0d0d0', background: '#000000'});
	});
});
