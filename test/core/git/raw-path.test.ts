import {describe, expect, it} from 'vitest';
import {decodeGitOutput, displayPath, hasRawBytes, pathBytes, pathspecFor} from '../../../source/core/git/raw-path.js';

describe('file names as bytes', () => {
	it('decodes valid UTF-8 as usual and keeps every other byte recoverable', () => {
		const samples = [
			Buffer.from('plain/ünïcödé 🎉.txt'),
			Buffer.from([0x61, 0xFF, 0xFE, 0x62]),
			Buffer.from([0xC3, 0x28, 0xE2, 0x82, 0xF0, 0x9F, 0x98, 0x80, 0xED, 0xA0, 0x80, 0xC0, 0xAF]),
		];
		for (const bytes of samples) {
			expect(pathBytes(decodeGitOutput(bytes))).toEqual(bytes);
		}
		expect(decodeGitOutput(Buffer.from('plain/ünïcödé 🎉.txt'))).toBe('plain/ünïcödé 🎉.txt');
		expect(hasRawBytes('plain/ünïcödé 🎉.txt')).toBe(false);
		expect(hasRawBytes(decodeGitOutput(samples[1]!))).toBe(true);
		expect(JSON.parse(JSON.stringify(decodeGitOutput(samples[1]!)))).toBe(decodeGitOutput(samples[1]!));
	});

	it('shows a name on one line with escapes, leaving ordinary names alone', () => {
		expect(displayPath('src/app.ts')).toBe('src/app.ts');
		expect(displayPath('back\\slash.txt')).toBe('back\\slash.txt');
		expect(displayPath('a\nb\tc\u0001.txt')).toBe('a\\nb\\tc\\x01.txt');
		expect(displayPath(decodeGitOutput(Buffer.from([0x61, 0xFF, 0x5C])))).toBe('a\\xff\\\\');
	});

	it('spells a name that is not UTF-8 as a glob, other names literally', () => {
		expect(pathspecFor('a*b.txt')).toBe(':(literal)a*b.txt');
		expect(pathspecFor(decodeGitOutput(Buffer.from([0x2A, 0xFF, 0x2E])))).toBe(':(glob)\\*?.');
	});
});
