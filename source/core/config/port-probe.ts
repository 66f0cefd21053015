import net from 'node:net';

/**
 * Whether nothing on this machine listens on `port`. A dev server may bind the loopback address, every IPv4
 * address or every IPv6 address, so all three are tried; an address family the machine lacks does not count as busy.
 */
export async function isPortFree(port: number): Promise<boolean> {
	for (const host of ['127.0.0.1', '0.0.0.0', '::']) {
		const result = await tryListen(port, host);
		if (result === 'busy') {
			return false;
		}
	}
	return true;
}

type ListenResult = 'free' | 'busy' | 'unavailable';

async function tryListen(port: number, host: string): Promise<ListenResult> {
	return new Promise(resolve => {
		const server = net.createServer();
		server.unref();
		server.once('error', (error: NodeJS.ErrnoException) => {
			resolve(error.code === 'EADDRNOTAVAIL' || error.code === 'EAFNOSUPPORT' ? 'unavailable' : 'busy');
		});
		server.listen({port, host, exclusive: true}, () => {
			server.close(() => {
				resolve('free');
			});
		});
	});
}
