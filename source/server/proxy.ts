/**
 * `agentgrid proxy`: run by ssh on the server's machine, it bridges its stdin and stdout to the repository's server
 * socket, starting the server when none runs. It passes bytes through untouched; both ends speak the protocol.
 */
import {connectSocket, ensureServer, serverAddress} from './connect.js';

export async function runProxy(cwd: string, env: NodeJS.ProcessEnv, stdin: NodeJS.ReadableStream, stdout: NodeJS.WritableStream): Promise<number> {
	const address = await serverAddress(cwd, env);
	await ensureServer(address, env);
	const socket = await connectSocket(address.socketPath);
	stdin.pipe(socket);
	socket.pipe(stdout);
	// Either side ending ends the bridge: a dropped ssh link closes our stdin, and the server sees its client leave.
	return new Promise(resolve => {
		socket.once('close', () => resolve(0));
		stdin.once('end', () => {
			socket.end();
			resolve(0);
		});
		stdin.once('close', () => socket.destroy());
	});
}
