import {presetMapSchema, type AgentPresetSettings} from './preset-schema.js';
import type {JsonSchema} from './validate.js';

export const repositorySettingsFileName = '.agentgrid.json';

export interface PortSettings {
	first: number;
	last: number;
	perSession: number;
}

/** `.agentgrid.json` at the repository root, committed and shared by the team. */
export interface RepositorySettingsData {
	$schema?: string;
	/** Run through `/bin/sh -c` in the session's worktree, once the file is trusted. */
	testCommand?: string;
	/** Each run through `/bin/sh -c` in a new worktree, in order, once the file is trusted. */
	setupCommands?: string[];
	/** Each run through `/bin/sh -c` (templates expanded) when a session is removed, once the file is trusted. */
	teardownCommands?: string[];
	/** gitignore-style patterns of untracked files copied from the main checkout into each new worktree. */
	copyFiles?: string[];
	/** Paths of the main checkout (untracked, never tracked ones) linked into each new worktree as symlinks. */
	linkFiles?: string[];
	/** Per-session dev servers by name: a command line, or a command with its port and whether it starts with the session. */
	services?: Record<string, string | ServiceSettings>;
	/** Environment variables for every session; values may use {{slug}} {{branch}} {{index}} {{port}} {{worktree}} {{repo}}. */
	env?: Record<string, string>;
	ports?: Partial<PortSettings>;
	presets?: Record<string, AgentPresetSettings>;
	taskFile?: string;
}

export interface ServiceSettings {
	command: string;
	/** The port it listens on: a number or a template such as "{{port2}}". Default: the first port placeholder in the command. */
	port?: number | string;
	/** Started with the session's agent (default true); false: started on a key. */
	autostart?: boolean;
}

export const defaultPortSettings: PortSettings = {first: 4100, last: 4999, perSession: 0};

const port: JsonSchema = {type: 'integer', minimum: 1024, maximum: 65_535};

export const repositorySettingsSchema: JsonSchema = {
	type: 'object',
	additionalProperties: false,
	properties: {
		$schema: {type: 'string', description: 'Location of this schema, for editors.'},
		testCommand: {
			type: 'string',
			minLength: 1,
			description: 'Command that runs the tests (through /bin/sh, in the session worktree). Detected from the project when absent.',
			examples: ['npm test', 'pytest -q', 'go test ./...'],
		},
		setupCommands: {
			type: 'array',
			items: {type: 'string', minLength: 1},
			description: 'Commands run in order (through /bin/sh) in every new worktree, e.g. installing dependencies.',
			examples: [['npm ci'], ['uv sync', 'make db']],
		},
		teardownCommands: {
			type: 'array',
			items: {type: 'string', minLength: 1},
			description: 'Commands run in order (through /bin/sh, with the session\'s environment) when a session is removed, e.g. dropping its database. A failure keeps the worktree. Templates such as {{slug}} are expanded.',
			examples: [['dropdb --if-exists app_{{slug}}', 'docker compose -p {{slug}} down']],
		},
		linkFiles: {
			type: 'array',
			items: {type: 'string', minLength: 1},
			description: 'Paths relative to the repository root (files or directories git does not track) linked into every new worktree as symlinks to the main checkout\'s copy, e.g. large caches or a shared node_modules.',
			examples: [['node_modules', '.cache/models']],
		},
		copyFiles: {
			type: 'array',
			items: {type: 'string', minLength: 1},
			description: 'gitignore-style patterns of untracked files copied from the main checkout into every new worktree. Patterns in a .worktreeinclude file are honoured too (for files git ignores).',
			examples: [['.env', '.env.local', 'config/*.local.json']],
		},
		services: {
			type: 'object',
			propertyNames: {type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,23}$'},
			additionalProperties: {
				anyOf: [
					{type: 'string', minLength: 1, description: 'Command line (through /bin/sh, in the worktree, with the session\'s environment); templates such as {{port1}} are expanded.'},
					{
						type: 'object',
						additionalProperties: false,
						required: ['command'],
						properties: {
							command: {type: 'string', minLength: 1, description: 'Command line (through /bin/sh, in the worktree, with the session\'s environment); templates such as {{port1}} are expanded.'},
							port: {
								anyOf: [{type: 'integer', minimum: 1, maximum: 65_535}, {type: 'string', minLength: 1}],
								description: 'The port it listens on, checked on 127.0.0.1: a number or one port placeholder such as "{{port2}}". Default: the first port placeholder in the command.',
							},
							autostart: {type: 'boolean', description: 'Start it with the session (default true); false: start it with the restart-services key.'},
						},
					},
				],
			},
			description: 'Dev servers started with each session, each in its own terminal (viewable in place of the agent\'s pane) and stopped with it, once the file is trusted. A command line, or {"command", "port", "autostart"}. The port shown in the pane title is the first {{portN}} of the command unless "port" names it.',
			examples: [{web: 'npm run dev -- --port {{port1}}', api: {command: 'PORT={{port2}} node server.js', port: '{{port2}}'}}],
		},
		env: {
			type: 'object',
			propertyNames: {type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$'},
			additionalProperties: {type: 'string'},
			description: 'Environment variables for every session. Values may use {{slug}}, {{branch}}, {{index}}, {{port}} (and {{port1}}, {{port2}}... with several ports), {{worktree}} and {{repo}}.',
			examples: [{PORT: '{{port}}', DATABASE_URL: 'postgres://localhost/app_{{slug}}', DATABASE_PATH: '{{worktree}}/dev.sqlite'}],
		},
		ports: {
			type: 'object',
			additionalProperties: false,
			description: 'Ports reserved per session from a range; each live session gets distinct ports that are free on this machine.',
			properties: {
				first: {...port, description: 'First port of the range (default 4100).'},
				last: {...port, description: 'Last port of the range (default 4999).'},
				perSession: {type: 'integer', minimum: 0, maximum: 16, description: 'Ports per session (default 0, or 1 when a template uses {{port}}).'},
			},
		},
		presets: {...presetMapSchema, description: 'Agent presets for this repository; they override user and built-in presets of the same name.'},
		taskFile: {
			type: 'string',
			pattern: '^[^/\\\\]*$',
			description: 'File name of the task brief written into each new worktree (kept out of commits); empty disables it.',
		},
	},
};

/** The schema as published in the package (schema/agentgrid.schema.json), for editors and CI validation. */
export function publishedRepositorySchema(): JsonSchema {
	return {
		$schema: 'https://json-schema.org/draft/2020-12/schema',
		$id: 'https://unpkg.com/agentgrid/schema/agentgrid.schema.json',
		title: 'agentgrid repository settings (.agentgrid.json)',
		description: 'Settings a team commits with its repository: per-worktree setup, environment, ports, tests and agent presets.',
		...repositorySettingsSchema,
	};
}

export function publishedRepositorySchemaText(): string {
	return `${JSON.stringify(publishedRepositorySchema(), null, '\t')}\n`;
}
