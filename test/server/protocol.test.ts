/**
 * The wire format: JSON lines, and raw bytes after a line that announces them. Whatever way the stream is cut into
 * chunks (one byte at a time over ssh), the same messages come out; malformed input is an error, not a hang.
 */
import {describe, expect, it} from 'vitest';
import {encodeMessage, MessageDecoder, type AnyMessage, type Received} from '../../source/server/protocol.js';

function decodeAll(stream: Buffer, chunkSize: number): Array<Received<AnyMessage>> {
	const out: Array<Received<AnyMessage>> = [];
	const decoder = new MessageDecoder<AnyMessage>(received => out.push(received));
	for (let i = 0; i < stream.length; i += chunkSize) decoder.push(stream.subarray(i, i + chunkSize));
	return out;
}

describe('protocol framing', () => {
	const screen = '\u001B[?2026h\u001B[1;1H漢字 😀 \n\r{"type":"fake"}\n\u001B[?2026l';
	const stream = Buffer.concat([
		encodeMessage({type: 'hello', version: 1, agentgrid: '0.1.0'}),
		encodeMessage({type: 'output', bytes: 0}, screen),
		encodeMessage({type: 'input', bytes: 0}, Buffer.from([0x1c, 0x00, 0xff, 0x0a])),
		encodeMessage({type: 'resize', cols: 80, rows: 24}),
	]);

	it.each([1, 2, 7, 4096])('decodes the same messages from chunks of %i bytes', chunkSize => {
		const received = decodeAll(stream, chunkSize);
		expect(received.map(r => r.message.type)).toEqual(['hello', 'output', 'input', 'resize']);
		expect(received[1].payload?.toString('utf8')).toBe(screen);
		expect([...received[2].payload!]).toEqual([0x1c, 0x00, 0xff, 0x0a]);
		expect(received[3].message).toEqual({type: 'resize', cols: 80, rows: 24});
	});

	it('rejects a line that is not JSON, and a bad byte count', () => {
		expect(() => decodeAll(Buffer.from('hello there\n'), 64)).toThrow(/not a JSON message/);
		expect(() => decodeAll(Buffer.from('{"type":"output","bytes":-1}\n'), 64)).toThrow(/bad byte count/);
	});

	it('refuses an endless line instead of buffering it forever', () => {
		const decoder = new MessageDecoder<AnyMessage>(() => {});
		expect(() => {
			for (let i = 0; i < 20; i++) decoder.push(Buffer.alloc(100_000, 0x61));
		}).toThrow(/too long/);
	});
});
