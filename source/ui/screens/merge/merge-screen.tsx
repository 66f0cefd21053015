/**
 * `m` (one session) and `M` (the marked sessions, in order): runs the merge pipeline, answers its questions with
 * the user's keys, shows the test gate live, and afterwards offers push, cleanup, or handing a conflict back to
 * the agent.
 */
import React from 'react';
import {errorText} from '../../grid/command-runner.js';
import type {KeyEvent} from '../../input/key-event.js';
import {keyFor, type CommandId, type CommandIdOf} from '../../keymap/index.js';
import type {ScreenLayer} from '../../render/screen.js';
import type {PushResult} from '../../../core/git/worktree-service.js';
import {conflictMessage} from '../../../core/workflow/conflict-message.js';
import {describeOutcome, type MergeDependencies, type MergeOutcome, type MergeTarget} from '../../../core/workflow/merge-pipeline.js';
import {mergeQueue} from '../../../core/workflow/merge-queue.js';
import type {TestRun} from '../../../core/workflow/test-run.js';
import type {TestRunner} from '../../../core/workflow/test-runner.js';
import type {ScreenOpenContext} from '../registry.js';
import type {ScreenController, ScreenHost, ScreenServices} from '../types.js';
import {mergeLines, mergeTitle, type MergeState, type Prompt, type SessionRow} from './merge-state.js';
import {MergeView, mergeLayout, textHeight} from './MergeView.js';

export interface MergeScreenOptions {
	sessions: Array<{id: string; target: MergeTarget}>;
	queue: boolean;
	services: ScreenServices;
	runner: TestRunner;
	host: ScreenHost;
	setPaneExtras: ScreenOpenContext['setPaneExtras'];
	clearMarks: ScreenOpenContext['clearMarks'];
}

/** What a push did, from its result: where the branch went, whether it is new there, and the upstream it tracks. */
function pushedText(result: PushResult): string {
	const what = result.upToDate ? 'already up to date, ' : result.created ? 'new, ' : '';
	return `${result.branch} → ${result.upstream} (${what}set as upstream)`;
}

/** Some agents take a paste followed at once by Enter as part of the paste. */
const submitDelayMs = 80;

export class MergeScreen implements ScreenController {
	readonly scope = 'merge' as const;
	private readonly state: MergeState;
	private testRun: TestRun | undefined;
	private testRunLive = false;
	/** Where the terminal box was last laid out: the text above it grows and shrinks with the merge's progress. */
	private layoutTextRows: number | undefined;
	private disposed = false;

	constructor(private readonly options: MergeScreenOptions) {
		this.state = {
			queue: options.queue,
			rows: options.sessions.map(({id, target}): SessionRow => ({id, target, steps: []})),
			current: 0,
			running: true,
		};
		void this.run();
	}

	onKey(key: KeyEvent, command: CommandIdOf<'merge'> | undefined): void {
		const prompt = this.state.prompt;
		if (prompt?.kind === 'commit' && prompt.editing) {
			this.editMessage(prompt, key);
			return;
		}
		if (prompt?.kind === 'override' && prompt.confirming && command !== 'merge.override') {
			if (command === 'merge.close') this.close();
			else prompt.answer(false);
			return;
		}
		if (prompt?.kind === 'commit' && command === 'merge.edit-message') {
			prompt.editing = true;
			this.changed();
			return;
		}
		if (command !== undefined && this.enabled(command) !== true) {
			this.notApplicable(key, command);
			return;
		}
		switch (command) {
			case 'merge.confirm':
				if (prompt?.kind === 'commit') {
					if (prompt.message.trim() === '') {
						this.options.host.flash(`The commit message is empty: ${this.key('merge.edit-message')} edits it`, 'error');
						return;
					}
					prompt.answer(prompt.message.trim());
					return;
				}
				break;
			case 'merge.override':
				if (prompt?.kind === 'override') {
					if (prompt.confirming) {
						prompt.answer(true);
					} else {
						prompt.confirming = true;
						this.changed();
					}
					return;
				}
				break;
			case 'merge.send-conflict':
				this.sendConflict();
				return;
			case 'merge.push':
				this.push();
				return;
			case 'merge.pull-request':
				this.pullRequest();
				return;
			case 'merge.close':
				this.close();
				return;
		}
		this.notApplicable(key, command);
	}

	render(size: {cols: number; rows: number}): React.ReactElement {
		const run = this.testRun;
		const terminal = run
			? {title: `${run.label} on ${run.commit.slice(0, 7)} · ${run.state === 'running' ? 'running' : run.state}`, color: run.state === 'passed' ? 'greenBright' : run.state === 'failed' ? 'redBright' : run.state === 'running' ? 'yellow' : 'cyan'}
			: undefined;
		return <MergeView model={{title: mergeTitle(this.state), lines: mergeLines(this.state, this.keyName), terminal}} cols={size.cols} rows={size.rows} />;
	}

	private layout(size: {cols: number; rows: number}) {
		return mergeLayout(size, textHeight({lines: mergeLines(this.state, this.keyName)}, size.cols));
	}

	layers(size: {cols: number; rows: number}): ScreenLayer[] {
		const run = this.testRun;
		if (!run) {
			return [];
		}
		const layout = this.layout(size);
		this.layoutTextRows = layout.textRows;
		const {inner} = layout.terminal;
		run.resize(inner.width, inner.height);
		return [{surface: run.terminal, rect: {...inner, width: Math.min(inner.width, run.terminal.cols), height: Math.min(inner.height, run.terminal.rows)}}];
	}

	dispose(): void {
		this.disposed = true;
		// A question left open would hold the pipeline forever: closing answers "stop here".
		const prompt = this.state.prompt;
		this.state.prompt = undefined;
		if (prompt?.kind === 'commit') prompt.answer(null);
		if (prompt?.kind === 'override') prompt.answer(false);
		void this.testRun?.dispose();
	}

	private async run(): Promise<void> {
		const {services, host, runner} = this.options;
		const deps: MergeDependencies = {
			worktrees: services.worktrees,
			tests: runner,
			testSize: () => {
				const {inner} = this.layout(host.size()).terminal;
				return {cols: inner.width, rows: inner.height};
			},
			taskFile: services.user.taskFile,
			decisions: {
				commitMessage: async (target, files, suggested) => new Promise(resolve => {
					this.ask({kind: 'commit', slug: target.slug, files, message: suggested, editing: false, answer: resolve});
				}),
				overrideTests: async (target, reason) => new Promise(resolve => {
					this.ask({kind: 'override', slug: target.slug, base: target.base, reason, confirming: false, answer: resolve});
				}),
			},
			observer: {
				steps: (target, steps) => {
					const row = this.rowOf(target.slug);
					row.steps = [...steps];
					this.changed();
				},
				testRun: (_target, run) => {
					if (run) this.showRun(run);
					this.testRunLive = run !== undefined;
					this.changed();
				},
			},
		};
		try {
			await mergeQueue(this.state.rows.map(row => row.target), deps, {
				starting: (_target, index) => {
					this.state.current = index;
					this.changed();
				},
				finished: (outcome, index) => this.finished(outcome, index),
			});
		} catch (error) {
			host.flash(`The merge stopped: ${errorText(error)}`, 'error');
		}
		this.state.running = false;
		this.changed();
		void services.workspace.load().catch(() => {});
	}

	private finished(outcome: MergeOutcome, index: number): void {
		const row = this.state.rows[index]!;
		row.outcome = outcome;
		// Left with a question answered "stop": the grid says how it ended.
		if (this.disposed) this.options.host.flash(describeOutcome(outcome), outcome.kind === 'merged' ? 'info' : 'error');
		if (outcome.kind === 'merged') {
			this.options.clearMarks([row.id]);
			// The tested commit is now the session's HEAD, so its result is current.
			if (outcome.tests) this.options.setPaneExtras(row.id, {tests: {passed: outcome.tests.passed, stale: false}});
		} else if (outcome.kind === 'tests-failed' && outcome.result) {
			this.options.setPaneExtras(row.id, {tests: {passed: false, stale: false}});
		} else if (outcome.kind === 'conflict') {
			this.state.conflictMessage = conflictMessage(outcome.conflict, row.target.branch);
		}
		this.changed();
	}

	private ask(prompt: Prompt): void {
		const answer = prompt.answer as (value: never) => void;
		// Once answered the question leaves the screen, whichever way it was answered.
		prompt.answer = ((value: never) => {
			if (this.state.prompt === prompt) this.state.prompt = undefined;
			answer(value);
			this.changed();
		}) as typeof prompt.answer;
		this.state.prompt = prompt;
		this.changed();
	}

	private editMessage(prompt: Extract<Prompt, {kind: 'commit'}>, key: KeyEvent): void {
		if (key.name === 'enter') {
			prompt.editing = false;
			if (prompt.message.trim() !== '') {
				prompt.answer(prompt.message.trim());
				return;
			}
		} else if (key.name === 'escape') {
			prompt.editing = false;
		} else if (key.name === 'backspace') {
			prompt.message = [...prompt.message].slice(0, -1).join('');
		} else if (key.name === 'paste' && key.text) {
			prompt.message += key.text.replaceAll(/\s*\n\s*/g, ' ');
		} else if (key.text && !key.ctrl && !key.alt) {
			prompt.message += key.text;
		}
		this.changed();
	}

	private sendConflict(): void {
		const {host, services} = this.options;
		const row = this.state.rows.find(candidate => candidate.outcome?.kind === 'conflict');
		if (!row || !this.state.conflictMessage) {
			host.flash(`There is no conflict to send: ${this.key('merge.send-conflict')} is for a rebase that conflicted`, 'error');
			return;
		}
		const entry = services.workspace.entries().find(candidate => candidate.id === row.id);
		if (!entry?.terminal || entry.status === 'stopped' || entry.status === 'exited') {
			host.flash(`The agent in ${row.target.slug} is not running: restart it (${this.key('session.restart')} on the grid), then merge again and press ${this.key('merge.send-conflict')}`, 'error');
			return;
		}
		services.workspace.paste(row.id, this.state.conflictMessage);
		setTimeout(() => services.workspace.pressKey(row.id, {name: 'enter'}), submitDelayMs);
		host.flash(`sent the conflict to ${row.target.slug}`);
		host.focusSession(row.id, true);
	}

	private push(): void {
		const {host, services} = this.options;
		const merged = this.state.rows.filter(row => row.outcome?.kind === 'merged');
		if (this.state.running || merged.length === 0) {
			host.flash('Nothing merged to push yet', 'error');
			return;
		}
		if (this.state.push?.state === 'pushing') {
			return;
		}
		this.state.push = {state: 'pushing', text: `pushing ${merged.map(row => row.target.branch).join(', ')}…`};
		this.changed();
		void (async () => {
			const pushed: string[] = [];
			try {
				for (const row of merged) {
					const result = await services.worktrees.push(row.target.slug);
					pushed.push(pushedText(result));
				}
				this.state.push = {state: 'done', text: `pushed ${pushed.join(', ')}`};
			} catch (error) {
				this.state.push = {state: 'failed', text: `${pushed.length > 0 ? `pushed ${pushed.join(', ')}; ` : ''}${errorText(error)}`};
			}
			this.changed();
		})();
	}

	/** The review-elsewhere path: push each session branch with its upstream and open a pull request for it. */
	private pullRequest(): void {
		const {services} = this.options;
		if (this.state.running || this.state.push?.state === 'pushing') return;
		const rows = this.state.rows;
		this.state.push = {state: 'pushing', text: `pushing ${rows.map(row => row.target.branch).join(', ')} and opening pull requests…`};
		this.changed();
		void (async () => {
			const done: string[] = [];
			try {
				for (const row of rows) {
					const result = await services.worktrees.push(row.target.slug, {openPullRequest: true});
					const pr = result.pullRequest;
					done.push(`${pushedText(result)}${pr?.opened ? ` · pull request ${pr.url ?? 'opened'}` : pr?.reason ? ` · no pull request: ${pr.reason}` : ''}`);
				}
				this.state.push = {state: 'done', text: done.join('; ')};
			} catch (error) {
				this.state.push = {state: 'failed', text: `${done.length > 0 ? `${done.join('; ')}; ` : ''}${errorText(error)}`};
			}
			this.changed();
		})();
	}

	private close(): void {
		const {host} = this.options;
		if (this.state.prompt) {
			// Stopping at a question is leaving: closing answers it "stop here" (dispose), and the grid shows the outcome.
			host.close();
			return;
		}
		if (this.state.running) {
			if (this.testRunLive && this.testRun) {
				host.flash('stopping the tests; nothing will be merged');
				void this.testRun.stop();
				return;
			}
			host.flash('A merge step is in progress; it takes a moment (nothing is left half done)', 'error');
			return;
		}
		host.close();
	}

	private showRun(run: TestRun): void {
		const previous = this.testRun;
		this.testRun = run;
		this.options.host.relayout();
		void previous?.dispose();
		void run.finished.then(() => this.changed());
	}

	enabled(command: CommandIdOf<'merge'>): true | string {
		const {prompt, running, push} = this.state;
		switch (command) {
			case 'merge.confirm':
				return prompt?.kind === 'commit' ? true : 'there is nothing to confirm';
			case 'merge.edit-message':
				return prompt?.kind === 'commit' ? true : 'there is no commit message to edit';
			case 'merge.override':
				return prompt?.kind === 'override' ? true : 'the tests did not fail';
			case 'merge.send-conflict':
				return this.state.conflictMessage !== undefined && this.state.rows.some(row => row.outcome?.kind === 'conflict') ? true : 'no rebase conflicted';
			case 'merge.push':
				if (running || push?.state === 'pushing') return 'the merge is in progress';
				return this.state.rows.some(row => row.outcome?.kind === 'merged') ? true : 'nothing is merged';
			case 'merge.pull-request':
				return running || push?.state === 'pushing' || prompt !== undefined ? 'the merge is in progress' : true;
			case 'merge.close':
				return true;
		}
	}

	/**
	 * A key that does nothing now. One of the screen's keys says why it does not apply; any other key gets one short
	 * hint (the footer lists the keys that apply).
	 */
	private notApplicable(key: KeyEvent, command: CommandIdOf<'merge'> | undefined): void {
		const {host} = this.options;
		if (key.name === 'paste' || key.name === 'mouse' || key.name === 'focus-in' || key.name === 'focus-out' || key.name === 'report') return;
		const enabled = command === undefined ? true : this.enabled(command);
		if (command !== undefined && enabled !== true) {
			host.flash(`${this.key(command)}: ${enabled}`, 'info');
			return;
		}
		const back = this.key('merge.close');
		if (this.state.running && !this.state.prompt) {
			host.flash(this.testRunLive ? `${back} stops the tests (nothing is merged)` : `a merge step is in progress; ${back} goes back once it is done`, 'info');
			return;
		}
		host.flash(`${back} goes back to the grid`, 'info');
	}

	private readonly keyName = (command: CommandId): string => this.key(command);

	private key(command: CommandId): string {
		return keyFor(this.options.services.keymap, command);
	}

	private rowOf(slug: string): SessionRow {
		return this.state.rows.find(row => row.target.slug === slug)!;
	}

	private changed(): void {
		if (this.disposed) return;
		const {host} = this.options;
		if (this.testRun && this.layout(host.size()).textRows !== this.layoutTextRows) host.relayout();
		host.changed();
	}
}
