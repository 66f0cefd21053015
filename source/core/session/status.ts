/**
 * What an agent is doing, inferred the way a person glancing at its pane would: the text it draws where its prompt
 * and dialogs live, whether that text is still moving, and the signals terminals have for "look at me" (bell,
 * OSC 9/777 notifications, spinner glyphs in the title). The tracker is fed screen rows, events and the time, and
 * keeps no timers of its own, so it can be replayed against recorded screens with a fake clock.
 */

export type StatusKind = 'starting' | 'busy' | 'waiting' | 'idle' | 'exited';

/** Which kind of signal decided a status. */
export type SignalSource = 'hook' | 'screen' | 'bell' | 'notification' | 'title' | 'output' | 'quiet' | 'process';

export interface SessionStatus {
	kind: StatusKind;
	/** When this status began (ms, same clock as the tracker's inputs). */
	since: number;
	/** Short explanation for logs and tooltips, e.g. "dialog on screen", "busy text went stale". */
	reason: string;
	/** The signal that decided it. */
	source: SignalSource;
	/** What that signal carried: the hook event, the text a screen rule matched, the notification's text. */
	detail?: string;
	exitCode?: number;
	signal?: string;
}

/** A status the agent reported itself, through its hooks (see hooks.ts). */
export interface HookReport {
	/** The status the event means, or undefined for an event that only informs (recorded, status unchanged). */
	kind: 'busy' | 'waiting' | 'idle' | undefined;
	/** The event's name as the agent calls it, e.g. "PreToolUse" or "agent-turn-complete". */
	event: string;
	/** What the event said (tool name, notification text). */
	detail?: string;
}

/** One thing the tracker was told, kept for the explanation. */
export interface SignalRecord {
	at: number;
	source: SignalSource;
	text: string;
}

/** Why a session has its status: the deciding signal, what each source says now, and what came before. */
export interface StatusExplanation {
	status: SessionStatus;
	/** The verdict of the screen rules alone, with the text a rule matched. */
	screen: {kind: StatusKind; reason: string; detail?: string};
	/** The last status the agent's hooks reported, if any did in this run. */
	hook?: {kind: 'busy' | 'waiting' | 'idle'; event: string; detail?: string; at: number};
	lastOutputAt?: number;
	lastInputAt?: number;
	/** Earlier statuses, newest first. */
	history: SessionStatus[];
	/** Signals received, newest first. */
	signals: SignalRecord[];
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
	/**
	 * The statuses the agent's hooks report (default all three). A screen verdict of another kind, seen after the
	 * last hook report, wins at once (Codex reports only the end of a turn); one of a kind the hooks report wins
	 * only after it has disagreed with them for `hookGraceMs` (an interrupted turn sends no hook).
	 */
	hookKinds?: ReadonlyArray<'busy' | 'waiting' | 'idle'>;
}

/** Output this soon after the user typed is taken for echo, not for the program working. */
const echoWindowMs = 250;
/** Without a ready marker, the first screen is considered drawn once output pauses this long. */
const startupQuietMs = 1000;
/**
 * A program given a task at its start draws its ready prompt before it takes the task up: that prompt does not mean
 * it is done. It stays `starting` until it is first busy, or a hook says a turn ended, or its ready prompt has shown
 * this long (it may finish too fast to be seen busy, or ignore the task). The time counts from the ready prompt, and
 * again after a question answered or a typed task.
 */
export const taskPickupMs = 15_000;
/** Notification texts that mean the program asks the user something rather than announcing it is done. */
const askingNotification = /permission|approv|confirm|proceed|allow|needs your/i;
/** How long the screen rules must disagree with the last hook report before they win. */
export const hookGraceMs = 5000;
const keptSignals = 40;
const keptHistory = 12;

interface Match {
	pattern: string;
	text: string;
}

type Verdict = {kind: StatusKind; reason: string; source: SignalSource; detail?: string; positive?: boolean};

export class StatusTracker {
	private current: SessionStatus;
	private region = '';
	private regionChangedAt: number;
	private busyMatch: Match | undefined;
	private waitingMatch: Match | undefined;
	private readyMatch: Match | undefined;
	private hookState: (HookReport & {kind: 'busy' | 'waiting' | 'idle'; at: number}) | undefined;
	private disagreeSince: number | undefined;
	private lastScreen: Verdict | undefined;
	private readonly signals: SignalRecord[] = [];
	private readonly history: SessionStatus[] = [];
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
	/** Whether an idle verdict means "not started on its task yet" (see taskPickupMs). */
	private taskPending: boolean;
	/** Since when the ready prompt has shown while the task is pending. */
	private readySince: number | undefined;
	private verdictKind: StatusKind = 'starting';

	/** `givenTask`: the program got a task at its start (as an argument, a flag or typed in). */
	constructor(private readonly rules: StatusRules, now: number, options: {givenTask?: boolean} = {}) {
		this.current = {kind: 'starting', since: now, reason: 'process started', source: 'process'};
		this.regionChangedAt = now;
		this.taskPending = options.givenTask === true;
	}

	get status(): SessionStatus {
		return this.current;
	}

	/** Whether the screen and hooks say the program is ready for input, even while its status still waits for a task. */
	get readyForInput(): boolean {
		return this.verdictKind === 'idle';
	}

	/** The task was typed in just now (prompt mode `type`): the wait for it to start begins again. */
	taskTyped(now: number): void {
		if (this.taskPending) this.readySince = now;
	}

	/** The screen as it is now (all visible rows, top to bottom). */
	screen(rows: readonly string[], now: number): StatusChange | undefined {
		const region = regionOf(rows, this.rules.regionRows);
		if (region !== this.region) {
			this.region = region;
			this.regionChangedAt = now;
			this.busyMatch = firstMatch(this.rules.busy, region);
			this.waitingMatch = firstMatch(this.rules.waiting, region);
			this.readyMatch = firstMatch(this.rules.ready, region);
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
		this.record(now, 'bell', 'bell rang');
		this.attentionAt = now;
		this.attentionAsks = false;
		return this.evaluate(now);
	}

	notification(text: string, now: number): StatusChange | undefined {
		this.record(now, 'notification', `notification ${JSON.stringify(text)}`);
		this.attentionAt = now;
		this.attentionAsks = askingNotification.test(text);
		return this.evaluate(now);
	}

	exited(code: number, signal: string | undefined, now: number): StatusChange | undefined {
		this.record(now, 'process', signal === undefined ? `exited with code ${code}` : `killed by ${signal}`);
		this.exit = {code, signal};
		return this.evaluate(now);
	}

	/**
	 * The agent said what it is doing (a hook event). From the first report on, hooks decide and the screen rules
	 * only correct them (see `hookKinds`). Reports older than the last one applied are ignored: hook processes may
	 * finish out of order.
	 */
	hook(report: HookReport, now: number, at = now): StatusChange | undefined {
		this.record(at, 'hook', `hook ${report.event}${report.detail ? ` (${report.detail})` : ''}${report.kind ? ` → ${report.kind}` : ''}`);
		if (report.kind !== undefined && (this.hookState === undefined || at >= this.hookState.at)) {
			this.hookState = {...report, kind: report.kind, at};
			this.disagreeSince = undefined;
		}

		return this.evaluate(now);
	}

	/** Why the status is what it is. */
	explain(): StatusExplanation {
		const screen: Verdict = this.lastScreen ?? this.current;
		return {
			status: {...this.current},
			screen: {kind: screen.kind, reason: screen.reason, ...(screen.detail === undefined ? {} : {detail: screen.detail})},
			...(this.hookState ? {hook: {kind: this.hookState.kind, event: this.hookState.event, detail: this.hookState.detail, at: this.hookState.at}} : {}),
			...(Number.isFinite(this.lastOutputAt) ? {lastOutputAt: this.lastOutputAt} : {}),
			...(Number.isFinite(this.lastInputAt) ? {lastInputAt: this.lastInputAt} : {}),
			history: [...this.history].reverse(),
			signals: [...this.signals].reverse(),
		};
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
			this.disagreeSince === undefined ? Infinity : this.disagreeSince + hookGraceMs,
			this.busyMatch ? this.regionChangedAt + this.rules.staleAfterMs : Infinity,
			this.rules.busyTitle === undefined ? Infinity : this.titleChangedAt + this.rules.staleAfterMs,
			this.rules.activityBusyMs === undefined ? Infinity : this.lastActivityAt + this.rules.activityBusyMs,
			this.leftStarting ? Infinity : this.lastOutputAt + startupQuietMs,
			this.taskPending && this.readySince !== undefined ? this.readySince + taskPickupMs : Infinity,
		].filter(time => Number.isFinite(time) && time > now);
		return candidates.length > 0 ? Math.min(...candidates) : undefined;
	}

	private evaluate(now: number): StatusChange | undefined {
		const verdict = this.decide(now);
		this.verdictKind = verdict.kind;
		// The first screen is drawn once the verdict leaves starting, whether or not the status waits for a task: from
		// then on, output flowing is work (a program without busy text shows it so).
		if (verdict.kind !== 'starting') this.leftStarting = true;
		const pending = this.taskPending && this.stillPending(verdict, now);
		const {kind, reason, source, detail} = pending
			? {kind: 'starting' as const, reason: `ready, its task not started yet (${verdict.reason})`, source: verdict.source, detail: verdict.detail}
			: verdict;

		if (kind === this.current.kind && (kind !== 'exited' || this.current.exitCode === this.exit?.code)) {
			// A program that drew its ready prompt but has not begun its task is starting for another reason than one
			// still drawing: the explanation says so, with no change reported.
			if (pending) this.current = {kind, since: this.current.since, reason, source, ...(detail === undefined ? {} : {detail})};
			return undefined;
		}

		const previous = this.current;
		this.history.push(previous);
		if (this.history.length > keptHistory) this.history.shift();
		this.current = {kind, since: now, reason, source, ...(detail === undefined ? {} : {detail})};
		if (kind === 'exited') {
			this.current.exitCode = this.exit!.code;
			if (this.exit!.signal !== undefined) {
				this.current.signal = this.exit!.signal;
			}
		}

		return {status: this.current, previous};
	}

	/**
	 * Whether the task given at the start is still to be taken up, judged by the verdict: busy work or a hook's end of
	 * a turn takes it up, and a ready prompt shown for taskPickupMs gives up waiting. A question (a trust or
	 * permission dialog before the task) shows as such, and the wait starts again after it.
	 */
	private stillPending(verdict: Verdict, now: number): boolean {
		const turnEnded = verdict.source === 'hook' && verdict.kind === 'idle' && this.hookState?.event !== 'SessionStart';
		if (verdict.kind === 'busy' || verdict.kind === 'exited' || turnEnded) {
			this.taskPending = false;
			return false;
		}
		if (verdict.kind !== 'idle') {
			this.readySince = undefined;
			return false;
		}
		this.readySince ??= now;
		if (now - this.readySince < taskPickupMs) return true;
		this.taskPending = false;
		return false;
	}

	private decide(now: number): Verdict {
		if (this.exit !== undefined) {
			return {kind: 'exited', reason: this.exit.signal === undefined ? `exit code ${this.exit.code}` : `killed by ${this.exit.signal}`, source: 'process'};
		}

		const screen = this.decideScreen(now);
		if (this.lastScreen?.kind !== screen.kind || this.lastScreen.reason !== screen.reason) {
			this.record(now, 'screen', `screen says ${screen.kind}: ${screen.reason}${screen.detail ? ` ${JSON.stringify(screen.detail)}` : ''}`);
		}

		this.lastScreen = screen;
		const hook = this.hookState;
		if (hook === undefined) return screen;
		const fromHook: Verdict = {kind: hook.kind, reason: `hook ${hook.event}`, source: 'hook', ...(hook.detail ? {detail: hook.detail} : {})};
		if (screen.positive !== true || screen.kind === hook.kind) {
			this.disagreeSince = undefined;
			return fromHook;
		}

		const covered = (this.rules.hookKinds ?? ['busy', 'waiting', 'idle']).includes(screen.kind as 'busy');
		if (!covered) {
			// The hooks never report this kind: the screen's word counts once the screen changed after the report.
			return this.regionChangedAt > hook.at || this.titleChangedAt > hook.at ? screen : fromHook;
		}

		this.disagreeSince ??= now;
		if (now - Math.max(this.disagreeSince, hook.at) >= hookGraceMs) {
			return {...screen, reason: `${screen.reason}, ${hookGraceMs / 1000} s after hook ${hook.event}`};
		}

		return fromHook;
	}

	/** What the screen and the terminal signals alone say. */
	private decideScreen(now: number): Verdict {
		if (this.waitingMatch) {
			return {kind: 'waiting', reason: 'question on screen', source: 'screen', detail: this.waitingMatch.text, positive: true};
		}

		const titleSpinning = this.rules.busyTitle?.test(this.titleText) === true
			&& now - this.titleChangedAt < this.rules.staleAfterMs;
		// A bell or notification after the last visible change means the program finished or wants the user.
		const attention = this.attentionAt >= Math.max(this.regionChangedAt, titleSpinning ? this.titleChangedAt : -Infinity);
		if (attention) {
			return this.attentionAsks
				? {kind: 'waiting', reason: 'notification asks for input', source: 'notification'}
				: {kind: 'idle', reason: 'bell or notification', source: 'bell'};
		}

		if (this.busyMatch) {
			if (now - this.regionChangedAt < this.rules.staleAfterMs || titleSpinning) {
				return {kind: 'busy', reason: 'busy text on screen', source: 'screen', detail: this.busyMatch.text, positive: true};
			}

			return {kind: 'idle', reason: 'busy text went stale', source: 'quiet', detail: this.busyMatch.text};
		}

		if (titleSpinning) {
			return {kind: 'busy', reason: 'spinner in title', source: 'title', detail: this.titleText, positive: true};
		}

		// A prompt on screen outranks output activity: it is drawn last, once the program is done.
		if (this.readyMatch) {
			return {kind: 'idle', reason: 'prompt on screen', source: 'screen', detail: this.readyMatch.text, positive: true};
		}

		if (this.rules.activityBusyMs !== undefined && now - this.lastActivityAt < this.rules.activityBusyMs) {
			return this.leftStarting
				? {kind: 'busy', reason: 'output flowing', source: 'output'}
				: {kind: 'starting', reason: 'first screen drawing', source: 'output'};
		}

		if (!this.leftStarting && (!this.sawOutput || now - this.lastOutputAt < startupQuietMs)) {
			return {kind: 'starting', reason: this.sawOutput ? 'first screen drawing' : 'no output yet', source: this.sawOutput ? 'output' : 'process'};
		}

		return {kind: 'idle', reason: 'quiet', source: 'quiet'};
	}

	private record(at: number, source: SignalSource, text: string): void {
		this.signals.push({at, source, text});
		if (this.signals.length > keptSignals) this.signals.shift();
	}
}

function firstMatch(patterns: readonly RegExp[], region: string): Match | undefined {
	for (const pattern of patterns) {
		const found = pattern.exec(region);
		if (found) return {pattern: pattern.source, text: found[0].trim().slice(0, 80)};
	}

	return undefined;
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
