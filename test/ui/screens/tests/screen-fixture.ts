/**
 * A screen host that records what screens ask of it, and screen services over a real temp repository whose
 * workspace is a small recording stand-in (no agents run in these tests).
 */
import {Box, renderToString} from 'ink';
import React from 'react';
import {buildKeymap} from '../../../../source/ui/keymap/index.js';
import type {ScreenController, ScreenHost, ScreenServices} from '../../../../source/ui/screens/types.js';
import {userSettingsDefaults} from '../../../../source/core/config/user-settings-schema.js';
import {defaultTerminalColors} from '../../../../source/core/terminal/colors.js';
import type {WorkspaceEntry} from '../../../../source/core/workspace/types.js';
import type {KeyPress} from '../../../../source/core/terminal/key-encoder.js';
import type {AgentWorkspace} from '../../../../source/core/workspace/workspace.js';
import type {WorkflowFixture} from '../../../core/workflow/workflow-fixture.js';

export const screenSize = {cols: 120, rows: 40};

export interface RecordingHost extends ScreenHost {
	flashes: string[];
	closed: boolean;
	focused: Array<{id: string; paneMode: boolean}>;
	changes: number;
}

export function recordingHost(): RecordingHost {
	const host: RecordingHost = {
		flashes: [],
		closed: false,
		focused: [],
		changes: 0,
		close: () => {
			host.closed = true;
		},
		flash: text => {
			host.flashes.push(text);
		},
		openCopyAt: () => undefined,
		focusSession: (id, paneMode) => {
			host.focused.push({id, paneMode});
		},
		changed: () => {
			host.changes++;
		},
		relayout: () => {},
		runInTerminal: async () => 0,
		size: () => screenSize,
	};
	return host;
}

export interface RecordingWorkspace {
	pastes: Array<{id: string; text: string}>;
	keys: Array<{id: string; key: KeyPress}>;
	entries: WorkspaceEntry[];
}

export function screenServices(fixture: WorkflowFixture, recorded: RecordingWorkspace): ScreenServices {
	const workspace = {
		entries: () => recorded.entries,
		load: async () => {},
		paste: (id: string, text: string) => recorded.pastes.push({id, text}),
		pressKey: (id: string, key: KeyPress) => recorded.keys.push({id, key}),
	} as unknown as AgentWorkspace;
	return {
		workspace,
		worktrees: fixture.service,
		repoRoot: fixture.repo.root,
		repository: fixture.repositorySettings,
		trust: 'trusted',
		user: {...userSettingsDefaults},
		keymap: buildKeymap(),
		env: process.env,
		colors: defaultTerminalColors,
		version: 'test',
		tests: fixture.runner,
	};
}

export function entryFor(target: {slug: string; branch: string; worktree: string; base: string}): WorkspaceEntry {
	return {id: target.slug, ...target, agent: 'fake', status: 'idle', statusSince: 0, changedFiles: 0};
}

export function screenText(screen: ScreenController, size = screenSize): string {
	// The screens draw absolutely positioned boxes, as over the grid; they need an area of the screen's size.
	return renderToString(React.createElement(Box, {width: size.cols, height: size.rows}, screen.render(size)), {columns: size.cols});
}

export async function waitUntil(check: () => boolean, timeoutMs = 10_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!check()) {
		if (Date.now() > deadline) throw new Error(`condition not met in time: ${check.toString()}`);
		await new Promise(resolve => setTimeout(resolve, 20));
	}
}
