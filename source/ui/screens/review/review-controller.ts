/**
 * The review screen of one session: everything it changed since it forked from its base (committed, staged,
 * unstaged, untracked), one file at a time. The file list comes first; each file's diff is fetched and parsed only
 * when that file is shown, and only the visible lines are rendered, so a huge change opens as fast as a small one.
 */
import {access} from 'node:fs/promises';
import React from 'react';
import type {AgentWorkspace} from '../../../core/workspace/workspace.js';
import type {WorkspaceEntry} from '../../../core/workspace/types.js';
import {withGitAbort} from '../../../core/git/git-abort.js';
import type {DiffFile, DiffSummary, WorktreeService} from '../../../core/git/worktree-service.js';
import {FileDiff} from '../../../core/review/file-diff.js';
import type {KeyEvent} from '../../input/key-event.js';
import type {CommandIdOf} from '../../keymap/index.js';
import {errorText} from '../../grid/command-runner.js';
import type {ScreenController, ScreenHost} from '../types.js';
import {EditorFailed, editorCommand} from './editor-command.js';
import {isAgentgridError} from '../../../core/errors.js';
import {type NoteDraft, editNote, startNote} from './note-editor.js';
import {reviewLayout} from './review-layout.js';
import {type DiffBody, type FileRow, type NoteView, ReviewView, type ReviewViewModel} from './ReviewView.js';
import {type Viewport, fitViewport, scrollViewport, startViewport} from './viewport.js';
import {displayPath, hasRawBytes} from '../../../core/git/raw-path.js';

export interface ReviewDependencies {
	entry: WorkspaceEntry;
	worktrees: Pick<WorktreeService, 'diff' | 'diffFile'>;
	workspace: Pick<AgentWorkspace, 'entries' | 'paste' | 'pressKey'>;
	host: ScreenHost;
	env: NodeJS.ProcessEnv;
	/** Pause between the pasted note and the Enter that submits it: some programs take an Enter in the same read as part of the paste. */
	submitDelayMs?: number;
	/** Runs the editor on the real terminal; replaceable to run it elsewhere. */
}

type Loaded<T> = {state: 'loading'} | {state: 'ready'; value: T} | {state: 'failed'; message: string};

const statusLetter: Record<string, string> = {
	added: 'A', modified: 'M', deleted: 'D', renamed: 'R', copied: 'C', 'type-changed': 'T', unmerged: 'U',
};

const fileKey = (file: DiffFile): string => `${file.oldPath ?? ''}\u0000${file.path}`;

export class ReviewController implements ScreenController {
	readonly scope = 'review' as const;
	private summary: Loaded<DiffSummary> = {state: 'loading'};
	private selected = 0;
	private listTop = 0;
	private readonly diffs = new Map<string, Loaded<FileDiff>>();
	/** Where the reader was in each file, so coming back to a file returns to the same line. */
	private readonly viewports = new Map<string, Viewport>();
	private note: NoteDraft | undefined;
	/** Bumped on reload, so answers to earlier requests are dropped. */
	private generation = 0;
	private disposed = false;
	/** Stops the git reads of the current load (a big diff can take a while) when it is replaced or the screen closes. */
	private loading = new AbortController();

	constructor(private readonly deps: ReviewDependencies) {
		void this.load();
	}

	/** The session whose changes are shown. */
	get entry(): WorkspaceEntry {
		return this.deps.entry;
	}

	/** The file list once loaded (for tests and callers that want the figures). */
	get files(): readonly DiffFile[] {
		return this.summary.state === 'ready' ? this.summary.value.files : [];
	}

	get selectedFile(): DiffFile | undefined {
		return this.files[this.selected];
	}

	/** The selected file's parsed diff, once fetched. */
	get selectedDiff(): FileDiff | undefined {
		const file = this.selectedFile;
		const loaded = file ? this.diffs.get(fileKey(file)) : undefined;
		return loaded?.state === 'ready' ? loaded.value : undefined;
	}

	get viewport(): Viewport {
		const file = this.selectedFile;
		return (file && this.viewports.get(fileKey(file))) ?? startViewport;
	}

	get draft(): NoteDraft | undefined {
		return this.note;
	}

	/** Resolves once the file list and the selected file's diff (if any) have been fetched or have failed. */
	async ready(): Promise<void> {
		await this.pending;
	}

	private pending: Promise<void> = Promise.resolve();

	/** (Re)reads the file list, keeping the selected file and line when they still exist. */
	async load(): Promise<void> {
		const generation = ++this.generation;
		const previous = this.selectedFile;
		// What the previous load still reads is stale: its git processes are stopped.
		this.loading.abort('the diff is read again');
		this.loading = new AbortController();
		const {signal} = this.loading;
		const work = (async () => {
			try {
				const summary = await withGitAbort(signal, async () => this.deps.worktrees.diff(this.entry.slug));
				if (generation !== this.generation || this.disposed) return;
				this.diffs.clear();
				this.summary = {state: 'ready', value: summary};
				const again = previous ? summary.files.findIndex(file => fileKey(file) === fileKey(previous)) : -1;
				this.selected = Math.max(0, again);
			} catch (error) {
				if (generation !== this.generation || this.disposed) return;
				this.summary = {state: 'failed', message: errorText(error)};
			}
			this.changed();
			await this.loadSelected();
		})();
		this.pending = work;
		await work;
	}

	private async loadSelected(): Promise<void> {
		const file = this.selectedFile;
		if (!file || file.binary) return;
		const key = fileKey(file);
		if (this.diffs.has(key)) return;
		const generation = this.generation;
		this.diffs.set(key, {state: 'loading'});
		let loaded: Loaded<FileDiff>;
		try {
			const text = await withGitAbort(this.loading.signal, async () => this.deps.worktrees.diffFile(this.entry.slug, file.path, file.oldPath));
			loaded = {state: 'ready', value: FileDiff.parse(text)};
		} catch (error) {
			loaded = {state: 'failed', message: errorText(error)};
		}
		if (generation !== this.generation || this.disposed) return;
		this.diffs.set(key, loaded);
		if (fileKey(this.selectedFile ?? file) === key) this.changed();
	}

	onKey(key: KeyEvent, command: CommandIdOf<'review'> | undefined): void {
		if (this.note) {
			this.noteKey(key);
			return;
		}
		if (command === undefined) return;
		switch (command) {
			case 'review.close':
				this.deps.host.close();
				return;
			case 'review.next-file':
				return this.select(this.selected + 1);
			case 'review.previous-file':
				return this.select(this.selected - 1);
			case 'review.feedback':
				return this.openNote();
			case 'review.edit':
				void this.edit();
				return;
			default:
				this.scroll(command);
		}
	}

	private page(): number {
		return reviewLayout(this.deps.host.size(), this.note ? this.note.text.split('\n').length : undefined).diffHeight;
	}

	private scroll(command: string): void {
		const file = this.selectedFile;
		const diff = this.selectedDiff;
		if (!file || !diff) return;
		const next = scrollViewport(this.viewport, command, diff, this.page());
		if (!next) return;
		this.viewports.set(fileKey(file), next);
		this.changed();
	}

	private select(index: number): void {
		const count = this.files.length;
		if (count === 0) return;
		const next = Math.max(0, Math.min(count - 1, index));
		if (next === this.selected) return;
		this.selected = next;
		this.changed();
		this.pending = this.loadSelected();
	}

	/** The line the cursor is on, in the words a reader (or an editor's +N) would use. */
	private cursorAnchor(): {file: DiffFile; line?: number; side?: 'new' | 'old'} | undefined {
		const file = this.selectedFile;
		if (!file) return undefined;
		const anchor = this.selectedDiff?.anchorAt(this.viewport.cursor);
		return anchor ? {file, line: anchor.line, side: anchor.side} : {file};
	}

	private openNote(): void {
		const at = this.cursorAnchor();
		let prefill = '';
		if (at?.line !== undefined) prefill = `In ${displayPath(at.file.path)} ${at.side === 'old' ? 'old line' : 'line'} ${at.line}: `;
		else if (at) prefill = `In ${displayPath(at.file.path)}: `;
		this.note = startNote(prefill);
		this.changed();
	}

	private noteKey(key: KeyEvent): void {
		const action = editNote(this.note!, key);
		switch (action.kind) {
			case 'edit':
				this.note = action.draft;
				this.changed();
				return;
			case 'cancel':
				this.note = undefined;
				this.changed();
				return;
			case 'send':
				this.sendNote();
				return;
			default:
		}
	}

	/** Types the note into the agent's pane as one paste, submits it, and shows that pane. */
	private sendNote(): void {
		const text = this.note!.text.trim();
		const {host, workspace} = this.deps;
		if (text === '') {
			host.flash('The note is empty; type something or press Esc', 'error');
			return;
		}
		const current = workspace.entries().find(entry => entry.id === this.entry.id);
		if (!current || current.status === 'stopped' || current.status === 'exited' || current.terminal === undefined) {
			host.flash(`The agent in ${this.entry.slug} is not running, so the note was not sent (it is kept here). Restart it from the grid with r.`, 'error');
			return;
		}
		workspace.paste(current.id, text);
		setTimeout(() => workspace.pressKey(current.id, {name: 'enter'}), this.deps.submitDelayMs ?? 80);
		this.note = undefined;
		host.focusSession(current.id, true);
	}

	/** Opens the file at the cursor line in the user's editor inside the worktree, then reloads the diff. */
	private async edit(): Promise<void> {
		const {host, env} = this.deps;
		const at = this.cursorAnchor();
		if (!at) return;
		if (at.file.status === 'deleted') {
			host.flash(`${displayPath(at.file.path)} is deleted in this session; there is nothing to open`, 'error');
			return;
		}
		if (hasRawBytes(at.file.path)) {
			// Program arguments are UTF-8, so no editor could be handed this name.
			host.flash(`${displayPath(at.file.path)}: the name is not UTF-8, so it cannot be passed to an editor; rename it first`, 'error');
			return;
		}
		const worktree = this.entry.worktree;
		try {
			await access(worktree);
		} catch {
			host.flash(`The worktree of ${this.entry.slug} is missing (${worktree}); only its commits can be reviewed`, 'error');
			return;
		}
		const editor = editorCommand(env, at.file.path, at.side === 'new' ? at.line : undefined);
		try {
			await host.runInTerminal({file: editor.command, args: editor.args, cwd: worktree, env});
		} catch (error) {
			host.flash(errorText(isAgentgridError(error) ? error : new EditorFailed(editor.command, error instanceof Error ? error.message : String(error))), 'error');
			return;
		}
		if (!this.disposed) await this.load();
	}

	private changed(): void {
		if (!this.disposed) this.deps.host.changed();
	}

	dispose(): void {
		this.disposed = true;
		this.loading.abort('the review was closed');
	}

	render(size: {cols: number; rows: number}): React.ReactElement {
		return React.createElement(ReviewView, {model: this.viewModel(size), cols: size.cols, rows: size.rows});
	}

	/** What is on screen now: the visible slice of the file list and the diff, nothing more. */
	viewModel(size: {cols: number; rows: number}): ReviewViewModel {
		const noteLines = this.note?.text.split('\n');
		const layout = reviewLayout(size, noteLines?.length);
		const title = `Review ${this.entry.slug}`;
		const note = this.note && noteLines ? noteView(this.note, noteLines, layout.noteRows, this.entry.slug) : undefined;
		if (this.summary.state !== 'ready') {
			const body: DiffBody = this.summary.state === 'loading'
				? {kind: 'message', text: 'Reading the changes…', tone: 'info'}
				: {kind: 'message', text: this.summary.message, tone: 'error'};
			return {layout, title, summary: '', files: [], countsWidth: 0, body, note};
		}
		const summary = this.summary.value;
		const files = summary.files;
		const heading = `${files.length} file${files.length === 1 ? '' : 's'} +${summary.added} -${summary.removed} against ${summary.base} (${summary.mergeBase.slice(0, 8)})`;
		this.listTop = fitViewport({cursor: this.selected, top: this.listTop}, files.length, layout.bodyHeight).top;
		const rows: FileRow[] = files.slice(this.listTop, this.listTop + layout.bodyHeight).map((file, index) => ({
			key: fileKey(file),
			letter: statusLetter[file.status] ?? '?',
			path: displayPath(file.path),
			counts: countsOf(file),
			origin: file.origin,
			selected: this.listTop + index === this.selected,
		}));
		const countsWidth = Math.max(0, ...rows.map(row => row.counts.length));
		const file = this.selectedFile;
		if (!file) {
			return {layout, title, summary: heading, files: rows, countsWidth, body: {kind: 'message', text: `No changes: ${this.entry.slug} is the same as ${summary.base}.`, tone: 'info'}, note};
		}
		const {body, position} = this.diffBody(file, layout.diffHeight);
		const detail = [file.oldPath ? `from ${displayPath(file.oldPath)}` : file.status, file.origin, file.binary ? 'binary' : `+${file.added} -${file.removed}`].join(' · ');
		return {
			layout,
			title,
			summary: heading,
			files: rows,
			countsWidth,
			header: {letter: statusLetter[file.status] ?? '?', path: displayPath(file.path), detail, position: `${this.selected + 1}/${files.length}${position}`},
			body,
			note,
		};
	}

	private diffBody(file: DiffFile, height: number): {body: DiffBody; position: string} {
		if (file.binary) return {body: {kind: 'message', text: 'binary file', tone: 'info'}, position: ''};
		const loaded = this.diffs.get(fileKey(file));
		if (!loaded || loaded.state === 'loading') return {body: {kind: 'message', text: 'Loading the diff…', tone: 'info'}, position: ''};
		if (loaded.state === 'failed') return {body: {kind: 'message', text: loaded.message, tone: 'error'}, position: ''};
		const diff = loaded.value;
		if (diff.binary) return {body: {kind: 'message', text: 'binary file', tone: 'info'}, position: ''};
		if (diff.lineCount === 0) return {body: {kind: 'message', text: 'No textual changes (only the mode or the name changed).', tone: 'info'}, position: ''};
		const viewport = fitViewport(this.viewport, diff.lineCount, height);
		this.viewports.set(fileKey(file), viewport);
		const numberWidth = Math.max(3, String(diff.maxLineNumber()).length);
		const lines = diff.lines(viewport.top, viewport.top + height).map((line, index) => ({line, cursor: viewport.top + index === viewport.cursor}));
		return {body: {kind: 'lines', numberWidth, rows: lines}, position: ` · line ${viewport.cursor + 1}/${diff.lineCount}`};
	}
}

function countsOf(file: DiffFile): string {
	return file.binary ? 'binary' : `+${file.added} -${file.removed}`;
}

/** The rows of the note that fit, scrolled so the cursor's row is visible. */
function noteView(draft: NoteDraft, lines: string[], visibleRows: number, target: string): NoteView {
	const before = draft.text.slice(0, draft.cursor).split('\n');
	const cursorLine = before.length - 1;
	const cursorColumn = [...before.at(-1)!].length;
	const first = Math.max(0, Math.min(cursorLine - visibleRows + 1, lines.length - visibleRows));
	return {target, rows: lines.slice(first, first + visibleRows), cursorRow: cursorLine - first, cursorColumn};
}
