import type {ParserClock} from '../../../source/ui/input/key-parser.js';

/** A clock whose time only moves when the test says so; due timers run in order inside `advance`. */
export class ManualClock implements ParserClock {
	private time = 0;
	private nextId = 1;
	private readonly timers = new Map<number, {at: number; callback: () => void}>();

	now(): number {
		return this.time;
	}

	setTimeout(callback: () => void, ms: number): unknown {
		const id = this.nextId++;
		this.timers.set(id, {at: this.time + ms, callback});
		return id;
	}

	clearTimeout(handle: unknown): void {
		this.timers.delete(handle as number);
	}

	get pendingTimers(): number {
		return this.timers.size;
	}

	advance(ms: number): void {
		const until = this.time + ms;
		for (;;) {
			const due = [...this.timers.entries()].filter(([, timer]) => timer.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
			if (!due) break;
			this.timers.delete(due[0]);
			this.time = due[1].at;
			due[1].callback();
		}
		this.time = until;
	}
}
