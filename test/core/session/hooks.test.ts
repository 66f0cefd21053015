import {describe, expect, it} from 'vitest';
import {claudeHookEvents, hookLaunchArgs, hookShellCommand, interpretHook, shellQuote} from '../../../source/core/session/hooks.js';
import {StatusTracker, hookGraceMs, type StatusRules} from '../../../source/core/session/status.js';

const argv = ['/usr/bin/node', "/opt/it's here/bin/agentgrid.js", 'hook'];

const rules: StatusRules = {
	regionRows: 5,
	busy: [/esc to interrupt/],
	waiting: [/Do you want to proceed\?/],
	ready: [/^│ > /m],
	staleAfterMs: 4000,
};

describe('hook launch arguments', () => {
	it('quotes words for the shell that runs Claude Code hooks', () => {
		expect(shellQuote('/usr/bin/node')).toBe('/usr/bin/node');
		expect(shellQuote("it's")).toBe(String.raw`'it'\''s'`);
		expect(hookShellCommand(argv)).toBe(String.raw`/usr/bin/node '/opt/it'\''s here/bin/agentgrid.js' hook`);
	});

	it('gives Claude Code one inline settings layer with a bounded hook per event, nothing to write', () => {
		const [flag, json, ...rest] = hookLaunchArgs({kind: 'claude'}, argv);
		expect(flag).toBe('--settings');
		expect(rest).toEqual([]);
		const {hooks} = JSON.parse(json!) as {hooks: Record<string, Array<{matcher?: string; hooks: Array<{type: string; command: string; timeout: number}>}>>};
		expect(Object.keys(hooks)).toEqual([...claudeHookEvents]);
		expect(hooks.PreToolUse![0]!.matcher).toBe('*');
		expect(hooks.Stop![0]!.matcher).toBeUndefined();
		expect(hooks.Stop![0]!.hooks).toEqual([{type: 'command', command: `${hookShellCommand(argv)} Stop`, timeout: 5}]);
	});

	it('gives Codex a notify program as a TOML array, and custom presets their {{hook}} placeholder', () => {
		expect(hookLaunchArgs({kind: 'codex'}, argv)).toEqual(['-c', 'notify=["/usr/bin/node","/opt/it\'s here/bin/agentgrid.js","hook","codex-notify"]']);
		expect(hookLaunchArgs({kind: 'args', args: ['--on-event', '{{ hook }} idle']}, ['/n', '/a', 'hook'])).toEqual(['--on-event', '/n /a hook idle']);
		expect(hookLaunchArgs({kind: 'none'}, argv)).toEqual([]);
	});
});

describe('reading hook events', () => {
	it('maps Claude Code events to statuses', () => {
		expect(interpretHook('UserPromptSubmit', {prompt: 'x'})).toMatchObject({kind: 'busy'});
		expect(interpretHook('PreToolUse', {tool_name: 'Bash'})).toEqual({kind: 'busy', event: 'PreToolUse', detail: 'Bash'});
		expect(interpretHook('Notification', {notification_type: 'permission_prompt', message: 'Claude needs your permission to use Bash'}))
			.toEqual({kind: 'waiting', event: 'Notification', detail: 'permission_prompt: Claude needs your permission to use Bash'});
		expect(interpretHook('Notification', {notification_type: 'idle_prompt', message: 'Claude is waiting for your input'}).kind).toBe('idle');
		expect(interpretHook('Notification', {notification_type: 'auth_success'}).kind).toBeUndefined();
		expect(interpretHook('Stop', {}).kind).toBe('idle');
		expect(interpretHook('SubagentStop', {}).kind).toBe('busy');
		expect(interpretHook('SessionEnd', {reason: 'logout'})).toMatchObject({kind: 'idle', detail: 'logout'});
	});

	it('maps Codex notify and direct words; unknown events inform without a status', () => {
		expect(interpretHook('codex-notify', {type: 'agent-turn-complete', 'last-assistant-message': 'Done.'})).toEqual({kind: 'idle', event: 'agent-turn-complete', detail: 'Done.'});
		expect(interpretHook('codex-notify', {type: 'something-new'}).kind).toBeUndefined();
		expect(interpretHook('waiting', {detail: 'needs a password'})).toEqual({kind: 'waiting', event: 'waiting', detail: 'needs a password'});
		expect(interpretHook('PreCompact', undefined).kind).toBeUndefined();
		expect(interpretHook('Stop', 'not an object').kind).toBe('idle');
	});
});

describe('StatusTracker with hooks', () => {
	const prompt = ['╭────╮', '│ >  │', '╰────╯'];
	const busy = (n: number) => [`✻ Working… (${n}s · esc to interrupt)`, ...prompt];
	const report = (kind: 'busy' | 'waiting' | 'idle', event: string) => ({kind, event});

	it('lets hooks decide over a contradicting screen until the grace period, then the screen wins', () => {
		const tracker = new StatusTracker(rules, 0);
		tracker.output(0);
		tracker.screen(prompt, 0);
		expect(tracker.status).toMatchObject({kind: 'idle', source: 'screen', detail: '│ >'});
		tracker.hook(report('busy', 'UserPromptSubmit'), 100);
		expect(tracker.status).toMatchObject({kind: 'busy', source: 'hook', reason: 'hook UserPromptSubmit'});
		tracker.screen(busy(1), 150);
		// The prompt box alone (an interrupted turn sends no Stop): hooks hold for the grace period...
		tracker.screen(prompt, 200);
		expect(tracker.status.kind).toBe('busy');
		expect(tracker.nextCheckAt(200)).toBe(200 + hookGraceMs);
		expect(tracker.tick(200 + hookGraceMs - 1)).toBeUndefined();
		// ...then the screen's own evidence wins, and says so.
		expect(tracker.tick(200 + hookGraceMs)?.status).toMatchObject({kind: 'idle', source: 'screen', reason: 'prompt on screen, 5 s after hook UserPromptSubmit'});
	});

	it('ignores bells and quiet time once hooks report, and reports older than the last one', () => {
		const tracker = new StatusTracker(rules, 0);
		tracker.output(0);
		tracker.hook(report('busy', 'PreToolUse'), 50, 50);
		tracker.bell(60);
		tracker.tick(60_000);
		expect(tracker.status.kind).toBe('busy');
		tracker.hook(report('waiting', 'Notification'), 60_100, 60_100);
		// A hook process that finished late, with a report from before.
		tracker.hook(report('busy', 'PreToolUse'), 60_200, 60_050);
		expect(tracker.status).toMatchObject({kind: 'waiting', reason: 'hook Notification'});
		const explained = tracker.explain();
		expect(explained.hook).toMatchObject({kind: 'waiting', event: 'Notification'});
		expect(explained.history.map(status => status.kind)).toEqual(['busy', 'starting']);
		expect(explained.signals[0]!.text).toBe('hook PreToolUse → busy');
		expect(explained.signals.some(signal => signal.text === 'bell rang')).toBe(true);
	});

	it('takes a kind the hooks never report from the screen at once (Codex reports only turn ends)', () => {
		const tracker = new StatusTracker({...rules, hookKinds: ['idle']}, 0);
		tracker.output(0);
		tracker.hook(report('idle', 'agent-turn-complete'), 100);
		expect(tracker.status.kind).toBe('idle');
		tracker.screen(busy(1), 200);
		expect(tracker.status).toMatchObject({kind: 'busy', source: 'screen', detail: 'esc to interrupt'});
		tracker.screen(['Do you want to proceed?', ...prompt], 300);
		expect(tracker.status).toMatchObject({kind: 'waiting', source: 'screen', detail: 'Do you want to proceed?'});
		tracker.hook(report('idle', 'agent-turn-complete'), 400);
		expect(tracker.status).toMatchObject({kind: 'idle', source: 'hook'});
	});

	it('always reports an exit', () => {
		const tracker = new StatusTracker(rules, 0);
		tracker.hook(report('busy', 'PreToolUse'), 10);
		expect(tracker.exited(1, undefined, 20)?.status).toMatchObject({kind: 'exited', source: 'process'});
	});
});
