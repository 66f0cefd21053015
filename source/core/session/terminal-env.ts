/**
 * The environment a pane's program sees. agentgrid is an xterm-compatible terminal with truecolor; anything the
 * outer terminal (or a multiplexer around agentgrid) advertised about itself would be a lie inside a pane, and agents
 * act on such claims (TERM_PROGRAM picks a keyboard protocol and integrations agentgrid cannot provide).
 */

/** Variables that identify the outer terminal or multiplexer, or pin a size that is not the pane's. */
const outerTerminalVariables = [
	'TERM_PROGRAM',
	'TERM_PROGRAM_VERSION',
	'TERM_SESSION_ID',
	'TERMINAL_EMULATOR',
	'LC_TERMINAL',
	'LC_TERMINAL_VERSION',
	'VTE_VERSION',
	'WT_SESSION',
	'WT_PROFILE_ID',
	'WINDOWID',
	'TMUX',
	'TMUX_PANE',
	'STY',
	'WINDOW',
	'TERMCAP',
	'COLUMNS',
	'LINES',
];
const outerTerminalPrefixes = ['KITTY_', 'WEZTERM_', 'ALACRITTY_', 'GHOSTTY_', 'ITERM_', 'KONSOLE_', 'VSCODE_'];

export function buildTerminalEnv(base: NodeJS.ProcessEnv): Record<string, string> {
	const env: Record<string, string> = {};
	for (const [name, value] of Object.entries(base)) {
		if (value === undefined || outerTerminalVariables.includes(name) || outerTerminalPrefixes.some(prefix => name.startsWith(prefix))) {
			continue;
		}

		env[name] = value;
	}

	env.TERM = 'xterm-256color';
	env.COLORTERM = 'truecolor';
	return env;
}
