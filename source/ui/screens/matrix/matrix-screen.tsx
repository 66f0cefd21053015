/**
 * The test matrix screen (`T`): the tests of every session and of the base side by side, live, with each session's
 * failures that the base does not have. Enter shows a row's output. Leaving the screen lets the runs finish; `T`
 * shows the same matrix again until it is run anew (`r`).
 */
import React from 'react';
import {baseSlug, defaultConcurrency, TestMatrix} from '../../../core/workflow/test-matrix.js';
import type {KeyEvent} from '../../input/key-event.js';
import type {CommandIdOf} from '../../keymap/index.js';
import type {ScreenLayer} from '../../render/screen.js';
import type {ScreenOpenContext} from '../registry.js';
import type {ScreenController, ScreenServices} from '../types.js';
import {terminalBoxRects} from '../tests/TerminalBox.js';
import {MatrixView, matrixHeaderRows} from './MatrixView.js';

/** One matrix per server, so reopening the screen shows the runs in progress. */
const matrices = new WeakMap<ScreenServices, TestMatrix>();

export class MatrixScreen implements ScreenController<'matrix'> {
	readonly scope = 'matrix' as const;
	private selected = 0;
	private showing: number | undefined;
	private readonly ticker: NodeJS.Timeout;

	constructor(private readonly context: ScreenOpenContext, private matrix: TestMatrix) {
		// Durations of running rows stay current.
		this.ticker = setInterval(() => context.host.changed(), 1000);
		this.ticker.unref();
	}

	onKey(_key: KeyEvent, command: CommandIdOf<'matrix'> | undefined): void {
		switch (command) {
			case 'matrix.down': {
				this.select(this.selected + 1);
				break;
			}

			case 'matrix.up': {
				this.select(this.selected - 1);
				break;
			}

			case 'matrix.open': {
				this.showing = this.showing === undefined && this.matrix.rows[this.selected]?.run ? this.selected : undefined;
				this.context.host.relayout();
				this.context.host.changed();
				break;
			}

			case 'matrix.stop': {
				void this.matrix.stop();
				break;
			}

			case 'matrix.rerun': {
				if (!this.matrix.finished) {
					this.context.host.flash('the matrix is still running; stop it first', 'error');
					break;
				}
				this.showing = undefined;
				this.matrix = startMatrix(this.context);
				this.context.host.relayout();
				this.context.host.changed();
				break;
			}

			case 'matrix.close': {
				if (this.showing !== undefined) {
					this.showing = undefined;
					this.context.host.relayout();
					this.context.host.changed();
				} else {
					this.context.host.close();
				}
				break;
			}

			default: {
				break;
			}
		}
	}

	enabled(command: CommandIdOf<'matrix'>): true | string {
		if (command === 'matrix.stop') return this.matrix.finished ? 'nothing is running' : true;
		if (command === 'matrix.rerun') return this.matrix.finished ? true : 'still running';
		if (command === 'matrix.open') return this.matrix.rows[this.selected]?.run ? true : 'the row has not started';
		return true;
	}

	render(size: {cols: number; rows: number}): React.ReactElement {
		return <MatrixView cols={size.cols} rows={size.rows} matrix={this.matrix} selected={this.selected} showing={this.showing} now={Date.now()} />;
	}

	layers(size: {cols: number; rows: number}): ScreenLayer[] {
		const run = this.showing === undefined ? undefined : this.matrix.rows[this.showing]?.run;
		if (!run) return [];
		const {inner} = terminalBoxRects(size, matrixHeaderRows);
		run.resize(inner.width, inner.height);
		return [{surface: run.terminal, rect: {...inner, width: Math.min(inner.width, run.terminal.cols), height: Math.min(inner.height, run.terminal.rows)}}];
	}

	dispose(): void {
		clearInterval(this.ticker);
	}

	private select(index: number): void {
		this.selected = Math.max(0, Math.min(index, this.matrix.rows.length - 1));
		if (this.showing !== undefined) {
			this.showing = this.matrix.rows[this.selected]?.run ? this.selected : undefined;
			this.context.host.relayout();
		}
		this.context.host.changed();
	}
}

function startMatrix(context: ScreenOpenContext): TestMatrix {
	const {services, host} = context;
	const entries = services.workspace.entries();
	const base = services.user.baseBranch || entries[0]?.base || 'base';
	const matrix = new TestMatrix({
		runner: services.tests,
		base: {slug: baseSlug, branch: base, worktree: services.repoRoot, base},
		targets: entries.map(entry => ({slug: entry.slug, branch: entry.branch, worktree: entry.worktree, base: entry.base})),
		concurrency: services.user.matrixConcurrency > 0 ? services.user.matrixConcurrency : defaultConcurrency(),
		size: () => {
			const {inner} = terminalBoxRects(host.size(), matrixHeaderRows);
			return {cols: inner.width, rows: inner.height};
		},
		onChange: () => {
			// Each finished session row marks its pane, as a single run does.
			for (const row of matrix.rows) {
				if (!row.base && (row.state === 'passed' || row.state === 'failed')) context.setPaneExtras(row.target.slug, {tests: {passed: row.state === 'passed', stale: false}});
			}
			host.changed();
		},
	});
	matrices.set(services, matrix);
	void matrix.run();
	return matrix;
}

export function openMatrix(context: ScreenOpenContext): ScreenController {
	const existing = matrices.get(context.services);
	return new MatrixScreen(context, existing ?? startMatrix(context));
}
