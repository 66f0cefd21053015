import {describe, expect, it} from 'vitest';
import {KeyParser, type KeyEvent} from '../../../source/ui/input/key-parser.js';
import {ManualClock} from './manual-clock.js';

/** Small deterministic generator (mulberry32) so a failure can be replayed from its seed. */
function random(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const pieces = [
	'\x1b[A', '\x1bOB', '\x1b[1;5C', '\x1b[3~', '\x1b[24;2~', '\x1b[Z', '\x1b[I', '\x1bx', '\x1b\x1b[D', '\x1b[[B',
	'\x1b[200~pa\x1b[Aste\x1b[201~', '\x1b]11;rgb:0/0/0\x07', '\x1b[<0;1;1M', '\x1b[?1;2c', 'é', '€', '😀', 'abc', '\r',
	'\x7f', '\x08', '\x1c', '\t', '\x1b[105;5u', '\x1b[', '\x1b[1;', '\x1b', '\xff', '\x1bP',
];

function run(chunks: Uint8Array[]): {events: KeyEvent[]; parser: KeyParser} {
	const events: KeyEvent[] = [];
	const parser = new KeyParser(event => events.push(event), {clock: new ManualClock()});
	for (const chunk of chunks) parser.feed(chunk);
	parser.flush();
	return {events, parser};
}

describe('KeyParser on random input', () => {
	it('decodes the same events however the bytes are chunked, and never throws or keeps bytes', () => {
		let checked = 0;
		for (let seed = 1; seed <= 300; seed++) {
			const next = random(seed);
			const parts: Buffer[] = [];
			const count = 1 + Math.floor(next() * 12);
			for (let index = 0; index < count; index++) {
				parts.push(next() < 0.8
					? Buffer.from(pieces[Math.floor(next() * pieces.length)], 'utf8')
					: Buffer.from([Math.floor(next() * 256)]));
			}
			const bytes = Buffer.concat(parts);
			const whole = run([bytes]);
			const chunks: Uint8Array[] = [];
			for (let offset = 0; offset < bytes.length;) {
				const size = 1 + Math.floor(next() * 6);
				chunks.push(bytes.subarray(offset, offset + size));
				offset += size;
			}
			const chunked = run(chunks);
			expect(chunked.events, `seed ${seed}`).toEqual(whole.events);
			expect(chunked.parser.waiting).toBe(false);
			// Every byte ends up in exactly one event, in order: nothing is lost or duplicated. (Checked on valid UTF-8
			// without X10 mouse reports, whose three raw bytes may cut a character in two.)
			const validText = Buffer.from(bytes.toString('utf8'), 'utf8').equals(bytes);
			if (validText && !bytes.includes('\x1b[M')) {
				expect(whole.events.map(event => event.sequence).join(''), `seed ${seed}`).toBe(bytes.toString('utf8'));
				checked++;
			}
		}
		expect(checked).toBeGreaterThan(50);
	});
});
