/**
 * Search across every pane (`/` in grid mode): one query over all sessions' history, the hits listed by session with
 * their line and the lines around the selected one; Enter opens that pane in copy mode at the hit. Typing edits the
 * query and searches again once the typing pauses.
 */
import React from 'react';
import {compileQuery, type HistoryQuery} from '../../../core/terminal/history-query.js';
import type {HistoryMatch} from '../../../core/terminal/terminal-history.js';
import type {KeyEvent} from '../../input/key-event.js';
import type {CommandIdOf} from '../../keymap/index.js';
import type {ScreenOpenContext} from '../registry.js';
import type {ScreenController} from '../types.js';
import {SearchView, type SearchHit} from './SearchView.js';

/** Typing pauses this long before the (whole-history) search runs. */
const debounceMs = 120;
/** Hits listed per session; the count stays exact beyond it. */
const listedPerSession = 200;

export interface SearchResult {
	query: HistoryQuery;
	hits: SearchHit[];
	/** Hits per session slug, in pane order. */
	counts: Array<{slug: string; count: number; capped: boolean}>;
	durationMs: number;
}

export class SearchScreen implements ScreenController<'search'> {
	readonly scope = 'search' as const;
	private text = '';
	private result: SearchResult | undefined;
	private selected = 0;
	private timer: NodeJS.Timeout | undefined;

	constructor(private readonly context: ScreenOpenContext) {}

	onKey(key: KeyEvent, command: CommandIdOf<'search'> | undefined): void {
		switch (command) {
			case 'search.down':
				return this.select(this.selected + 1);
			case 'search.up':
				return this.select(this.selected - 1);
			case 'search.page-down':
				return this.select(this.selected + 10);
			case 'search.page-up':
				return this.select(this.selected - 10);
			case 'search.close':
				return this.context.host.close();
			case 'search.open': {
				this.flushSearch();
				const hit = this.result?.hits[this.selected];
				if (!hit || !this.result) {
					this.context.host.flash(this.text === '' ? 'type what to search for' : `no match for ${this.text}`, 'error');
					return;
				}
				this.context.host.openCopyAt(hit.id, this.result.query, hit.match);
				return;
			}
			default:
				break;
		}
		if (key.name === 'backspace') this.edit([...this.text].slice(0, -1).join(''));
		else if (key.ctrl && key.name === 'u') this.edit('');
		else if (key.name === 'paste' || (key.text !== undefined && !key.ctrl && !key.alt)) this.edit(this.text + (key.text ?? '').replace(/[\r\n]+/g, ' '));
	}

	render(size: {cols: number; rows: number}): React.ReactElement {
		const hit = this.result?.hits[this.selected];
		const history = hit && this.context.services.workspace.entries().find(entry => entry.id === hit.id)?.terminal?.history;
		const context = hit && history ? contextOf(history, hit.match) : [];
		return <SearchView cols={size.cols} rows={size.rows} text={this.text} result={this.result} selected={this.selected} context={context} pending={this.timer !== undefined} />;
	}

	dispose(): void {
		clearTimeout(this.timer);
	}

	/** Runs the query over every pane's history now. */
	search(text: string): SearchResult | undefined {
		const query = compileQuery(text);
		if (!query) return undefined;
		const started = performance.now();
		const hits: SearchHit[] = [];
		const counts: SearchResult['counts'] = [];
		for (const entry of this.context.services.workspace.entries()) {
			const history = entry.terminal?.history;
			if (!history) continue;
			const {matches, capped} = history.search(query.regex);
			if (matches.length === 0) continue;
			counts.push({slug: entry.slug, count: matches.length, capped});
			for (const match of matches.slice(-listedPerSession)) {
				hits.push({id: entry.id, slug: entry.slug, match, line: history.text(match.row)});
			}
		}
		return {query, hits, counts, durationMs: performance.now() - started};
	}

	private edit(text: string): void {
		this.text = text;
		clearTimeout(this.timer);
		this.timer = setTimeout(() => this.flushSearch(), debounceMs);
		this.context.host.changed();
	}

	private flushSearch(): void {
		if (this.timer === undefined) return;
		clearTimeout(this.timer);
		this.timer = undefined;
		this.result = this.search(this.text);
		// The newest hits first are what people look for in agents' output: select the last one.
		this.selected = Math.max(0, (this.result?.hits.length ?? 0) - 1);
		this.context.host.changed();
	}

	private select(index: number): void {
		const count = this.result?.hits.length ?? 0;
		this.selected = Math.max(0, Math.min(count - 1, index));
		this.context.host.changed();
	}
}

/** The hit's lines and two on each side, with their line numbers. */
function contextOf(history: {text(row: number): string; length: number}, match: HistoryMatch): Array<{row: number; text: string; hit: boolean}> {
	const lines: Array<{row: number; text: string; hit: boolean}> = [];
	for (let row = Math.max(0, match.row - 2); row <= Math.min(history.length - 1, match.endRow + 2); row++) {
		lines.push({row, text: history.text(row), hit: row >= match.row && row <= match.endRow});
	}
	return lines;
}

export function openHistorySearch(context: ScreenOpenContext): SearchScreen {
	return new SearchScreen(context);
}
