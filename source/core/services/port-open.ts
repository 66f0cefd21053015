import net from 'node:net';

/** Whether something accepts TCP connections on 127.0.0.1:`port` (a dev server that is up). */
export async function acceptsConnections(port: number, timeoutMs = 500): Promise<boolean> {
	return new Promise(resolve => {
		const socket = net.connect({host: '127.0.0.1', port});
		const done = (open: boolean) => {
			socket.destroy();
			resolve(open);
		};
		socket.setTimeout(timeoutMs, () => done(false));
		socket.once('connect', () => done(true));
		socket.once('error', () => done(false));
	});
}
