/**
 * `t` on the grid: runs the focused session's tests in its worktree and shows them live; the finished result is
 * recorded and shown in the session's pane title.
 */
import React from 'react';
import {errorText} from '../../grid/command-runner.js';
import type {KeyEvent} from '../../input/key-event.js';
import type {CommandId, CommandIdOf} from '../../keymap/index.js';
import type {ScreenLayer} from '../../render/screen.js';
import type {WorkspaceEntry} from '../../../core/workspace/types.js';
import {formatDuration} from '../../../core/workflow/merge-pipeline.js';
import type {TestResult} from '../../../core/workflow/test-results.js';
import type {TestRun, TestRunEnd} from '../../../core/workflow/test-run.js';
import type {TestRunner} from '../../../core/workflow/test-runner.js';
import type {ScreenOpenContext} from '../registry.js';
import type {ScreenController, ScreenHost} from '../types.js';
import {terminalBoxRects} from './TerminalBox.js';
import {buildKeymap, type Keymap} from '../../keymap/keymap.js';
import {keyFor} from '../../keymap/present.js';
import {TestsView, testsHeaderRows, type TestsViewModel} from './TestsView.js';

export interface TestsScreenOptions {
	entry: WorkspaceEntry;
	runner: TestRunner;
	host: ScreenHost;
	setPaneExtras: ScreenOpenContext['setPaneExtras'];
	clock?: () => number;
	/** The keys of a grid command as the user has them bound, for messages. */
	keyLabel?: (command: CommandId) => string;
}

type Phase =
	| {kind: 'starting'}
	| {kind: 'running'; run: TestRun}
	| {kind: 'ended'; run: TestRun}
	| {kind: 'error'; message: string};

export class TestsScreen implements ScreenController {
	readonly scope = 'tests' as const;
	private phase: Phase = {kind: 'starting'};
	private previous: TestResult | undefined;
	private ticker: NodeJS.Timeout | undefined;
	private disposed = false;
	private readonly runs = new Set<TestRun>();
	private readonly clock: () => number;

	constructor(private readonly options: TestsScreenOptions) {
		this.clock = options.clock ?? Date.now;
		void options.runner.results.get(options.entry.slug).then(result => {
			if (result?.branch === options.entry.branch) {
				this.previous = result;
				options.host.changed();
			}
		}, () => {});
		const live = options.runner.running(options.entry.slug);
		if (live) this.show(live.run, live.recorded);
		else this.start();
	}

	onKey(key: KeyEvent, command: CommandIdOf<'tests'> | undefined): void {
		switch (command) {
			case 'tests.stop':
				this.stop();
				return;
			case 'tests.rerun':
				if (this.phase.kind === 'running' || this.phase.kind === 'starting') {
					this.options.host.flash(`The tests are still running; ${this.key('tests.stop')} stops them`, 'error');
					return;
				}
				this.start();
				return;
			case 'tests.close':
				// The run belongs to the runner: it goes on, marks the pane when it ends, and t shows it again.
				if (this.phase.kind === 'running') this.options.host.flash(`the tests of ${this.options.entry.slug} keep running; ${this.reopenKey()} shows them again`);
				this.options.host.close();
				return;
			default:
				this.options.host.flash(`${key.name} does nothing here: ${this.key('tests.stop')} stops, ${this.key('tests.rerun')} runs again, ${this.key('tests.close')} goes back`, 'error');
		}
	}

	render(size: {cols: number; rows: number}): React.ReactElement {
		return <TestsView model={this.model()} cols={size.cols} rows={size.rows} />;
	}

	layers(size: {cols: number; rows: number}): ScreenLayer[] {
		const run = this.phase.kind === 'running' || this.phase.kind === 'ended' ? this.phase.run : undefined;
		if (!run) {
			return [];
		}
		const {inner} = terminalBoxRects(size, testsHeaderRows);
		run.resize(inner.width, inner.height);
		return [{surface: run.terminal, rect: {...inner, width: Math.min(inner.width, run.terminal.cols), height: Math.min(inner.height, run.terminal.rows)}}];
	}

	dispose(): void {
		this.disposed = true;
		clearInterval(this.ticker);
		// A run still going is left to finish; the runner frees it once it has and no screen shows it.
		for (const run of this.runs) this.options.runner.release(run);
	}

	private start(): void {
		const {entry, runner, host} = this.options;
		const {inner} = terminalBoxRects(host.size(), testsHeaderRows);
		this.phase = {kind: 'starting'};
		host.changed();
		runner.start(entry, {cols: inner.width, rows: inner.height}).then(
			({run, recorded}) => this.show(run, recorded),
			(error: unknown) => {
				this.phase = {kind: 'error', message: errorText(error)};
				host.changed();
			},
		);
	}

	private show(run: TestRun, recorded: Promise<TestRunEnd>): void {
		const {host} = this.options;
		this.runs.add(run);
		this.options.runner.hold(run);
		if (this.disposed) {
			this.runs.delete(run);
			this.options.runner.release(run);
			return;
		}
		this.phase = {kind: 'running', run};
		this.tick();
		host.relayout();
		host.changed();
		for (const earlier of this.runs) {
			if (earlier !== run) {
				this.runs.delete(earlier);
				this.options.runner.release(earlier);
			}
		}
		void recorded.then(end => this.ended(run, end.kind === 'finished' ? end.result : undefined));
	}

	private reopenKey(): string {
		return this.key('session.test');
	}

	/** A key as the user bound it, for a message; the default binding when none was given. */
	private key(id: CommandId): string {
		return this.options.keyLabel?.(id) ?? keyFor(defaultKeymap(), id);
	}

	private ended(run: TestRun, result: TestResult | undefined): void {
		if (this.disposed) {
			return;
		}
		clearInterval(this.ticker);
		this.ticker = undefined;
		if (result) {
			this.previous = result;
			this.options.setPaneExtras(this.options.entry.id, {tests: {passed: result.passed, stale: false}});
		}
		this.phase = {kind: 'ended', run};
		this.options.host.changed();
	}

	private stop(): void {
		if (this.phase.kind !== 'running') {
			this.options.host.flash('No tests are running; r runs them again', 'error');
			return;
		}
		this.options.host.flash('stopping the tests…');
		void this.phase.run.stop();
	}

	/** The elapsed time on screen moves once a second while the tests run. */
	private tick(): void {
		clearInterval(this.ticker);
		this.ticker = setInterval(() => this.options.host.changed(), 1000);
		this.ticker.unref();
	}

	private model(): TestsViewModel {
		const {entry} = this.options;
		const phase = this.phase;
		const run = phase.kind === 'running' || phase.kind === 'ended' ? phase.run : undefined;
		const where = run ? ` on ${run.commit.slice(0, 7)}${run.dirty ? ' + uncommitted changes' : ''}` : '';
		const title = `Tests · ${entry.slug} · ${entry.branch}${where}`;
		const terminalTitle = run ? run.label : '';
		if (phase.kind === 'error') {
			return {title, status: {text: phase.message, tone: 'error'}, terminalTitle, showTerminal: false};
		}
		if (phase.kind === 'starting' || !run) {
			return {title, status: {text: `starting the tests…${this.previousText()}`, tone: 'info'}, terminalTitle, showTerminal: false};
		}
		if (phase.kind === 'running') {
			return {title, status: {text: `running for ${formatDuration(Math.floor((this.clock() - run.startedAt) / 1000) * 1000)} · ${this.key('tests.stop')} stops${this.previousText()}`, tone: 'running'}, terminalTitle, showTerminal: true};
		}
		const result = run.result;
		if (!result) {
			return {title, status: {text: `stopped; nothing recorded · ${this.key('tests.rerun')} runs again`, tone: 'info'}, terminalTitle, showTerminal: true};
		}
		const verdict = result.passed ? 'passed' : `failed (exit ${result.exitCode}${result.signal ? `, ${result.signal}` : ''})`;
		return {
			title,
			status: {text: `${verdict} in ${formatDuration(result.durationMs)} on ${result.commit.slice(0, 7)}${result.dirty ? ' with uncommitted changes' : ''} · recorded · ${this.key('tests.rerun')} runs again`, tone: result.passed ? 'passed' : 'failed'},
			terminalTitle,
			showTerminal: true,
		};
	}

	private previousText(): string {
		const previous = this.previous;
		if (!previous) {
			return '';
		}
		return ` · last run ${previous.passed ? 'passed' : 'failed'} on ${previous.commit.slice(0, 7)}`;
	}
}

let defaults: Keymap | undefined;
const defaultKeymap = (): Keymap => (defaults ??= buildKeymap());
