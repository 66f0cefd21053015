/**
 * The agents agentgrid knows how to drive: how to start each one, hand it the task, resume its last conversation in
 * the same worktree, and read its status from its screen. Users add their own (or replace these) in settings.
 */
import path from 'node:path';
import type {AgentPresetSettings} from '../config/preset-schema.js';
import {AgentgridError} from '../errors.js';
import {hookLaunchArgs, type HookIntegration} from './hooks.js';
import type {StatusRules} from './status.js';
import {findExecutable} from './which.js';

/** How the task prompt reaches the agent. */
export type PromptDelivery =
	/** Appended as the last argument. */
	| {mode: 'argument'}
	/** Passed as `flag prompt`. */
	| {mode: 'flag'; flag: string}
	/** Typed (as a paste) into the terminal once the agent first shows its prompt, then submitted with Enter. */
	| {mode: 'type'}
	| {mode: 'none'};

export interface AgentPreset {
	/** Key used in settings and on the command line, e.g. 'claude'. */
	name: string;
	/** Human name, e.g. 'Claude Code'. */
	label: string;
	command: string;
	args: readonly string[];
	prompt: PromptDelivery;
	/** Added to args to continue the previous conversation in the same directory; empty when unsupported. */
	resumeArgs: readonly string[];
	status: StatusRules;
	env: Readonly<Record<string, string>>;
	/** How the agent reports its own status (hooks); the screen rules are the fallback. */
	hooks: HookIntegration;
	builtIn: boolean;
	/** A project-instructions file the agent reads from its working directory, made to import the task brief. */
	contextFile?: string;
}

export interface LaunchPlan {
	file: string;
	args: string[];
	env: Record<string, string>;
	/** Text to type once the agent is ready (prompt mode 'type'). */
	typedPrompt?: string;
	/** The agent gets a task at its start, in any of the prompt modes. */
	givenTask?: boolean;
}

const brailleSpinner = /^[\u2801-\u28ff]/;

/*
 * Glyphs in patterns are escapes (\u2026 …, \u2502 │, \u276f ❯, \u203a ›): the build keeps the bundle ASCII, which V8
 * holds at one byte a character (see scripts/bundle.mjs).
 */
const claudeStatus: StatusRules = {
	// Todo lists sit between the spinner line and the prompt box, so the region reaches well above the box.
	regionRows: 20,
	// Only the spinner line ("✶ Pondering… (12s · esc to interrupt)"), not a reply that quotes the phrase.
	busy: [/\u2026\s*\([^)\n]*esc to interrupt/i],
	waiting: [/^[\s\u2502]*Do you want to /m, /^[\s\u2502]*\u276f\s*1\.\s*Yes/m, /Do you trust the files in this folder\?/],
	ready: [/^[\s\u2502]*>[\s\u00a0]/m, /\? for shortcuts/],
	busyTitle: brailleSpinner,
	staleAfterMs: 5000,
};

const codexStatus: StatusRules = {
	regionRows: 20,
	busy: [/esc to interrupt/i],
	waiting: [/Would you like to /, /Press enter to confirm or esc to cancel/i, /^\s*[\u203a\u276f]\s*1\.\s*Yes/m],
	ready: [/^\s*\u203a\s/m, /Ask Codex to do anything/, /\? for shortcuts/, /context left/i],
	staleAfterMs: 5000,
	// Its notify program runs only when a turn completes; the start of work and approvals come from the screen.
	hookKinds: ['idle'],
};

const aiderStatus: StatusRules = {
	regionRows: 6,
	busy: [/Waiting for /],
	// Only a question on the last line is open: answered ones stay above with the answer after the colon.
	waiting: [/\(Y\)es\/\(N\)o[^\n]*\[(?:Yes|No)\]:$/],
	ready: [/(?:^|\n)[\w-]*>$/],
	staleAfterMs: 5000,
	// Aider streams its answer with no busy marker of its own.
	activityBusyMs: 1500,
};

const geminiStatus: StatusRules = {
	regionRows: 20,
	busy: [/esc to cancel/i],
	waiting: [/Allow execution/i, /Apply this change\?/i, /Do you want to proceed\?/i, /Yes, allow once/i],
	ready: [/Type your message/i, /^[\s\u2502]*>\s/m],
	busyTitle: brailleSpinner,
	staleAfterMs: 5000,
};

const opencodeStatus: StatusRules = {
	regionRows: 12,
	busy: [/esc (?:to )?interrupt/i],
	waiting: [/Permission required/i, /Allow once/i, /Allow always/i],
	ready: [/enter send/i, /ctrl\+p commands/i, /Ask anything/i],
	staleAfterMs: 5000,
};

/** For shells and custom programs without patterns: output that was not echo means busy. */
export const genericStatus: StatusRules = {
	regionRows: 3,
	busy: [],
	waiting: [],
	ready: [],
	busyTitle: brailleSpinner,
	staleAfterMs: 5000,
	activityBusyMs: 1000,
};

/** The built-in presets, in the order a picker shows them. `env` supplies $SHELL. */
export function builtInPresets(env: NodeJS.ProcessEnv): AgentPreset[] {
	const agent = (name: string, label: string, prompt: PromptDelivery, resumeArgs: string[], status: StatusRules, hooks: HookIntegration = {kind: 'none'}): AgentPreset =>
		({name, label, command: name, args: [], prompt, resumeArgs, status, env: {}, hooks, builtIn: true});
	return [
		{...agent('claude', 'Claude Code', {mode: 'argument'}, ['--continue'], claudeStatus, {kind: 'claude'}), contextFile: 'CLAUDE.local.md'},
		agent('codex', 'Codex', {mode: 'argument'}, ['resume', '--last'], codexStatus, {kind: 'codex'}),
		agent('aider', 'Aider', {mode: 'type'}, ['--restore-chat-history'], aiderStatus),
		agent('gemini', 'Gemini CLI', {mode: 'flag', flag: '--prompt-interactive'}, ['--resume', 'latest'], geminiStatus),
		agent('opencode', 'OpenCode', {mode: 'flag', flag: '--prompt'}, ['--continue'], opencodeStatus),
		{
			name: 'shell',
			label: 'Shell',
			command: env.SHELL !== undefined && env.SHELL !== '' ? env.SHELL : '/bin/sh',
			args: [],
			// A task is prose for the person at the shell (it is in the task file), never a command to run.
			prompt: {mode: 'none'},
			resumeArgs: [],
			status: genericStatus,
			env: {},
			hooks: {kind: 'none'},
			builtIn: true,
		},
	];
}

/**
 * Turns a settings entry into a preset. An entry named like a built-in, or running the same program, keeps that
 * built-in's behaviour for everything it does not set.
 */
export function presetFromSettings(name: string, settings: AgentPresetSettings, env: NodeJS.ProcessEnv): AgentPreset {
	const builtIns = builtInPresets(env);
	const base = builtIns.find(preset => preset.name === name)
		?? builtIns.find(preset => preset.builtIn && preset.name !== 'shell' && preset.command === path.basename(settings.command));
	const patterns = settings.statusPatterns;
	const status: StatusRules = {...(base?.status ?? genericStatus)};
	// The generic region (the last few rows) suits shells; patterns a user writes are for a TUI's dialogs and prompt
	// box, which sit higher up.
	if (patterns !== undefined && base === undefined) status.regionRows = Math.max(status.regionRows, 20);
	if (patterns?.busy !== undefined) {
		status.busy = compilePatterns(name, 'busy', patterns.busy);
	}

	if (patterns?.waiting !== undefined) {
		status.waiting = compilePatterns(name, 'waiting', patterns.waiting);
	}

	if (patterns?.idle !== undefined) {
		status.ready = compilePatterns(name, 'idle', patterns.idle);
	}

	return {
		name,
		label: base?.name === name ? base.label : name,
		command: settings.command,
		args: settings.args ?? [],
		prompt: promptDeliveryOf(name, settings, base),
		resumeArgs: settings.resumeArgs ?? base?.resumeArgs ?? [],
		status,
		env: settings.env ?? {},
		hooks: hooksOf(settings, base),
		builtIn: false,
		...(base?.contextFile ? {contextFile: base.contextFile} : {}),
	};
}

/** Built-ins overlaid with custom presets (later maps win: pass user settings, then the repository's). */
export function resolvePresets(env: NodeJS.ProcessEnv, ...custom: Array<Record<string, AgentPresetSettings> | undefined>): Map<string, AgentPreset> {
	const presets = new Map(builtInPresets(env).map(preset => [preset.name, preset]));
	for (const layer of custom) {
		for (const [name, settings] of Object.entries(layer ?? {})) {
			presets.set(name, presetFromSettings(name, settings, env));
		}
	}

	return presets;
}

export interface InstalledPreset {
	preset: AgentPreset;
	/** Absolute path of the program, undefined when it is not on PATH. */
	path: string | undefined;
}

/** Which presets' programs can be found on env.PATH (looked up concurrently, no shell). */
export async function detectInstalled(env: NodeJS.ProcessEnv, presets: readonly AgentPreset[] = builtInPresets(env)): Promise<InstalledPreset[]> {
	return Promise.all(presets.map(async preset => ({preset, path: await findExecutable(preset.command, env)})));
}

/**
 * The command line and environment for one start of `preset`. With `hookArgv` (the command line of
 * `agentgrid hook`), the agent is started so that it reports its own status to it.
 */
export function planLaunch(preset: AgentPreset, options: {prompt?: string; resume?: boolean; hookArgv?: readonly string[]} = {}): LaunchPlan {
	const args = [...preset.args];
	if (options.resume === true) {
		args.push(...preset.resumeArgs);
	}

	// Options before the positional prompt: Codex's `resume --last` takes them after the subcommand too.
	if (options.hookArgv !== undefined) {
		args.push(...hookLaunchArgs(preset.hooks, options.hookArgv));
	}

	const plan: LaunchPlan = {file: preset.command, args, env: {...preset.env}};
	const prompt = options.prompt?.trim() === '' ? undefined : options.prompt;
	if (prompt !== undefined) {
		switch (preset.prompt.mode) {
			case 'argument': {
				args.push(prompt);
				break;
			}

			case 'flag': {
				args.push(preset.prompt.flag, prompt);
				break;
			}

			case 'type': {
				plan.typedPrompt = prompt;
				break;
			}

			case 'none': {
				break;
			}
		}
		plan.givenTask = preset.prompt.mode !== 'none';
	}

	return plan;
}

function hooksOf(settings: AgentPresetSettings, base: AgentPreset | undefined): HookIntegration {
	if (settings.hooks === false) return {kind: 'none'};
	if (settings.hookArgs !== undefined) return {kind: 'args', args: settings.hookArgs};
	return base?.hooks ?? {kind: 'none'};
}

function promptDeliveryOf(name: string, settings: AgentPresetSettings, base: AgentPreset | undefined): PromptDelivery {
	switch (settings.promptMode) {
		case undefined: {
			return base?.prompt ?? {mode: 'type'};
		}

		case 'flag': {
			if (settings.promptFlag === undefined || settings.promptFlag === '') {
				throw new AgentgridError('preset-invalid', `Preset "${name}" passes the prompt with a flag but names none.`,
					'Set "promptFlag" (for example "-m") or choose another "promptMode".');
			}

			return {mode: 'flag', flag: settings.promptFlag};
		}

		default: {
			return {mode: settings.promptMode};
		}
	}
}

function compilePatterns(name: string, kind: string, sources: readonly string[]): RegExp[] {
	return sources.map(source => {
		try {
			// Multiline so ^ and $ anchor to rows of the screen region.
			return new RegExp(source, 'm');
		} catch (error) {
			throw new AgentgridError('preset-invalid-pattern',
				`Preset "${name}" has an invalid ${kind} status pattern ${JSON.stringify(source)}: ${(error as Error).message}`,
				'Status patterns are JavaScript regular expressions; escape characters such as ( [ ? with a backslash.');
		}
	});
}
