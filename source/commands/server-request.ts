/**
 * How the CLI's commands reach the repository's server: one connection per command, started when the command
 * needs a server and none runs, so `new --start`, `send` and the rest work from a script with no terminal attached.
 */
import {connect, connectOrStart, probeSocket, request, serverAddress, type ClientChannel} from '../server/connect.js';
import type {CommandContext} from './types.js';

export async function askServer(context: CommandContext, command: string, args: Record<string, unknown>, options: {start: boolean; progress?: (text: string) => void}): Promise<{answered: true; result: unknown} | {answered: false}> {
	const address = await serverAddress(context.cwd, context.env);
	let channel: ClientChannel;
	if (options.start) {
		channel = (await connectOrStart(address, context.env)).channel;
	} else {
		if (!(await probeSocket(address.socketPath))) return {answered: false};
		channel = (await connect(address.socketPath)).channel;
	}
	try {
		return {answered: true, result: await request(channel, command, args, options.progress)};
	} finally {
		channel.end();
	}
}
