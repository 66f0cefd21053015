import type {CommandContext} from '../../source/commands/types.js';

export interface CapturedContext extends CommandContext {
	out(): string;
	err(): string;
}

/** A command context whose output is collected; the settings live in `configDir` instead of the user's own. */
export function captureContext(cwd: string, configDir: string, env: NodeJS.ProcessEnv = {}): CapturedContext {
	let out = '';
	let err = '';
	return {
		cwd,
		env: {PATH: process.env.PATH, HOME: process.env.HOME, AGENTGRID_CONFIG_DIR: configDir, ...env},
		stdout: text => {
			out += text;
		},
		stderr: text => {
			err += text;
		},
		out: () => out,
		err: () => err,
	};
}
