/**
 * Colours for an outer terminal with fewer of them than the cells hold: truecolour down to the 256-colour palette
 * (the 6x6x6 cube or the grey ramp, whichever is nearer, the way tmux picks), and anything down to the 16 ANSI
 * colours (the nearest of xterm's 16). Conversions are cached: an agent's screen uses a handful of colours over and
 * over, and every composed row asks again.
 */
import {COLOR_MODE_MASK, COLOR_PALETTE16, COLOR_PALETTE256, COLOR_RGB, COLOR_VALUE_MASK} from './cells.js';

/** How many colours the outer terminal shows. */
export type ColorDepth = 'truecolor' | '256' | '16';

const cubeLevels = [0, 0x5F, 0x87, 0xAF, 0xD7, 0xFF];

const ansi16 = [
	0x000000, 0xCD0000, 0x00CD00, 0xCDCD00, 0x0000EE, 0xCD00CD, 0x00CDCD, 0xE5E5E5,
	0x7F7F7F, 0xFF0000, 0x00FF00, 0xFFFF00, 0x5C5CFF, 0xFF00FF, 0x00FFFF, 0xFFFFFF,
];

function distance(r: number, g: number, b: number, rgb: number): number {
	const dr = r - (rgb >>> 16);
	const dg = g - ((rgb >>> 8) & 0xFF);
	const db = b - (rgb & 0xFF);
	return dr * dr + dg * dg + db * db;
}

/** The cube level (0-5) nearest to a channel value. */
function cubeIndex(value: number): number {
	if (value < 48) return 0;
	if (value < 114) return 1;
	return Math.trunc((value - 35) / 40);
}

/** The 256-palette index (16-255) nearest to 0xRRGGBB: its cube colour, unless the nearest grey is closer. */
export function rgbTo256(rgb: number): number {
	const r = rgb >>> 16;
	const g = (rgb >>> 8) & 0xFF;
	const b = rgb & 0xFF;
	const qr = cubeIndex(r);
	const qg = cubeIndex(g);
	const qb = cubeIndex(b);
	const cube = 16 + 36 * qr + 6 * qg + qb;
	const cubeRgb = (cubeLevels[qr] << 16) | (cubeLevels[qg] << 8) | cubeLevels[qb];
	if (cubeRgb === rgb) return cube;
	const average = Math.trunc((r + g + b) / 3);
	const greyIndex = average > 238 ? 23 : Math.max(0, Math.trunc((average - 3) / 10));
	const grey = 8 + 10 * greyIndex;
	return distance(grey, grey, grey, rgb) < distance(r, g, b, cubeRgb) ? 232 + greyIndex : cube;
}

/** 0xRRGGBB of a 256-palette entry, as xterm defines it. */
export function paletteRgb(index: number): number {
	if (index < 16) return ansi16[index];
	if (index >= 232) {
		const level = 8 + 10 * (index - 232);
		return (level << 16) | (level << 8) | level;
	}
	const cube = index - 16;
	return (cubeLevels[Math.trunc(cube / 36)] << 16) | (cubeLevels[Math.trunc(cube / 6) % 6] << 8) | cubeLevels[cube % 6];
}

/** The ANSI colour (0-15) nearest to 0xRRGGBB. */
export function rgbTo16(rgb: number): number {
	const r = rgb >>> 16;
	const g = (rgb >>> 8) & 0xFF;
	const b = rgb & 0xFF;
	let best = 0;
	let bestDistance = Number.POSITIVE_INFINITY;
	for (let i = 0; i < 16; i++) {
		const d = distance(r, g, b, ansi16[i]);
		if (d < bestDistance) {
			bestDistance = d;
			best = i;
		}
	}
	return best;
}

const palette256To16 = Uint8Array.from({length: 256}, (_, index) => (index < 16 ? index : rgbTo16(paletteRgb(index))));

// Agents rarely use more than a few hundred colours; a runaway gradient must not grow the caches without bound.
const cacheLimit = 4096;
const rgbCaches: Record<'256' | '16', Map<number, number>> = {'256': new Map(), '16': new Map()};

/**
 * A cell colour (mode | value, see cells.ts) as the outer terminal can show it: unchanged when it can, else the
 * nearest palette entry of its depth.
 */
export function colorForDepth(color: number, depth: ColorDepth): number {
	const mode = color & COLOR_MODE_MASK;
	if (depth === 'truecolor' || mode === 0 || mode === COLOR_PALETTE16) return color;
	const value = color & COLOR_VALUE_MASK;
	if (mode === COLOR_PALETTE256) return depth === '256' ? color : COLOR_PALETTE16 | palette256To16[value & 0xFF];
	if (mode !== COLOR_RGB) return color;
	const cache = rgbCaches[depth];
	let converted = cache.get(value);
	if (converted === undefined) {
		converted = depth === '256' ? COLOR_PALETTE256 | rgbTo256(value) : COLOR_PALETTE16 | rgbTo16(value);
		if (cache.size >= cacheLimit) cache.clear();
		cache.set(value, converted);
	}
	return converted;
}
