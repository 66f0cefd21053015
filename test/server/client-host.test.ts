import {PassThrough, Writable} from 'node:stream';
import {describe, expect, it} from 'vitest';
import {Channel} from '../../source/server/channel.js';
import {ClientHost, type ClientHostOptions, type ServerChannel} from '../../source/server/client-host.js';
import type {ClientMessage, ClientTerminal, ServerMessage} from '../../source/server/protocol.js';

function connectedHost(terminal: Partial<ClientTerminal> = {}, options: ClientHostOptions = {}) {
	const toServer = new PassThrough();
	const toClient = new PassThrough();
	const server: ServerChannel = new Channel<ClientMessage, ServerMessage>({input: toServer, output: toClient});
	const client = new Channel<ServerMessage, ClientMessage>({input: toClient, output: toServer});
	const host = new ClientHost(options);
	const received: string[] = [];
	host.onInput(text => received.push(text));
	host.attach(server, {cols: 80, rows: 24, ...terminal});
	const flushed = () => new Promise(resolve => setImmediate(resolve));
	return {host, client, received, flushed};
}

describe('the client host', () => {
	it('hands on a character whose bytes arrive in separate input messages whole', async () => {
		const {client, received, flushed} = connectedHost();
		const bytes = Buffer.from('a😀b中é', 'utf8');
		// One byte per message: every multi-byte character is split.
		for (const byte of bytes) client.send({type: 'input', bytes: 0}, Buffer.from([byte]));
		await flushed();
		expect(received.join('')).toBe('a😀b中é');
		expect(received.join('')).not.toContain('\uFFFD');
		expect(received).not.toContain('');
	});

	it('passes a 300 KB non-ASCII paste in arbitrary pieces through byte for byte', async () => {
		const {client, received, flushed} = connectedHost();
		const text = 'é中😀 mixed text\n'.repeat(300 * 1024 / 22);
		const bytes = Buffer.from(text, 'utf8');
		for (let offset = 0, size = 1; offset < bytes.length; offset += size, size = (size * 7 + 3) % 4093 + 1) {
			client.send({type: 'input', bytes: 0}, bytes.subarray(offset, offset + size));
		}
		await flushed();
		expect(Buffer.from(received.join(''), 'utf8').equals(bytes)).toBe(true);
	});
});

describe('what the client host tells the grid about the terminal', () => {
	it('reports the answered colours, else COLORFGBG, else the fallback setting', () => {
		expect(connectedHost({colors: {foreground: '#111111', background: '#eeeeee'}, colorfgbg: '15;0'}).host.colors()).toEqual({foreground: '#111111', background: '#eeeeee'});
		expect(connectedHost({colorfgbg: '0;15'}).host.colors()).toEqual({foreground: '#000000', background: '#ffffff'});
		expect(connectedHost({}, {fallbackColors: 'light'}).host.colors()).toEqual({foreground: '#000000', background: '#ffffff'});
	});

	it('takes styled underlines as the terminal said, else by TERM, unless the setting decides', () => {
		expect(connectedHost({term: 'linux', underlineStyles: true}).host.capabilities().underlineStyles).toBe(true);
		expect(connectedHost({term: 'xterm-kitty', underlineStyles: false}).host.capabilities().underlineStyles).toBe(false);
		expect(connectedHost({term: 'linux'}).host.capabilities().underlineStyles).toBe(false);
		expect(connectedHost({term: 'screen.xterm-256color'}).host.capabilities().underlineStyles).toBe(false);
		expect(connectedHost({term: 'xterm-256color'}).host.capabilities().underlineStyles).toBe(true);
		expect(connectedHost({term: 'xterm-256color', underlineStyles: true}, {underlineStyles: 'off'}).host.capabilities().underlineStyles).toBe(false);
		expect(connectedHost({term: 'linux'}, {underlineStyles: 'on'}).host.capabilities().underlineStyles).toBe(true);
	});
});

describe('the attached terminal\'s colours and character set', () => {
	it('uses the depth, NO_COLOR and locale of the client attached now', () => {
		const first = connectedHost({term: 'xterm-256color', colorterm: 'truecolor', lang: 'en_US.UTF-8'}).host;
		expect(first.capabilities()).toMatchObject({colorDepth: 'truecolor', noColor: false, utf8: true});
		expect(connectedHost({term: 'screen', noColor: true, lang: 'C'}).host.capabilities()).toMatchObject({colorDepth: '16', noColor: true, utf8: false});
		expect(connectedHost({term: 'xterm-256color', colorterm: 'truecolor'}, {colors: '256'}).host.capabilities().colorDepth).toBe('256');
	});
});

describe('whether the client host shows what is drawn', () => {
	it('does while its client keeps up, not while the link is stalled, and has everything drawn anew once it catches up', async () => {
		// A transport that takes nothing until let go, as a stalled ssh link.
		const held: Array<() => void> = [];
		let flowing = false;
		const output = new Writable({
			write(_chunk, _encoding, done) {
				if (flowing) done();
				else held.push(() => done());
			},
		});
		const host = new ClientHost();
		expect(host.showing).toBe(false);
		host.attach(new Channel<ClientMessage, ServerMessage>({input: new PassThrough(), output}), {cols: 80, rows: 24});
		expect(host.showing).toBe(true);
		const redraws: boolean[] = [];
		host.onResize(size => redraws.push(size.attached));
		for (let index = 0; index < 5; index++) host.write('x'.repeat(1 << 20));
		expect(host.attached).toBe(true);
		expect(host.showing).toBe(false);
		flowing = true;
		for (const done of held.splice(0)) done();
		await new Promise(resolve => setImmediate(resolve));
		expect(host.showing).toBe(true);
		expect(redraws).toEqual([true]);
		host.detach('done');
		expect(host.showing).toBe(false);
	});
});

