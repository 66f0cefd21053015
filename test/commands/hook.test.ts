import net from 'node:net';
import {mkdtemp, rm} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {PassThrough} from 'node:stream';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {hookCommand} from '../../source/commands/hook.js';
import type {CommandContext} from '../../source/commands/types.js';
import {MessageDecoder, encodeMessage, type ClientMessage} from '../../source/server/protocol.js';

let dir: string;
let server: net.Server;
let mode: 'answer' | 'silent' = 'answer';
const received: Array<Extract<ClientMessage, {type: 'request'}>> = [];
const open: net.Socket[] = [];

beforeAll(async () => {
	dir = await mkdtemp(path.join(os.tmpdir(), 'agentgrid-hook-'));
	server = net.createServer(socket => {
		open.push(socket);
		const decoder = new MessageDecoder<ClientMessage & {bytes?: number}>(({message}) => {
			if (message.type === 'request') {
				received.push(message);
				if (mode === 'answer') socket.write(encodeMessage({type: 'response', id: message.id, ok: true, result: {applied: true}}));
			}
		});
		socket.on('data', chunk => decoder.push(chunk));
	});
	await new Promise<void>(resolve => server.listen(path.join(dir, 's.sock'), resolve));
});

afterAll(async () => {
	for (const socket of open) socket.destroy();
	server.close();
	await rm(dir, {recursive: true, force: true});
});

function run(args: string[], stdin: PassThrough | undefined, env: Record<string, string> = {}) {
	const output: string[] = [];
	const context: CommandContext = {
		cwd: dir,
		env: {AGENTGRID_SOCKET: path.join(dir, 's.sock'), AGENTGRID_SESSION: 'fix-login', AGENTGRID_RUN: 'run-1', ...env},
		stdout: text => output.push(text),
		stderr: text => output.push(text),
		stdin,
	};
	return {done: hookCommand.run(args, context), output};
}

describe('agentgrid hook', () => {
	it('sends the event with the small fields of its JSON and prints nothing', async () => {
		const stdin = new PassThrough();
		stdin.end(JSON.stringify({hook_event_name: 'PreToolUse', tool_name: 'Write', tool_input: {content: 'x'.repeat(3_000_000)}, session_id: 'abc'}));
		const {done, output} = run(['PreToolUse'], stdin);
		expect(await done).toBe(0);
		expect(output).toEqual([]);
		const request = received.at(-1)!;
		expect(request.command).toBe('hook');
		expect(request.args).toMatchObject({session: 'fix-login', run: 'run-1', event: 'PreToolUse', payload: {tool_name: 'Write', session_id: 'abc'}});
		expect(JSON.stringify(request.args).length).toBeLessThan(2000);
	});

	it('takes Codex\'s JSON from its last argument', async () => {
		const {done} = run(['codex-notify', JSON.stringify({type: 'agent-turn-complete', 'last-assistant-message': 'Done'})], undefined);
		expect(await done).toBe(0);
		expect(received.at(-1)!.args).toMatchObject({event: 'codex-notify', payload: {type: 'agent-turn-complete', 'last-assistant-message': 'Done'}});
	});

	it('gives up, silently and with exit code 0, on stdin that never ends and a server that never answers', async () => {
		mode = 'silent';
		const stdin = new PassThrough();
		stdin.write('{"hook_event_name": "Stop"');
		const {done, output} = run(['Stop'], stdin);
		expect(await done).toBe(0);
		expect(output).toEqual([]);
		expect(received.at(-1)!.args).toMatchObject({event: 'Stop'});
		mode = 'answer';
	});

	it('does nothing outside a session or without a server', async () => {
		const count = received.length;
		expect(await run(['Stop'], undefined, {AGENTGRID_SESSION: ''}).done).toBe(0);
		const missing = run(['Stop'], undefined, {AGENTGRID_SOCKET: path.join(dir, 'none.sock')});
		expect(await missing.done).toBe(0);
		expect(missing.output).toEqual([]);
		expect(received.length).toBe(count);
	});
});
