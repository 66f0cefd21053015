/** The key logger's control socket (test/fixtures/key-logger.mjs): set its terminal modes, read what it received. */
import {connect, type Socket} from 'node:net';

export class LoggerControl {
	private buffered = '';
	private readonly waiting: Array<(reply: Record<string, unknown>) => void> = [];
	private constructor(private readonly socket: Socket) {
		socket.setEncoding('utf8');
		socket.on('data', (text: string) => {
			this.buffered += text;
			for (let newline = this.buffered.indexOf('\n'); newline >= 0; newline = this.buffered.indexOf('\n')) {
				const reply = JSON.parse(this.buffered.slice(0, newline)) as Record<string, unknown>;
				this.buffered = this.buffered.slice(newline + 1);
				this.waiting.shift()?.(reply);
			}
		});
	}

	static async open(file: string, timeoutMs = 15_000): Promise<LoggerControl> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const socket = await new Promise<Socket | undefined>(resolve => {
				const candidate = connect(file, () => resolve(candidate));
				candidate.once('error', () => resolve(undefined));
			});
			if (socket) return new LoggerControl(socket);
			if (Date.now() > deadline) throw new Error(`the key logger never listened on ${file}`);
			await new Promise(resolve => setTimeout(resolve, 50));
		}
	}

	private request(body: object): Promise<Record<string, unknown>> {
		return new Promise(resolve => {
			this.waiting.push(resolve);
			this.socket.write(`${JSON.stringify(body)}\n`);
		});
	}

	async send(data: string): Promise<void> {
		await this.request({send: data});
	}

	/** Leaves the modes the logger set and enables `names` (see test/fixtures/key-logger.mjs). */
	async modes(...names: string[]): Promise<void> {
		await this.request({modes: names.join(',')});
	}

	async take(): Promise<Buffer> {
		const reply = await this.request({take: true});
		return Buffer.from(reply.bytes as string, 'base64');
	}

	/** Collects received bytes until there are `length` of them (or the time is up, returning what came). */
	async receive(length: number, timeoutMs = 15_000): Promise<Buffer> {
		const parts: Buffer[] = [];
		let size = 0;
		const deadline = Date.now() + timeoutMs;
		while (size < length && Date.now() < deadline) {
			const bytes = await this.take();
			parts.push(bytes);
			size += bytes.length;
			if (size < length) await new Promise(resolve => setTimeout(resolve, 20));
		}
		return Buffer.concat(parts);
	}

	close(): void {
		this.socket.destroy();
	}
}
