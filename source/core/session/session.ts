/**
 * One agent in one pane: its process in a pty, a headless terminal that always holds its current screen (each read
 * parsed before the next, so a flooding program is held back by the pty itself), and a status tracker reading that
 * screen. Closing a session ends its process tree but keeps the terminal, so the last screen stays visible until the
 * session is disposed.
 */
import {stat} from 'node:fs/promises';
import {AgentgridError} from '../errors.js';
import {HeadlessTerminal, type TerminalColors} from '../terminal/headless-terminal.js';
import {encodeKey, encodePaste, type KeyPress} from '../terminal/key-encoder.js';
import {EchoedAnswers} from './echoed-answers.js';
import {genericStatus} from './presets.js';
import {spawnPty, type Disposable, type KillOptions, type PtyExit, type PtyProcess} from './pty.js';
import {StatusTracker, type HookReport, type SessionStatus, type StatusChange, type StatusExplanation, type StatusRules} from './status.js';
import {buildTerminalEnv} from './terminal-env.js';
import {findExecutable} from './which.js';

export interface SessionOptions {
	file: string;
	args: readonly string[];
	cwd: string;
	/** The environment to start from (e.g. process.env plus session variables); terminal identity is set here. */
	env: NodeJS.ProcessEnv;
	cols: number;
	rows: number;
	scrollback?: number;
	/** The outer terminal's colours, reported to programs that ask (OSC 10/11). */
	colors?: TerminalColors;
	/** agentgrid's version, reported to XTVERSION. */
	version?: string;
	/** Claim the kitty keyboard protocol (the outer terminal speaks it). */
	kittyKeyboard?: boolean;
	status?: StatusRules;
	/** Typed as a paste and submitted once the program is first ready for input. */
	typedPrompt?: string;
	/** The program was given a task at its start: its status stays `starting` until it takes the task up. */
	givenTask?: boolean;
	/** Time source for status timestamps; tests pass a fake. */
	clock?: () => number;
	/** Receives every byte the program prints and each terminal size, for the session's output log. */
	recorder?: OutputRecorder;
	/**
	 * Continue in this terminal (an earlier run's, holding its history) instead of a new one: it is resized to
	 * cols x rows and takes over the other options that apply to a terminal after it was made (kitty keyboard).
	 */
	terminal?: HeadlessTerminal;
}

/**
 * Where a session's raw output goes besides its terminal, chunk by chunk as the terminal has parsed it (so the
 * terminal's state is the one the recorded output leads to); it must return at once (queue, write later).
 */
export interface OutputRecorder {
	output(text: string): void;
	resize(cols: number, rows: number): void;
}

/** Screens are sampled for status at most this often while output streams in. */
const statusSampleMs = 100;
/** The line-kill character (VKILL, Ctrl+U): erases the pending line of a cooked tty, and its echo. */
const lineKill = '\x15';
/** Some TUIs take a paste followed by Enter in the same read as part of the paste. */
const submitDelayMs = 80;

type Listener<T> = (value: T) => void;

export class Session {
	readonly terminal: HeadlessTerminal;
	readonly pid: number;
	private readonly pty: PtyProcess;
	private readonly tracker: StatusTracker;
	private readonly clock: () => number;
	private readonly recorder: OutputRecorder | undefined;
	private readonly subscriptions: Disposable[] = [];
	private readonly parsedListeners = new Set<Listener<void>>();
	private readonly statusListeners = new Set<Listener<StatusChange>>();
	private readonly titleListeners = new Set<Listener<string>>();
	private readonly bellListeners = new Set<Listener<void>>();
	private readonly notificationListeners = new Set<Listener<string>>();
	private readonly exitListeners = new Set<Listener<PtyExit>>();
	private readonly answers = new EchoedAnswers();
	private unsentAnswers = '';
	private lastSampleAt = -Infinity;
	private sampleTimer: NodeJS.Timeout | undefined;
	private deadlineTimer: NodeJS.Timeout | undefined;
	private deadlineAt = Infinity;
	private pendingPrompt: string | undefined;
	private exitInfo: PtyExit | undefined;
	private disposed = false;

	/** Starts the program; fails with a readable error when it or the directory cannot be found. */
	static async start(options: SessionOptions): Promise<Session> {
		const env = buildTerminalEnv(options.env);
		const directory = await stat(options.cwd).catch(() => undefined);
		if (directory?.isDirectory() !== true) {
			throw new AgentgridError('session-cwd-missing', `Cannot start ${options.file}: directory ${options.cwd} does not exist.`);
		}

		const file = await findExecutable(options.file, {...env, PWD: options.cwd});
		if (file === undefined) {
			throw new AgentgridError('command-not-found', `"${options.file}" was not found on PATH.`,
				'Install it, or set the full path of the program in the preset\'s "command".');
		}

		return new Session({...options, file, env}, env);
	}

	private constructor(options: SessionOptions, env: Record<string, string>) {
		this.clock = options.clock ?? Date.now;
		this.tracker = new StatusTracker(options.status ?? genericStatus, this.clock(), {givenTask: options.givenTask});
		this.pendingPrompt = options.typedPrompt;
		this.recorder = options.recorder;
		this.recorder?.resize(options.cols, options.rows);
		this.terminal = options.terminal ?? new HeadlessTerminal({
			cols: options.cols,
			rows: options.rows,
			scrollback: options.scrollback,
			colors: options.colors,
			version: options.version,
			kittyKeyboard: options.kittyKeyboard,
		});
		if (options.terminal) {
			options.terminal.resize(options.cols, options.rows);
			options.terminal.setKittyKeyboard(options.kittyKeyboard ?? false);
		}
		this.pty = spawnPty({file: options.file, args: options.args, cwd: options.cwd, env, cols: options.cols, rows: options.rows});
		this.pid = this.pty.pid;
		this.subscriptions.push(
			this.pty.onData(data => this.ingest(data)),
			this.pty.onExit(exit => this.finish(exit)),
			this.terminal.onResponse(data => this.answer(data)),
			this.terminal.onParsed(() => {
				emit(this.parsedListeners, undefined);
				this.scheduleSample();
			}),
			this.terminal.onTitle(title => {
				this.apply(this.tracker.title(title, this.clock()));
				emit(this.titleListeners, title);
			}),
			this.terminal.onBell(() => {
				// The screen as it is at the bell, so the bell counts as after whatever the program drew before it.
				this.sampleNow();
				this.apply(this.tracker.bell(this.clock()));
				emit(this.bellListeners, undefined);
			}),
			this.terminal.onNotification(text => {
				this.sampleNow();
				this.apply(this.tracker.notification(text, this.clock()));
				emit(this.notificationListeners, text);
			}),
		);
		this.armDeadline();
	}

	get status(): SessionStatus {
		return this.tracker.status;
	}

	/** Set once the process has exited and its last output has been parsed. */
	get exit(): PtyExit | undefined {
		return this.exitInfo;
	}

	/** The agent reported an event through its hooks; `at` is when the hook ran (hooks may finish out of order). */
	hook(report: HookReport, at?: number): void {
		if (this.exitInfo !== undefined || this.disposed) return;
		// The screen as it is now, so the report is weighed against what the agent shows.
		this.sampleNow();
		this.apply(this.tracker.hook(report, this.clock(), at));
	}

	/** Why the status is what it is. */
	explain(): StatusExplanation {
		return this.tracker.explain();
	}

	/** Bytes typed by the user, passed through verbatim. */
	write(data: string): void {
		this.apply(this.tracker.input(this.clock()));
		this.pty.write(data);
	}

	/** Text pasted by the user: bracketed when the program asked for bracketed paste, so it is not run line by line. */
	paste(text: string): void {
		this.write(encodePaste(text, this.terminal.modes));
	}

	/** A key agentgrid presses for the user (the Enter that submits a note), encoded the way the program asked for keys. */
	pressKey(key: KeyPress): void {
		this.write(encodeKey(key, this.terminal.modes));
	}

	resize(cols: number, rows: number): void {
		if (cols !== this.terminal.cols || rows !== this.terminal.rows) this.recorder?.resize(cols, rows);
		this.terminal.resize(cols, rows);
		this.pty.resize(cols, rows);
	}

	/** Ends the process tree (politely, then by force after the grace period); the last screen stays. */
	async close(options?: KillOptions): Promise<void> {
		await this.pty.kill(options);
		await this.whenExited();
	}

	/** Closes the session and frees its terminal, unless `keepTerminal` (a next run of the agent continues in it). */
	async dispose(options: {keepTerminal?: boolean} = {}): Promise<void> {
		if (this.disposed) {
			return;
		}

		this.disposed = true;
		await this.close({graceMs: 500});
		this.clearTimers();
		this.subscriptions.forEach(subscription => subscription.dispose());
		if (!options.keepTerminal) this.terminal.dispose();
	}

	onParsed(listener: () => void): Disposable {
		return subscribe(this.parsedListeners, listener);
	}

	onStatus(listener: (change: StatusChange) => void): Disposable {
		return subscribe(this.statusListeners, listener);
	}

	onTitle(listener: (title: string) => void): Disposable {
		return subscribe(this.titleListeners, listener);
	}

	onBell(listener: () => void): Disposable {
		return subscribe(this.bellListeners, listener);
	}

	onNotification(listener: (text: string) => void): Disposable {
		return subscribe(this.notificationListeners, listener);
	}

	/** Fires after the exit status change, once every byte the program printed has been parsed. */
	onExit(listener: (exit: PtyExit) => void): Disposable {
		if (this.exitInfo !== undefined) {
			const exit = this.exitInfo;
			queueMicrotask(() => listener(exit));
			return {dispose() {}};
		}

		return subscribe(this.exitListeners, listener);
	}

	private ingest(data: string): void {
		// An answer that came back as echo reached a cooked tty: nobody asked any more, so take it back.
		if (!this.answers.empty && this.answers.takeEcho(data, performance.now())) this.pty.write(lineKill);
		this.apply(this.tracker.output(this.clock()));
		this.terminal.write(data, () => {
			// Recorded as it is parsed, so the log and the terminal agree at every point (a resize applies at once, between
			// parsed chunks, and is recorded there too).
			this.recorder?.output(data);
		});
	}

	/**
	 * Answers to the queries of one chunk go out together, right after its parse in the same turn: a tty that changes
	 * mode meanwhile gets all of them in one mode, so they are either read by the program or echoed and taken back.
	 */
	private answer(data: string): void {
		if (this.unsentAnswers === '') {
			queueMicrotask(() => {
				const answers = this.unsentAnswers;
				this.unsentAnswers = '';
				this.pty.write(answers);
				this.answers.noteAnswer(answers, performance.now());
			});
		}
		this.unsentAnswers += data;
	}

	private finish(exit: PtyExit): void {
		// An empty write completes after everything written before it has been parsed.
		this.terminal.write('', () => {
			// An answer echoed after the program restored its tty and exited stays unless taken off here.
			const {x, y} = this.terminal.cursor;
			const erase = this.answers.eraseAtExit((this.terminal.screenText()[y] ?? '').slice(0, x));
			if (erase === '') {
				this.reportExit(exit);
				return;
			}
			this.terminal.write(erase, () => {
				this.recorder?.output(erase);
				this.reportExit(exit);
			});
		});
	}

	private reportExit(exit: PtyExit): void {
		this.sampleNow();
		this.exitInfo = exit;
		this.clearTimers();
		this.apply(this.tracker.exited(exit.exitCode, exit.signal, this.clock()));
		emit(this.exitListeners, exit);
		this.exitListeners.clear();
	}

	private whenExited(): Promise<void> {
		return new Promise(resolve => this.onExit(() => resolve()));
	}

	private scheduleSample(): void {
		if (this.sampleTimer !== undefined || this.exitInfo !== undefined) {
			return;
		}

		const wait = this.lastSampleAt + statusSampleMs - this.clock();
		if (wait <= 0) {
			this.sampleNow();
			return;
		}

		this.sampleTimer = setTimeout(() => {
			this.sampleTimer = undefined;
			this.sampleNow();
		}, wait);
	}

	private sampleNow(): void {
		if (this.disposed) {
			return;
		}

		const now = this.clock();
		this.lastSampleAt = now;
		this.apply(this.tracker.screen(this.terminal.screenText(), now));
	}

	private apply(change: StatusChange | undefined): void {
		if (change !== undefined) emit(this.statusListeners, change);
		if (this.pendingPrompt !== undefined && this.tracker.readyForInput) this.typePrompt(this.pendingPrompt);

		this.armDeadline();
	}

	private typePrompt(prompt: string): void {
		this.pendingPrompt = undefined;
		this.tracker.taskTyped(this.clock());
		this.paste(prompt);
		setTimeout(() => {
			if (this.exitInfo === undefined) {
				this.write('\r');
			}
		}, submitDelayMs);
	}

	/** One timer for the next moment the status can change on its own (busy text going stale, output ending). */
	private armDeadline(): void {
		const next = this.tracker.nextCheckAt(this.clock());
		if (next === undefined || next >= this.deadlineAt || this.exitInfo !== undefined) {
			return;
		}

		clearTimeout(this.deadlineTimer);
		this.deadlineAt = next;
		this.deadlineTimer = setTimeout(() => {
			this.deadlineTimer = undefined;
			this.deadlineAt = Infinity;
			this.sampleNow();
			this.apply(this.tracker.tick(this.clock()));
		}, Math.max(0, next - this.clock()) + 1);
		this.deadlineTimer.unref();
	}

	private clearTimers(): void {
		clearTimeout(this.sampleTimer);
		clearTimeout(this.deadlineTimer);
		this.sampleTimer = undefined;
		this.deadlineTimer = undefined;
		this.deadlineAt = Infinity;
	}
}

function subscribe<T>(listeners: Set<Listener<T>>, listener: Listener<T>): Disposable {
	listeners.add(listener);
	return {dispose: () => listeners.delete(listener)};
}

function emit<T>(listeners: Set<Listener<T>>, value: T): void {
	for (const listener of [...listeners]) {
		listener(value);
	}
}
