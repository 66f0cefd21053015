import type {JsonSchema} from './validate.js';

/**
 * How an agent program is started. Shared by the user settings (custom presets) and the repository file (per-repo
 * overrides), so both are validated and documented the same way.
 */
export interface AgentPresetSettings {
	/** Program to run, looked up on PATH; never run through a shell. */
	command: string;
	args?: string[];
	/**
	 * How the task prompt reaches the agent: appended as the last argument, after `promptFlag`, typed into the
	 * terminal once the agent is ready, or not at all.
	 */
	promptMode?: PromptMode;
	promptFlag?: string;
	/** Arguments that make the agent continue its previous conversation (e.g. `--continue`). */
	resumeArgs?: string[];
	/** Regular expressions matched against the agent's current screen to tell its state. */
	statusPatterns?: {
		busy?: string[];
		waiting?: string[];
		idle?: string[];
	};
	env?: Record<string, string>;
	/** false: do not wire the agent's own hooks (Claude Code's hooks, Codex's notify); the screen rules alone decide. */
	hooks?: boolean;
	/** Arguments added at start so the agent reports events; `{{hook}}` becomes the command that reports one. */
	hookArgs?: string[];
}

export const promptModes = ['argument', 'flag', 'type', 'none'] as const;
export type PromptMode = typeof promptModes[number];

const stringList: JsonSchema = {type: 'array', items: {type: 'string'}};
const patternList: JsonSchema = {type: 'array', items: {type: 'string', minLength: 1}};

export const presetSchema: JsonSchema = {
	type: 'object',
	description: 'An agent program: how to start it, pass it a prompt, resume it and read its status.',
	required: ['command'],
	additionalProperties: false,
	properties: {
		command: {type: 'string', minLength: 1, description: 'Program to run (looked up on PATH, never run through a shell).'},
		args: {...stringList, description: 'Arguments always passed to the program.'},
		promptMode: {
			type: 'string',
			enum: promptModes,
			description: 'How the task prompt is passed: as the last argument, after promptFlag, typed into the terminal once ready, or not at all.',
		},
		promptFlag: {type: 'string', minLength: 1, description: 'Flag placed before the prompt when promptMode is "flag" (e.g. "-m").'},
		resumeArgs: {...stringList, description: 'Arguments that resume the previous conversation (e.g. ["--continue"]).'},
		statusPatterns: {
			type: 'object',
			additionalProperties: false,
			description: 'Regular expressions matched against the current screen to detect the agent\'s state.',
			properties: {
				busy: patternList,
				waiting: patternList,
				idle: patternList,
			},
		},
		env: {type: 'object', additionalProperties: {type: 'string'}, description: 'Extra environment variables for this agent.'},
		hooks: {type: 'boolean', description: 'false: do not wire the agent\'s own hooks (Claude Code hooks, Codex notify); status comes from the screen alone.'},
		hookArgs: {...stringList, description: 'Arguments added at start so the agent reports events; {{hook}} becomes the shell command that reports one (append busy, waiting or idle).'},
	},
};

export const presetMapSchema: JsonSchema = {
	type: 'object',
	propertyNames: {type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9_-]*$'},
	additionalProperties: presetSchema,
};
