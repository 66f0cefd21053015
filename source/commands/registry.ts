import type {Command} from './types.js';

/**
 * Subcommands are registered here; the bare `agentgrid` (no subcommand) opens the grid.
 * Loaded lazily so that `agentgrid` itself does not pay for modules it does not use.
 */
export const commandLoaders: Record<string, () => Promise<Command>> = {
	new: async () => (await import('./new.js')).newCommand,
	ls: async () => (await import('./ls.js')).lsCommand,
	config: async () => (await import('./config.js')).configCommand,
	trust: async () => (await import('./trust.js')).trustCommand,
};
