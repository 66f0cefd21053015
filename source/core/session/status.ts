/**
 * What an agent is doing, inferred the way a person glancing at its pane would: the text it draws where its prompt
 * and dialogs live, whether that text is still moving, and the signals terminals have for "look at me" (bell,
 * OSC 9/777 notifications, spinner glyphs in the title). The tracker is fed screen rows, events and the time, and
 * keeps no timers of its own, so it can be replayed against recorded screens with a fake clock.
 */

export type StatusKind = 'starting' | 'busy' | 'waiting' | 'idle' | 'exited';

export interface SessionStatus {
	kind: StatusKind;
	/** When this status began (ms, same clock as the tracker's inputs). */
	since: number;
	/** Short explanation for logs and tooltips, e.g. "dialog on screen", "busy text went stale". */
	reason: string;
	exitCode?: number;
	signal?: string;
}

export interface StatusChange {
	status: SessionStatus;
	previous: SessionStatus;
}

export interface StatusRules {
	/** How many rows, counted up from the last non-blank row, hold the agent's prompt, spinner and dialogs. */
	regionRows: number;
	/** Text the agent shows only while working (e.g. "esc to interrupt"). */
	busy: readonly RegExp[];
	/** Text of a question the agent is waiting on (permission dialogs, yes/no prompts). */
	waiting: readonly RegExp[];
	/** Text that shows the agent is ready for a prompt (its input box). */
	ready: readonly RegExp[];
	/** A title that marks work in progress while it keeps changing (spinner glyphs). */
	busyTitle?: RegExp;
	/** Busy text or a busy title that has not changed for this long is stale: the agent is treated as idle. */
	staleAfterMs: number;
	/** For programs without busy text (shells): output not caused by typing counts as busy for this long. */
	activityBusyMs?: number;
}

/** Output this soon after the user typed is taken for echo, not for the program working. */
const echoWindowMs = 250;
/** Without a ready marker, the first screen is considered drawn once output pauses this long. */
const startupQuietMs = 1000;
/** Notification texts that mean the program asks the user something rather than announcing it is done. */
const askingNotification = /permission|approv|confirm|proceed|allow|needs your/i;

export class StatusTracker {
	private current: SessionStatus;
	private region = '';
	private regionChangedAt: number;
	private busyText = false;
	private waitingText = false;
	private readyText = false;
	private sawOutput = false;
	private lastOutputAt = -Infinity;
	private lastInputAt = -Infinity;
	private lastActivityAt = -Infinity;
	private titleText = '';
	private titleChangedAt = -Infinity;
	private attentionAt = -Infinity;
	private attentionAsks = false;
	private leftStarting = false;
	private exit: {code: number; signal?: string} | undefined;

	constructor(private readonly rules: StatusRules, now: number) {
		this.current = {kind: 'starting', since: now, reason: 'process started'};
		this.regionChangedAt = now;
	}

	get status(): SessionStatus {
		return this.current;
	}

	/** The screen as it is now (all visible rows, top to bottom). */
	screen(rows: readonly string[], now: number): StatusChange | undefined {
		const region = regionOf(rows, this.rules.regionRows);
		if (region !== this.region) {
			this.region = region;
			this.regionChangedAt = now;
			this.busyText = this.rules.busy.some(pattern => pattern.test(region));
			this.waitingText = this.rules.waiting.some(pattern => pattern.test(region));
			this.readyText = this.rules.ready.some(pattern => pattern.test(region));
		}

		return this.evaluate(now);
	}

	/** Bytes arrived from the program. */
	output(now: number): StatusChange | undefined {
		this.sawOutput = true;
		this.lastOutputAt = now;
		if (now - this.lastInputAt > echoWindowMs) {
			this.lastActivityAt = now;
		}

		return this.evaluate(now);
	}

	/** The user typed into the pane. */
	input(now: number): StatusChange | undefined {
		this.lastInputAt = now;
		return this.evaluate(now);
	}

	title(title: string, now: number): StatusChange | undefined {
		if (title !== this.titleText) {
			this.titleText = title;
			this.titleChangedAt = now;
		}

		return this.evaluate(now);
	}

	bell(now: number): StatusChange | undefined {
		this.attentionAt = now;
		this.attentionAsks = false;
		return this.evaluate(now);
	}

	notification(text: string, now: number): StatusChange | undefined {
		this.attentionAt = now;
		this.attentionAsks = askingNotification.test(text);
		return this.evaluate(now);
	}

	exited(code: number, signal: string | undefined, now: number): StatusChange | undefined {
		this.exit = {code, signal};
		return this.evaluate(now);
	}

	/** Re-evaluates time-based rules (stale busy text, end of activity). */
	tick(now: number): StatusChange | undefined {
		return this.evaluate(now);
	}

	/** The next time at which the status may change with no new input, so callers can arm a single timer. */
	nextCheckAt(now: number): number | undefined {
		if (this.exit !== undefined) {
			return undefined;
		}

		const candidates = [
			this.busyText ? this.regionChangedAt + this.rules.staleAfterMs : Infinity,
			this.rules.busyTitle === undefined ? Infinity : this.titleChangedAt + this.rules.staleAfterMs,
			this.rules.activityBusyMs === undefined ? Infinity : this.lastActivityAt + this.rules.activityBusyMs,
			this.leftStarting ? Infinity : this.lastOutputAt + startupQuietMs,
		].filter(time => Number.isFinite(time) && time > now);
		return candidates.length > 0 ? Math.min(...candidates) : undefined;
	}

	private evaluate(now: number): StatusChange | undefined {
		const [kind, reason] = this.decide(now);
		if (kind !== 'starting') {
			this.leftStarting = true;
		}

		if (kind === this.current.kind && (kind !== 'exited' || this.current.exitCode === this.exit?.code)) {
			return undefined;
		}

		const previous = this.current;
		this.current = {kind, since: now, reason};
		if (kind === 'exited') {
			this.current.exitCode = this.exit!.code;
			if (this.exit!.signal !== undefined) {
				this.current.signal = this.exit!.signal;
			}
		}

		return {status: this.current, previous};
	}

	private decide(now: number): [StatusKind, string] {
		if (this.exit !== undefined) {
			return ['exited', this.exit.signal === undefined ? `exit code ${this.exit.code}` : `killed by ${this.exit.signal}`];
		}

		if (this.waitingText) {
			return ['waiting', 'question on screen'];
		}

		const titleSpinning = this.rules.busyTitle?.test(this.titleText) === true
			&& now - this.titleChangedAt < this.rules.staleAfterMs;
		// A bell or notification after the last visible change means the program finished or wants the user.
		const attention = this.attentionAt >= Math.max(this.regionChangedAt, titleSpinning ? this.titleChangedAt : -Infinity);
		if (attention) {
			return this.attentionAsks ? ['waiting', 'notification asks for input'] : ['idle', 'bell or notification'];
		}

		if (this.busyText) {
			if (now - this.regionChangedAt < this.rules.staleAfterMs || titleSpinning) {
				return ['busy', 'busy text on screen'];
			}

			return ['idle', 'busy text went stale'];
		}

		if (titleSpinning) {
			return ['busy', 'spinner in title'];
		}

		// A prompt on screen outranks output activity: it is drawn last, once the program is done.
		if (this.readyText) {
			return ['idle', 'prompt on screen'];
		}

		if (this.rules.activityBusyMs !== undefined && now - this.lastActivityAt < this.rules.activityBusyMs) {
			return this.leftStarting ? ['busy', 'output flowing'] : ['starting', 'first screen drawing'];
		}

		if (!this.leftStarting && (!this.sawOutput || now - this.lastOutputAt < startupQuietMs)) {
			return ['starting', this.sawOutput ? 'first screen drawing' : 'no output yet'];
		}

		return ['idle', 'quiet'];
	}
}

/** The bottom `rows` rows ending at the last non-blank row, joined by newlines. */
export function regionOf(rows: readonly string[], count: number): string {
	let end = rows.length;
	while (end > 0 && rows[end - 1]!.trim() === '') {
		end--;
	}

	const start = count > 0 ? Math.max(0, end - count) : 0;
	return rows.slice(start, end).map(row => row.trimEnd()).join('\n');
}
