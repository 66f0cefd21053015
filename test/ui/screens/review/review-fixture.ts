/**
 * A review controller on a real session of a real temp repository, with a host and workspace that record what the
 * screen asks of them (the grid and the agents are not part of these tests).
 */
import type {HeadlessTerminal} from '../../../../source/core/terminal/headless-terminal.js';
import type {KeyPress} from '../../../../source/core/terminal/key-encoder.js';
import type {EntryStatus, WorkspaceEntry} from '../../../../source/core/workspace/types.js';
import {keyEvent, type KeyEvent} from '../../../../source/ui/input/key-event.js';
import {ReviewController, type ReviewDependencies} from '../../../../source/ui/screens/review/review-controller.js';
import type {ScreenHost} from '../../../../source/ui/screens/types.js';
import {runOnTerminal} from '../../../../source/server/run-program.js';
import {serviceFixture, type ServiceFixture} from '../../../core/git/fixture.js';

export interface RecordingHost extends ScreenHost {
	flashes: Array<{text: string; kind?: string}>;
	closed: number;
	focused: Array<{id: string; paneMode: boolean}>;
	changes: number;
	suspended: number;
}

export function recordingHost(size = {cols: 120, rows: 30}): RecordingHost {
	const host: RecordingHost = {
		flashes: [],
		closed: 0,
		focused: [],
		changes: 0,
		suspended: 0,
		close: () => void host.closed++,
		flash: (text, kind) => void host.flashes.push({text, kind}),
		openCopyAt: () => undefined,
		focusSession: (id, paneMode) => void host.focused.push({id, paneMode}),
		changed: () => void host.changes++,
		relayout: () => {},
		runInTerminal: async request => {
			host.suspended++;
			return runOnTerminal(request.file, request.args, request.cwd, request.env);
		},
		size: () => size,
	};
	return host;
}

export interface RecordingWorkspace {
	status: EntryStatus;
	sent: Array<{kind: 'paste'; id: string; data: string} | {kind: 'key'; id: string; key: KeyPress}>;
	entries(): WorkspaceEntry[];
	paste(id: string, text: string): void;
	pressKey(id: string, key: KeyPress): void;
}

export interface ReviewFixture extends ServiceFixture {
	entry: WorkspaceEntry;
	host: RecordingHost;
	workspace: RecordingWorkspace;
	/** Paths diffFile was asked for, in order: the proof that files are fetched lazily. */
	fetched: string[];
	open(overrides?: Partial<ReviewDependencies>): Promise<ReviewController>;
}

export async function reviewFixture(slug = 'work', size?: {cols: number; rows: number}): Promise<ReviewFixture> {
	const fixture = await serviceFixture();
	const created = await fixture.service.createSession({slug});
	const entry: WorkspaceEntry = {
		id: slug, slug, branch: created.branch, worktree: created.worktree, base: created.base, agent: 'fake',
		status: 'idle', statusSince: 0, changedFiles: 0, terminal: {} as HeadlessTerminal,
	};
	const host = recordingHost(size);
	const workspace: RecordingWorkspace = {
		status: 'idle',
		sent: [],
		entries: () => [{...entry, status: workspace.status}],
		paste: (id, data) => void workspace.sent.push({kind: 'paste', id, data}),
		pressKey: (id, key) => void workspace.sent.push({kind: 'key', id, key}),
	};
	const fetched: string[] = [];
	const worktrees: ReviewDependencies['worktrees'] = {
		diff: async name => fixture.service.diff(name),
		diffFile: async (name, file, oldPath) => {
			fetched.push(file);
			return fixture.service.diffFile(name, file, oldPath);
		},
	};
	return {
		...fixture,
		entry,
		host,
		workspace,
		fetched,
		async open(overrides = {}) {
			const controller = new ReviewController({entry, worktrees, workspace, host, env: {}, submitDelayMs: 5, ...overrides});
			await controller.ready();
			return controller;
		},
	};
}

/** A typed character, as the key parser delivers it. */
export function typed(char: string): KeyEvent {
	return keyEvent(char, char, {}, char);
}

export const enter = keyEvent('enter', '\r');
export const altEnter = keyEvent('enter', '\u001b\r', {alt: true});
