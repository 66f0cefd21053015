/**
 * Agents that can say what they are doing: Claude Code runs hook commands at documented moments, Codex runs a
 * `notify` program when a turn completes, and any other agent can be wired to `agentgrid hook <event>` through its
 * preset's `hookArgs`. This module builds the extra launch arguments for each and reads the events they report.
 * Nothing is written anywhere: Claude Code takes the hooks as an inline `--settings` layer, merged with the user's
 * own settings (whose hooks keep running), and Codex takes `notify` as a `-c` override.
 */
import type {HookReport} from './status.js';

/** How a preset's agent reports to agentgrid. */
export type HookIntegration =
	| {kind: 'claude'}
	| {kind: 'codex'}
	/** Arguments added at start; `{{hook}}` in them becomes the shell command that reports an event. */
	| {kind: 'args'; args: readonly string[]}
	| {kind: 'none'};

/** The Claude Code events agentgrid listens to (its hooks reference names them so). */
export const claudeHookEvents = ['SessionStart', 'UserPromptSubmit', 'PreToolUse', 'PostToolUse', 'Notification', 'Stop', 'SubagentStop', 'SessionEnd'] as const;

/** Seconds Claude Code lets one of our hook commands run before it kills it; the command gives up well before. */
export const claudeHookTimeoutSeconds = 5;

/** Quotes one word for a POSIX shell (Claude Code runs hook commands through one). */
export function shellQuote(word: string): string {
	return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", String.raw`'\''`)}'`;
}

/** The shell command that runs `agentgrid hook` (argv: node, agentgrid's bin, 'hook'); the event name follows. */
export function hookShellCommand(hookArgv: readonly string[]): string {
	return hookArgv.map(shellQuote).join(' ');
}

/** Extra arguments that make the agent report to `agentgrid hook`. */
export function hookLaunchArgs(integration: HookIntegration, hookArgv: readonly string[]): string[] {
	const shell = hookShellCommand(hookArgv);
	switch (integration.kind) {
		case 'claude': {
			const hooks: Record<string, unknown[]> = {};
			for (const event of claudeHookEvents) {
				const tool = event === 'PreToolUse' || event === 'PostToolUse';
				hooks[event] = [{...(tool ? {matcher: '*'} : {}), hooks: [{type: 'command', command: `${shell} ${event}`, timeout: claudeHookTimeoutSeconds}]}];
			}

			return ['--settings', JSON.stringify({hooks})];
		}

		case 'codex': {
			// TOML array of basic strings; JSON string escapes are valid TOML ones.
			return ['-c', `notify=[${[...hookArgv, 'codex-notify'].map(word => JSON.stringify(word)).join(',')}]`];
		}

		case 'args': {
			return integration.args.map(arg => arg.replaceAll(/\{\{\s*hook\s*\}\}/g, shell));
		}

		case 'none': {
			return [];
		}
	}
}

/** Words a custom agent's hook may pass as the event: they name the status directly. */
const directKinds = new Set(['busy', 'waiting', 'idle']);

/**
 * What one reported event means. `payload` is the JSON the agent passed (Claude Code: on stdin; Codex: as the last
 * argument), or undefined when there was none or it was not JSON.
 */
export function interpretHook(event: string, payload: unknown): HookReport {
	const data = typeof payload === 'object' && payload !== null ? payload as Record<string, unknown> : {};
	const field = (name: string): string | undefined => (typeof data[name] === 'string' && data[name] !== '' ? (data[name] as string).slice(0, 120) : undefined);
	switch (event) {
		case 'SessionStart': {
			return {kind: 'idle', event, detail: field('source')};
		}

		case 'UserPromptSubmit': {
			return {kind: 'busy', event, detail: 'prompt submitted'};
		}

		case 'PreToolUse':
		case 'PostToolUse': {
			return {kind: 'busy', event, detail: field('tool_name')};
		}

		case 'Notification': {
			const type = field('notification_type');
			const message = field('message');
			const detail = [type, message].filter(Boolean).join(': ') || undefined;
			if (type === 'permission_prompt' || type === 'elicitation_dialog') return {kind: 'waiting', event, detail};
			if (type === 'idle_prompt') return {kind: 'idle', event, detail};
			// Older versions send no type; their permission messages say so.
			if (type === undefined && message !== undefined && /permission|needs your/i.test(message)) return {kind: 'waiting', event, detail};
			return {kind: undefined, event, detail};
		}

		case 'Stop': {
			return {kind: 'idle', event, detail: 'turn finished'};
		}

		case 'SubagentStop': {
			// The main agent goes on after a sub-agent ends.
			return {kind: 'busy', event, detail: 'sub-agent finished'};
		}

		case 'SessionEnd': {
			return {kind: 'idle', event, detail: field('reason')};
		}

		case 'codex-notify': {
			const type = field('type') ?? 'unknown';
			return {kind: type === 'agent-turn-complete' ? 'idle' : undefined, event: type, detail: field('last-assistant-message')};
		}

		default: {
			const kind = directKinds.has(event) ? event as 'busy' | 'waiting' | 'idle' : undefined;
			return {kind, event, detail: field('message') ?? field('detail')};
		}
	}
}
