import {describe, expect, it} from 'vitest';
import {COLOR_PALETTE16, COLOR_PALETTE256, COLOR_RGB} from '../../../source/core/terminal/cells.js';
import {colorForDepth, paletteRgb, rgbTo16, rgbTo256} from '../../../source/core/terminal/color-depth.js';

/** The nearest of the 240 cube and grey entries, by brute force: what rgbTo256 must agree with (ties aside). */
function nearest256(rgb: number): number {
	const d = (a: number, b: number) => ((a >>> 16) - (b >>> 16)) ** 2 + (((a >>> 8) & 255) - ((b >>> 8) & 255)) ** 2 + ((a & 255) - (b & 255)) ** 2;
	let best = 16;
	for (let i = 16; i < 256; i++) if (d(paletteRgb(i), rgb) < d(paletteRgb(best), rgb)) best = i;
	return best;
}

describe('colours for a terminal with fewer of them', () => {
	it('maps colours of the cube and the grey ramp onto themselves', () => {
		for (let index = 16; index < 256; index++) expect(rgbTo256(paletteRgb(index)), `entry ${index}`).toBe(index);
	});

	it('picks the cube colour or the grey, whichever is nearer', () => {
		expect(rgbTo256(0xFF0000)).toBe(196);
		expect(rgbTo256(0x808080)).toBe(244);
		expect(rgbTo256(0x1E1E2E)).toBe(235);
		expect(rgbTo256(0xFFFFFF)).toBe(231);
		expect(rgbTo256(0x000000)).toBe(16);
		expect(rgbTo256(0xD75F00)).toBe(166);
		// Within a few units of the brute-force nearest for a spread of colours (tmux's pick differs only near ties).
		const dist = (a: number, b: number) => Math.hypot((a >>> 16) - (b >>> 16), ((a >>> 8) & 255) - ((b >>> 8) & 255), (a & 255) - (b & 255));
		for (let rgb = 0; rgb < 0xFFFFFF; rgb += 0x0F0F0B) {
			expect(dist(paletteRgb(rgbTo256(rgb)), rgb) - dist(paletteRgb(nearest256(rgb)), rgb), rgb.toString(16)).toBeLessThan(12);
		}
	});

	it('picks the nearest of the 16 ANSI colours', () => {
		expect(rgbTo16(0xFF0000)).toBe(9);
		expect(rgbTo16(0xC00000)).toBe(1);
		expect(rgbTo16(0x101010)).toBe(0);
		expect(rgbTo16(0xFAFAFA)).toBe(15);
		expect(rgbTo16(0xE0E0E0)).toBe(7);
		expect(rgbTo16(0x5F87FF)).toBe(12);
		expect(rgbTo16(0xFF69B4)).toBe(5);
	});

	it('converts cell colours by depth and leaves what the terminal can show alone', () => {
		const red = COLOR_RGB | 0xFF0000;
		expect(colorForDepth(red, 'truecolor')).toBe(red);
		expect(colorForDepth(red, '256')).toBe(COLOR_PALETTE256 | 196);
		expect(colorForDepth(red, '16')).toBe(COLOR_PALETTE16 | 9);
		// Asked again: the cached answer is the same.
		expect(colorForDepth(red, '256')).toBe(COLOR_PALETTE256 | 196);
		expect(colorForDepth(COLOR_PALETTE256 | 196, '256')).toBe(COLOR_PALETTE256 | 196);
		expect(colorForDepth(COLOR_PALETTE256 | 196, '16')).toBe(COLOR_PALETTE16 | 9);
		expect(colorForDepth(COLOR_PALETTE256 | 4, '16')).toBe(COLOR_PALETTE16 | 4);
		expect(colorForDepth(COLOR_PALETTE16 | 3, '16')).toBe(COLOR_PALETTE16 | 3);
		expect(colorForDepth(0, '16')).toBe(0);
	});

	it('keeps answering right past the cache limit', () => {
		for (let value = 0; value < 10_000; value++) colorForDepth(COLOR_RGB | (value * 1021), '256');
		expect(colorForDepth(COLOR_RGB | 0x808080, '256')).toBe(COLOR_PALETTE256 | 244);
	});
});
