import type {Command} from './types.js';

/**
 * Subcommands are registered here; the bare `agentgrid` (no subcommand) opens the grid.
 * Loaded lazily so that `agentgrid` itself does not pay for modules it does not use.
 */
export const commandLoaders: Record<string, () => Promise<Command>> = {
	attach: async () => (await import('./attach.js')).attachCommand,
	demo: async () => (await import('./demo.js')).demoCommand,
	new: async () => (await import('./new.js')).newCommand,
	ls: async () => (await import('./ls.js')).lsCommand,
	config: async () => (await import('./config.js')).configCommand,
	trust: async () => (await import('./trust.js')).trustCommand,
	send: async () => (await import('./session-commands.js')).sendCommand,
	capture: async () => (await import('./session-commands.js')).captureCommand,
	log: async () => (await import('./log.js')).logCommand,
	wait: async () => (await import('./session-commands.js')).waitCommand,
	stop: async () => (await import('./session-commands.js')).stopCommand,
	merge: async () => (await import('./merge.js')).mergeCommand,
	rm: async () => (await import('./rm.js')).rmCommand,
	'kill-server': async () => (await import('./kill-server.js')).killServerCommand,
	status: async () => (await import('./status.js')).statusCommand,
	hook: async () => (await import('./hook.js')).hookCommand,
	server: async () => (await import('./server.js')).serverCommand,
	proxy: async () => (await import('./proxy.js')).proxyCommand,
	completion: async () => (await import('./completion.js')).completionCommand,
};
