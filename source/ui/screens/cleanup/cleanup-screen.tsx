/**
 * The cleanup screen (`c`): every agentgrid worktree and branch in one table, and the actions that tidy them without
 * losing work. Actions run one at a time; while one asks a question, keys go to the question's ChoiceList.
 */
import React from 'react';
import {SessionSlotStore, sessionSlotsFile} from '../../../core/config/session-slots.js';
import {withGitAbort} from '../../../core/git/git-abort.js';
import {errorText} from '../../grid/command-runner.js';
import type {KeyEvent} from '../../input/key-event.js';
import {keyFor, type CommandId, type CommandIdOf} from '../../keymap/index.js';
import type {ScreenOpenContext} from '../registry.js';
import type {ScreenController} from '../types.js';
import {CleanupActions, type CleanupChoice, type Outcome, type Question} from './cleanup-actions.js';
import {type CleanupRow, loadCleanupRows} from './cleanup-rows.js';
import {CleanupView} from './CleanupView.js';

export class CleanupScreen implements ScreenController {
	readonly scope = 'cleanup' as const;
	private rows: CleanupRow[] | undefined;
	private selected = 0;
	private readonly marked = new Set<string>();
	private question: {question: Question; id: number; answer: (choice: CleanupChoice | undefined) => void} | undefined;
	private questionsAsked = 0;
	private busy: string | undefined;
	private error: string | undefined;
	private disposed = false;
	private readonly closing = new AbortController();
	private readonly actions: CleanupActions;
	/** Settles when the table is loaded and no action runs (tests wait on it). */
	idle: Promise<void> = Promise.resolve();

	constructor(private readonly context: ScreenOpenContext) {
		const {services} = context;
		this.actions = new CleanupActions({
			worktrees: services.worktrees,
			workspace: services.workspace,
			slots: new SessionSlotStore(sessionSlotsFile(services.worktrees.repo.commonDir)),
			ask: question => this.ask(question),
			progress: text => {
				this.busy = text;
				this.changed();
			},
			key: command => keyFor(services.keymap, command),
		});
		this.run(async () => undefined);
	}

	/** While a question is open its ChoiceList reads the keys (through Ink), not onKey. */
	asking(): boolean {
		return this.question !== undefined;
	}

	/** The answer chosen in the question's ChoiceList: one of its choices, or undefined (cancelled). */
	answer(command: CommandId | undefined): void {
		if (!this.question) return;
		const {question, answer} = this.question;
		this.question = undefined;
		answer(question.choices.find(choice => choice.command === command)?.command);
		this.changed();
	}

	/** While a question is open its own list shows the keys that answer it; the table's keys wait. */
	enabled(): true | string {
		return this.question ? 'a question is open' : true;
	}

	onKey(_key: KeyEvent, command: CommandIdOf<'cleanup'> | undefined): void {
		if (this.question) return;
		if (command === 'cleanup.close') {
			this.context.host.close();
			return;
		}
		if (this.busy !== undefined) {
			if (command !== undefined) this.context.host.flash(`one moment: ${this.busy}`);
			return;
		}
		const rows = this.rows ?? [];
		switch (command) {
			case 'cleanup.down':
				this.select(this.selected + 1);
				break;
			case 'cleanup.up':
				this.select(this.selected - 1);
				break;
			case 'cleanup.mark': {
				const row = rows[this.selected];
				if (!row) break;
				if (!this.marked.delete(row.branch)) this.marked.add(row.branch);
				this.select(this.selected + 1);
				break;
			}
			case 'cleanup.remove':
				this.withTargets(targets => this.actions.remove(targets, false));
				break;
			case 'cleanup.remove-worktree':
				this.withTargets(targets => this.actions.remove(targets, true));
				break;
			case 'cleanup.delete-merged':
				this.run(async () => this.actions.deleteMerged(rows));
				break;
			case 'cleanup.prune':
				this.run(async () => this.actions.prune(rows));
				break;
			case 'cleanup.abort': {
				const row = rows[this.selected];
				if (row) this.run(async () => this.actions.abortInProgress(row));
				break;
			}
			default:
				break;
		}
	}

	render(size: {cols: number; rows: number}): React.ReactElement {
		return (
			<CleanupView
				cols={size.cols}
				rows={size.rows}
				model={{rows: this.rows, selected: this.selected, marked: this.marked, question: this.question, busy: this.busy, error: this.error, now: Date.now()}}
				keymap={this.context.services.keymap}
				onAnswer={this.onAnswer}
			/>
		);
	}

	private readonly onAnswer = (command: CommandId | undefined): void => this.answer(command);

	dispose(): void {
		this.disposed = true;
		this.closing.abort('the cleanup screen was closed');
		this.question?.answer(undefined);
	}

	/** The marked rows, or the one under the cursor when none is marked. */
	private withTargets(action: (targets: CleanupRow[]) => Promise<Outcome>): void {
		const rows = this.rows ?? [];
		const targets = this.marked.size > 0 ? rows.filter(row => this.marked.has(row.branch)) : rows.slice(this.selected, this.selected + 1);
		if (targets.length === 0) return;
		this.run(async () => action(targets));
	}

	/** Runs one action, then reads the table again (whatever happened, the table shows the repository as it is). */
	private run(action: () => Promise<Outcome | undefined>): void {
		this.busy = this.rows === undefined ? 'reading worktrees and branches…' : 'working…';
		this.error = undefined;
		this.changed();
		this.idle = (async () => {
			let outcome: Outcome | undefined;
			try {
				outcome = await action();
			} catch (error) {
				this.error = errorText(error);
			}
			// The action's last progress line ("pruning…") is over: say what runs now, beside how the action ended.
			this.busy = 'reading worktrees and branches…';
			if (outcome) this.context.host.flash(outcome.text, outcome.kind);
			this.changed();
			try {
				// Reading the table is stopped (its git processes killed) when the screen closes; actions are never.
				this.rows = await withGitAbort(this.closing.signal, async () => loadCleanupRows(this.context.services));
				const branches = new Set(this.rows.map(row => row.branch));
				for (const branch of this.marked) {
					if (!branches.has(branch)) this.marked.delete(branch);
				}
			} catch (error) {
				this.error = errorText(error);
				this.rows ??= [];
			}
			this.busy = undefined;
			this.select(this.selected);
		})();
	}

	private ask(question: Question): Promise<CleanupChoice | undefined> {
		if (this.disposed) return Promise.resolve(undefined);
		return new Promise(resolve => {
			this.question = {question, id: ++this.questionsAsked, answer: resolve};
			this.changed();
		});
	}

	private select(index: number): void {
		this.selected = Math.max(0, Math.min(index, (this.rows?.length ?? 0) - 1));
		this.changed();
	}

	private changed(): void {
		if (!this.disposed) this.context.host.changed();
	}
}

export function openCleanup(context: ScreenOpenContext): ScreenController {
	return new CleanupScreen(context);
}
