/**
 * A workflow screen (review, test run, merge, cleanup, radar) takes over the area above the status bar. The grid
 * routes parsed keys to it (with the command its keymap scope binds them to), renders its view, and lays out any live
 * terminal it shows with the same compositor as the panes.
 */
import type React from 'react';
import type {TestRunner} from '../../core/workflow/test-runner.js';
import type {RepositorySettings} from '../../core/config/repository-settings.js';
import type {TrustStatus} from '../../core/config/trust.js';
import type {UserSettingsData} from '../../core/config/user-settings-schema.js';
import type {WorktreeService} from '../../core/git/worktree-service.js';
import type {TerminalColors} from '../../core/terminal/colors.js';
import type {AgentWorkspace} from '../../core/workspace/workspace.js';
import type {KeyEvent} from '../input/key-event.js';
import type {CommandIdOf, Keymap, ScreenScope} from '../keymap/index.js';
import type {ScreenLayer} from '../render/screen.js';
import type {HistoryQuery} from '../../core/terminal/history-query.js';
import type {HistoryMatch} from '../../core/terminal/terminal-history.js';

/** What screens work with: the repository's services and settings. */
export interface ScreenServices {
	workspace: AgentWorkspace;
	worktrees: WorktreeService;
	repoRoot: string;
	repository: RepositorySettings;
	trust: TrustStatus;
	user: UserSettingsData;
	keymap: Keymap;
	env: NodeJS.ProcessEnv;
	colors: TerminalColors;
	version: string;
	/** The repository's one test runner: runs in progress outlive the screens that show them. */
	tests: TestRunner;
}

/** What a screen may ask of the grid that hosts it. */
export interface ScreenHost {
	/** Back to the grid. */
	close(): void;
	flash(text: string, kind?: 'info' | 'error'): void;
	/** Back to the grid with this session focused, in pane mode when asked (e.g. after sending it feedback). */
	focusSession(id: string, paneMode: boolean): void;
	/** Back to the grid with a session's pane in copy mode at a search hit. */
	openCopyAt(id: string, query: HistoryQuery, match: HistoryMatch): void;
	/** The screen's state changed: render it again. */
	changed(): void;
	/** The screen's live terminal layers changed (added, removed, resized). */
	relayout(): void;
	/** Runs a program (an editor) on the user's own terminal, then takes the terminal back; resolves with its exit code. */
	runInTerminal(request: {file: string; args: string[]; cwd: string; env?: NodeJS.ProcessEnv}): Promise<number>;
	/** The area the screen owns: the whole terminal except the status bar. */
	size(): {cols: number; rows: number};
}

export interface ScreenController<S extends ScreenScope = ScreenScope> {
	readonly scope: S;
	/** A key pressed on the screen; `command` is the keymap command of the screen's scope it is bound to, if any. */
	onKey(key: KeyEvent, command: CommandIdOf<S> | undefined): void;
	/** Whether one of the screen's commands applies now: true, or why not. The footer lists only those that apply. */
	enabled?(command: CommandIdOf<S>): true | string;
	render(size: {cols: number; rows: number}): React.ReactElement;
	/** A question of the screen is open: keys go to Ink, where its ChoiceList reads them, instead of to onKey. */
	asking?(): boolean;
	/** Live terminals shown inside the screen (e.g. the test run), painted by the compositor. */
	layers?(size: {cols: number; rows: number}): ScreenLayer[];
	dispose?(): void;
}
