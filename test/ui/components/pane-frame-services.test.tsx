import {render} from 'ink-testing-library';
import React from 'react';
import {stripVTControlCharacters} from 'node:util';
import {Box} from 'ink';
import {describe, expect, it} from 'vitest';
import {PaneFrame, serviceBadgeText} from '../../../source/ui/components/PaneFrame.js';
import type {PaneView} from '../../../source/ui/store.js';
import {isolationLines} from '../../../source/core/workspace/isolation-lines.js';

const pane = (extra: Partial<PaneView> = {}): PaneView => ({
	id: 'auth', slug: 'auth', agent: 'claude', branch: 'agentgrid/auth', status: 'idle', statusSince: 0, changedFiles: 0, attention: false, ...extra,
});

function title(view: PaneView, width: number): string {
	const {lastFrame, unmount} = render(
		<Box width={width} height={3}>
			<PaneFrame index={0} pane={view} rect={{x: 0, y: 0, width, height: 3}} focused={false} mode="grid" now={0} queued={0} part="title" restartKey="r" />
		</Box>,
	);
	const text = stripVTControlCharacters(lastFrame() ?? '').split('\n')[0]!;
	unmount();
	return text;
}

const services: PaneView['services'] = [
	{name: 'web', port: 4101, state: 'up'},
	{name: 'api', port: 4102, state: 'starting'},
	{name: 'job', state: 'exited', exitCode: 3},
	{name: 'docs', port: 4103, state: 'stopped'},
];

describe('service badges in pane titles', () => {
	it('show each service\'s port and state', () => {
		expect(services!.map(serviceBadgeText)).toEqual(['web :4101 ●', 'api :4102 ◌', 'job ✗3', 'docs :4103 ■']);
		const wide = title(pane({services, scope: 2}), 120);
		expect(wide).toContain('⊘2 web :4101 ● api :4102 ◌ job ✗3 docs :4103 ■');
	});

	it('keep whole badges in a narrow title and count the ones left out, and name the service shown', () => {
		const narrow = title(pane({services, view: 'web'}), 60);
		expect(narrow).toContain('1 auth ▸ web');
		expect(narrow).toMatch(/web :4101 ● (api :4102 ◌ )?\+[23] /);
		expect(narrow.length).toBeLessThanOrEqual(60);
	});
});

describe('isolation card lines', () => {
	it('list every part of what isolates a session, services with their state', () => {
		const lines = isolationLines({
			worktree: '/w/auth', branch: 'agentgrid/auth', base: 'main', index: 2, ports: [4101, 4102],
			env: {API_TOKEN: '••••••', PORT: '4101'}, linkFiles: ['node_modules'], teardownCommands: 2,
			services: [{name: 'web', command: 'serve 4101', port: 4101, state: 'up'}, {name: 'job', command: 'make', state: 'exited', exitCode: 3}, {name: 'api', command: 'node api.js', state: 'untrusted'}],
			owns: ['src/auth/'], avoid: [],
		});
		expect(lines).toEqual([
			'Worktree  /w/auth',
			'Branch    agentgrid/auth   (base main)',
			'Ports     4101, 4102   (session index 2)',
			'Services  3',
			'  web  :4101   ● up  serve 4101',
			'  job          ✗ exited 3  make',
			'  api          ■ not run: the repository file is not trusted  node api.js',
			'Owns      src/auth/',
			'Avoids    nothing in particular',
			'Linked    node_modules',
			'Teardown  2 commands run on removal',
			'Environment  2 variables (secret values masked)',
			'  API_TOKEN=••••••',
			'  PORT=4101',
		]);
	});
});
