import {Box} from 'ink';
import {render} from 'ink-testing-library';
import React from 'react';
import {stripVTControlCharacters} from 'node:util';
import {afterEach, describe, expect, it} from 'vitest';
import {SpawnScreen, type SpawnRequest} from '../../../source/ui/components/SpawnScreen.js';
import {buildKeymap} from '../../../source/ui/keymap/index.js';

const agents = [
	{name: 'fake', label: 'Fake', installed: true},
	{name: 'shell', label: 'Shell', installed: true},
	{name: 'claude', label: 'Claude Code', installed: false, reason: 'claude not found on PATH'},
	{name: 'codex', label: 'Codex', installed: false, reason: 'codex not found on PATH'},
	{name: 'aider', label: 'Aider', installed: false, reason: 'aider not found on PATH'},
	{name: 'gemini', label: 'Gemini CLI', installed: false, reason: 'gemini not found on PATH'},
	{name: 'opencode', label: 'OpenCode', installed: false, reason: 'opencode not found on PATH'},
];

const unmounts: Array<() => void> = [];
afterEach(() => {
	for (const unmount of unmounts.splice(0)) unmount();
});

const suggest = (prompt: string) => prompt.toLowerCase().trim().replaceAll(/[^a-z0-9]+/g, '-').replaceAll(/^-|-$/g, '');

function open(size: {cols: number; rows: number}, options: {taken?: string[]; keymap?: ReturnType<typeof buildKeymap>; liveScopes?: Array<{slug: string; owns: string[]}>} = {}) {
	const submitted: SpawnRequest[] = [];
	const element = (props: {progress?: {steps: []}} = {}) => (
		<Box width={size.cols} height={size.rows}>
			<SpawnScreen
				cols={size.cols}
				rows={size.rows}
				keymap={options.keymap ?? buildKeymap()}
				agents={agents}
				defaultAgent="fake"
				defaultBase="main"
				mainCheckoutChanges={[]}
				liveScopes={options.liveScopes}
				suggestSlug={suggest}
				validateSlug={slug => (options.taken?.includes(slug) ? `a session named ${slug} exists` : undefined)}
				onSubmit={request => submitted.push(request)}
				onCancel={() => {}}
				{...props}
			/>
		</Box>
	);
	const view = render(element());
	unmounts.push(view.unmount);
	const frame = () => stripVTControlCharacters(view.lastFrame() ?? '');
	const press = async (...keys: string[]) => {
		for (const key of keys) {
			view.stdin.write(key);
			await new Promise(resolve => setTimeout(resolve, 10));
		}
	};
	return {view, frame, press, submitted, rerender: (props: {progress?: {steps: []}}) => view.rerender(element(props))};
}

const nameLine = (frame: string) => frame.split('\n').find(line => line.includes('Name'))!;

describe('spawn form', () => {
	it('edits the suggested name where the cursor is drawn: at its end, with readline keys', async () => {
		const form = open({cols: 100, rows: 24});
		await form.press(...'say hello and list the files');
		expect(nameLine(form.frame())).toContain('say-hello-and-list-the-files');
		await form.press('\t', '\u007F', '\u007F', '\u007F', '\u007F', '\u007F', 'names');
		expect(nameLine(form.frame())).toContain('say-hello-and-list-the-names');
		// Ctrl+W drops the last word (to the previous space: the whole name here), Ctrl+Y brings it back.
		await form.press('\u0017');
		expect(nameLine(form.frame())).not.toContain('say-hello');
		await form.press('\u0019', '\u0001', 'x-');
		expect(nameLine(form.frame())).toContain('x-say-hello-and-list-the-names');
		await form.press('\u0005', '-2', '\u001B[H', '\u000B');
		expect(form.frame()).toContain('✗ type a task or a name');
		await form.press('fresh', '\r');
		expect(form.submitted).toEqual([{prompt: 'say hello and list the files', slug: 'fresh', agent: 'fake', base: 'main'}]);
	});

	it('types Ctrl+U and Ctrl+E as edits, not letters', async () => {
		const form = open({cols: 100, rows: 24});
		await form.press(...'fix it', '\u0015', ...'new task', '\u0001', '\u0005', '!');
		const task = form.frame().split('\n').find(line => line.includes('Task'))!;
		expect(task).toContain('new task!');
		expect(task).not.toMatch(/fix|[ue]new/);
	});

	it('does not say the name is taken once the session is being set up with it', async () => {
		const taken: string[] = [];
		const form = open({cols: 100, rows: 24}, {taken});
		await form.press(...'hello', '\r');
		expect(form.submitted).toHaveLength(1);
		taken.push('hello');
		form.rerender({progress: {steps: []}});
		await form.press();
		expect(form.frame()).not.toContain('exists');
	});

	it('fits 40x10 with every field and agent row inside the frame, and says so below what it can fit', async () => {
		const form = open({cols: 40, rows: 10});
		await form.press(...'a long task for a narrow window, typed on');
		const lines = form.frame().split('\n');
		expect(lines.length).toBeLessThanOrEqual(10);
		for (const line of lines) expect([...line].length).toBeLessThanOrEqual(40);
		const text = form.frame();
		for (const label of ['Task', 'Name', 'Agent', 'Base']) expect(text).toContain(label);
		expect(text).toMatch(/❯ Fake/);
		// The text scrolls sideways: the end of what was typed is visible.
		expect(text).toContain('typed on');

		const tiny = open({cols: 24, rows: 6});
		expect(tiny.frame()).toContain('Terminal too small');
	});

	it('takes owns, avoid and done-when, space- or comma-separated, and sends them only when typed', async () => {
		const form = open({cols: 100, rows: 24});
		const frame = form.frame();
		for (const label of ['Owns', 'Avoid', 'Done when']) expect(frame).toContain(label);
		await form.press(...'auth fix', '\t', '\t', '\t', '\t', ...'./src/auth/, test/auth/  src/auth/', '\t', ...'package-lock.json', '\t', ...'login works; npm test passes', '\r');
		expect(form.submitted).toEqual([{prompt: 'auth fix', slug: 'auth-fix', agent: 'fake', base: 'main', owns: ['src/auth/', 'test/auth/'], avoid: ['package-lock.json'], doneWhen: ['login works', 'npm test passes']}]);
	});

	it('refuses a path outside the repository, saying which', async () => {
		const form = open({cols: 100, rows: 24});
		await form.press(...'x', '\t', '\t', '\t', '\t', ...'src/ ../etc', '\r');
		expect(form.frame()).toContain('✗ Owns: "../etc" leaves the repository.');
		expect(form.submitted).toEqual([]);
	});

	it('warns, without blocking, when the new scope overlaps what a live session owns', async () => {
		const form = open({cols: 120, rows: 24}, {liveScopes: [{slug: 'login-work', owns: ['src/auth/login.ts', 'docs/']}, {slug: 'api-work', owns: ['src/api/']}, {slug: 'other', owns: ['lib/']}]});
		await form.press(...'y', '\t', '\t', '\t', '\t', ...'src/auth/ docs/guide.md');
		expect(form.frame()).toContain('⚠ overlaps what login-work owns (src/auth/login.ts, docs/)');
		expect(form.frame()).not.toContain('api-work');
		await form.press('\r');
		expect(form.submitted).toHaveLength(1);
		expect(form.submitted[0]!.owns).toEqual(['src/auth/', 'docs/guide.md']);
	});

	it('leaves the scope fields out of a terminal too short for them, and Tab skips them', async () => {
		const form = open({cols: 40, rows: 12});
		expect(form.frame()).not.toContain('Owns');
		await form.press('z', '\t', '\t', '\t', '\t');
		// Back on the task after Name, Agent and Base.
		await form.press('!');
		expect(form.frame().split('\n').find(line => line.includes('Task'))).toContain('z!');
	});

	it('names its keys from the keymap', async () => {
		const form = open({cols: 100, rows: 24}, {keymap: buildKeymap({overrides: {'form.submit': ['C-s'], 'form.next-field': ['C-n']}})});
		await form.press('x');
		expect(form.frame()).toContain('Ctrl+S start');
		expect(form.frame()).toContain('Ctrl+N next field');
		await form.press('\r');
		expect(form.submitted).toHaveLength(0);
	});
});
