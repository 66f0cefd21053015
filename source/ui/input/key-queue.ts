/**
 * Delivers key sequences one per event-loop turn. Ink reads its stdin in whole buffers and treats a buffer holding
 * text followed by Enter as pasted text, so each key must arrive in a read of its own.
 */
export class KeyQueue {
	private readonly queue: string[] = [];
	private scheduled = false;

	constructor(private readonly deliver: (data: string) => void) {}

	push(data: string): void {
		this.queue.push(data);
		if (!this.scheduled) this.schedule();
	}

	private schedule(): void {
		this.scheduled = true;
		setImmediate(() => {
			this.scheduled = false;
			const next = this.queue.shift();
			if (next !== undefined) this.deliver(next);
			if (this.queue.length > 0) this.schedule();
		});
	}
}
