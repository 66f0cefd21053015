import {presetMapSchema, type AgentPresetSettings} from './preset-schema.js';
import type {JsonSchema} from './validate.js';

export const notificationStyles = ['bell', 'osc9', 'none'] as const;
export type NotificationStyle = typeof notificationStyles[number];

/** `rebase`: rebase the session branch onto the base, then fast-forward; `merge`: a merge commit on the base. */
export const mergeModes = ['rebase', 'merge'] as const;
export type MergeMode = typeof mergeModes[number];

export interface UserSettingsData {
	defaultAgent: string;
	presets: Record<string, AgentPresetSettings>;
	prefixKey: string;
	keybindings: Record<string, string[]>;
	worktreeLocation: string;
	branchPrefix: string;
	baseBranch: string;
	scrollback: number;
	/** Megabytes of each session's output kept on disk (two rotating files); 0: no output log. */
	outputLogSize: number;
	maxFps: number;
	notificationStyle: NotificationStyle;
	mergeMode: MergeMode;
	taskFile: string;
	/** Seconds a setup command may run before it is stopped; 0 = no limit. */
	setupTimeout: number;
	/** A program that receives copied text on stdin (e.g. "pbcopy", "wl-copy", "xclip -sel c"), besides OSC 52. */
	copyCommand: string;
	underlineStyles: UnderlineStyles;
	/** Colours of the outer terminal: auto (COLORTERM, TERM) or forced. */
	colors: ColorsSetting;
	fallbackColors: string;
	/** US dollars per million tokens by model name prefix, over the built-in price table. */
	prices: Record<string, {input: number; output: number; cacheWrite?: number; cacheRead?: number}>;
	/** Estimated US dollars a session may cost before agentgrid says so, once; 0 = no budget. */
	sessionBudget: number;
	/** How many test runs the test matrix runs at once; 0 = half the processor cores. */
	matrixConcurrency: number;
	/** Mouse support: click to focus, wheel to scroll history, drag to select; forwarded to programs that ask. */
	mouse: boolean;
}

export const underlineStylesValues = ['auto', 'on', 'off'] as const;
export const colorsSettingValues = ['auto', '16', '256', 'truecolor'] as const;
export type ColorsSetting = typeof colorsSettingValues[number];
export type UnderlineStyles = typeof underlineStylesValues[number];

/**
 * The version of the settings file format, recorded in the file by conf. It moves only when the format changes
 * (and a migration comes with it), not with every release.
 */
export const settingsFormatVersion = '1.0.0';

export const userSettingsDefaults: UserSettingsData = {
	defaultAgent: 'claude',
	presets: {},
	// Ctrl+\ (0x1c): no agent, shell, tmux or screen binding uses it.
	prefixKey: 'C-\\',
	keybindings: {},
	worktreeLocation: '{repo}/../{repoName}.worktrees/{slug}',
	branchPrefix: 'agentgrid/',
	baseBranch: '',
	scrollback: 10_000,
	outputLogSize: 8,
	maxFps: 30,
	notificationStyle: 'bell',
	mergeMode: 'rebase',
	taskFile: 'AGENTGRID_TASK.md',
	setupTimeout: 0,
	copyCommand: '',
	underlineStyles: 'auto',
	colors: 'auto',
	fallbackColors: 'dark',
	prices: {},
	sessionBudget: 0,
	matrixConcurrency: 0,
	mouse: true,
};

const keyName = '^(?:[CMS]-)*(?:[!-~]|F[0-9]{1,2}|Space|Tab|Enter|Escape|Backspace|Delete|Insert|Home|End|PageUp|PageDown|Up|Down|Left|Right)$';

export const userSettingsProperties: Record<keyof UserSettingsData, JsonSchema> = {
	defaultAgent: {
		type: 'string',
		minLength: 1,
		description: 'Preset used when a session is created without choosing an agent (a built-in preset or one from "presets").',
	},
	presets: {...presetMapSchema, description: 'Custom agent presets by name; a name equal to a built-in preset replaces it.'},
	prefixKey: {
		type: 'string',
		pattern: keyName,
		description: 'Key that starts a grid command while typing into a pane, in tmux notation (C- = Ctrl, M- = Alt, S- = Shift).',
	},
	keybindings: {
		type: 'object',
		propertyNames: {type: 'string', pattern: '^[a-z][A-Za-z0-9.-]*$', description: 'A grid command id, e.g. pane.zoom or focus.left.'},
		additionalProperties: {type: 'array', minItems: 1, items: {type: 'string', pattern: keyName}},
		description: 'Keys per grid command id, replacing that command\'s default keys.',
	},
	worktreeLocation: {
		type: 'string',
		minLength: 1,
		pattern: '\\{slug\\}',
		description: 'Where session worktrees are created; {repo} is the repository root, {repoName} its folder name, {slug} the session.',
	},
	branchPrefix: {type: 'string', pattern: '^[^\\s~^:?*\\[\\\\]*$', description: 'Prefix of session branch names.'},
	baseBranch: {type: 'string', description: 'Branch new sessions start from; empty means the repository\'s default branch.'},
	scrollback: {type: 'integer', minimum: 0, maximum: 1_000_000, description: 'Lines of history kept per pane.'},
	outputLogSize: {type: 'number', minimum: 0, maximum: 4096, description: 'Megabytes of each session\'s output kept on disk, so a stopped pane shows its last screen and history after a server restart and `agentgrid log` prints it (0: no output log).'},
	maxFps: {type: 'integer', minimum: 1, maximum: 240, description: 'Upper bound on screen updates per second.'},
	notificationStyle: {
		type: 'string',
		enum: notificationStyles,
		description: 'How a session needing attention is signalled to the outer terminal: bell, an OSC 9 notification, or nothing.',
	},
	mergeMode: {
		type: 'string',
		enum: mergeModes,
		description: '"rebase": rebase onto the base and fast-forward (linear history); "merge": create a merge commit.',
	},
	taskFile: {
		type: 'string',
		pattern: '^[^/\\\\]*$',
		description: 'File name of the task brief written into a new worktree (kept out of commits); empty disables it.',
	},
	setupTimeout: {type: 'integer', minimum: 0, maximum: 86_400, description: 'Seconds a setup command may run before it is stopped (0: no limit). Esc on the spawn screen stops it at any time.'},
	mouse: {type: 'boolean', description: 'Mouse support: a click focuses a pane, the wheel scrolls its history, a drag selects and copies; programs that ask for the mouse get it. Shift+drag keeps the terminal\'s own selection.'},
	copyCommand: {type: 'string', description: 'Program that also receives copied text on stdin, e.g. "pbcopy", "wl-copy" or "xclip -sel c" (split at spaces, no shell); empty: OSC 52 only.'},
	underlineStyles: {
		type: 'string',
		enum: underlineStylesValues,
		description: 'Double, curly, dotted and dashed underlines and underline colours on your terminal: "auto" follows what the terminal says (XTGETTCAP Smulx), else TERM; "off" draws them as plain underlines.',
	},
	colors: {
		type: 'string',
		enum: colorsSettingValues,
		description: 'Colours your terminal shows: "auto" reads COLORTERM (truecolor, 24bit) and TERM (*-256color: 256, else 16); "16", "256" or "truecolor" force it. Colours beyond it are drawn as the nearest it has.',
	},
	fallbackColors: {
		type: 'string',
		pattern: '^(dark|light|#[0-9a-fA-F]{6}/#[0-9a-fA-F]{6})$',
		description: 'Colours reported to programs asking for them (OSC 10/11) when your terminal does not answer and COLORFGBG does not say: "dark", "light", or "#rrggbb/#rrggbb" (foreground/background).',
	},
	prices: {
		type: 'object',
		propertyNames: {type: 'string', minLength: 1, description: 'A model name or the start of one, e.g. claude-sonnet-4 or gpt-5.'},
		additionalProperties: {
			type: 'object',
			additionalProperties: false,
			required: ['input', 'output'],
			properties: {
				input: {type: 'number', minimum: 0, description: 'US dollars per million input tokens.'},
				output: {type: 'number', minimum: 0, description: 'US dollars per million output tokens.'},
				cacheWrite: {type: 'number', minimum: 0, description: 'US dollars per million tokens written to the prompt cache (default 1.25 × input).'},
				cacheRead: {type: 'number', minimum: 0, description: 'US dollars per million tokens read from the prompt cache or cached input (default 0.1 × input).'},
			},
		},
		description: 'Token prices by model (US dollars per million tokens), over the built-in table; the longest matching name wins.',
	},
	sessionBudget: {type: 'number', minimum: 0, description: 'Estimated US dollars a session may cost before agentgrid notifies you, once (0: no budget).'},
	matrixConcurrency: {type: 'integer', minimum: 0, maximum: 64, description: 'Test runs the test matrix runs at once (0: half the processor cores).'},
};

export const userSettingsSchema: JsonSchema = {
	type: 'object',
	additionalProperties: false,
	properties: userSettingsProperties,
};
