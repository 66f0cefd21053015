/**
 * A message channel over any pair of byte streams: a Unix socket, or ssh's stdout and stdin. Both ends use it.
 */
import {EventEmitter} from 'node:events';
import type {Readable, Writable} from 'node:stream';
import {encodeMessage, MessageDecoder, type AnyMessage, type Received} from './protocol.js';

export interface ChannelStreams {
	input: Readable;
	output: Writable;
	/** Ends the underlying transport; called once on close. */
	destroy?: () => void;
}

export class Channel<In extends AnyMessage, Out extends AnyMessage> {
	private readonly events = new EventEmitter();
	private closed = false;
	readonly closedPromise: Promise<string>;
	private resolveClosed: (reason: string) => void = () => {};

	constructor(private readonly streams: ChannelStreams) {
		this.closedPromise = new Promise(resolve => {
			this.resolveClosed = resolve;
		});
		const decoder = new MessageDecoder<In>(received => this.events.emit('message', received));
		streams.input.on('data', (chunk: Buffer) => {
			try {
				decoder.push(chunk);
			} catch (error) {
				this.close(error instanceof Error ? error.message : String(error));
			}
		});
		streams.input.on('end', () => this.close('the connection was closed'));
		streams.input.on('close', () => this.close('the connection was closed'));
		streams.input.on('error', error => this.close(error.message));
		streams.output.on('error', error => this.close(error.message));
	}

	get isClosed(): boolean {
		return this.closed;
	}

	/** Bytes queued but not yet taken by the transport: a slow link shows here first. */
	get backlog(): number {
		return this.streams.output.writableLength;
	}

	/** Calls back once the transport has taken everything queued. */
	onDrained(listener: () => void): void {
		if (this.backlog === 0) queueMicrotask(listener);
		else this.streams.output.once('drain', listener);
	}

	send(message: Out, payload?: Buffer | string): void {
		if (this.closed) return;
		this.streams.output.write(encodeMessage(message, payload));
	}

	onMessage(listener: (received: Received<In>) => void): () => void {
		this.events.on('message', listener);
		return () => this.events.off('message', listener);
	}

	/** Waits for the next message that satisfies `accept`; rejects when the channel closes first. */
	next<T extends In>(accept: (message: In) => message is T, timeoutMs?: number): Promise<Received<T>> {
		return new Promise((resolve, reject) => {
			const timer = timeoutMs === undefined ? undefined : setTimeout(() => finish(new Error('no answer in time')), timeoutMs);
			const off = this.onMessage(received => {
				if (accept(received.message)) finish(undefined, received as Received<T>);
			});
			const onClose = (reason: string) => finish(new Error(reason));
			this.events.once('close', onClose);
			const finish = (error?: Error, value?: Received<T>) => {
				clearTimeout(timer);
				off();
				this.events.off('close', onClose);
				if (error) reject(error);
				else resolve(value!);
			};
			if (this.closed) finish(new Error('the connection was closed'));
		});
	}

	onClose(listener: (reason: string) => void): void {
		if (this.closed) {
			void this.closedPromise.then(listener);
			return;
		}
		this.events.once('close', listener);
	}

	/** Sends what is queued, then ends the transport. */
	end(message?: Out): void {
		if (this.closed) return;
		if (message) this.streams.output.write(encodeMessage(message));
		this.streams.output.end(() => this.close('closed'));
		// A peer that stops reading must not keep this end open.
		setTimeout(() => this.close('closed'), 2000).unref();
	}

	close(reason: string): void {
		if (this.closed) return;
		this.closed = true;
		this.streams.destroy?.();
		this.resolveClosed(reason);
		this.events.emit('close', reason);
		this.events.removeAllListeners('message');
	}

	/** Closes once `signal` gives up (at once if it has); returns what stops watching it. */
	closeOnAbort(signal: AbortSignal | undefined): () => void {
		const abort = () => this.close('gave up waiting for the server');
		if (signal?.aborted) abort();
		signal?.addEventListener('abort', abort, {once: true});
		return () => signal?.removeEventListener('abort', abort);
	}
}
