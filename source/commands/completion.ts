import {userSettingsProperties} from '../core/config/user-settings-schema.js';
import {completionScript, completionShells, completionTable, type CompletionShell} from './completion-scripts.js';
import {parseArgs, UsageError, type OptionSpec} from './parse-args.js';
import {commandLoaders} from './registry.js';
import type {Command} from './types.js';

const usage = `Usage:
  agentgrid completion bash|zsh|fish

Prints the shell completion script for the shell: commands, their options and values, and the session names of
this repository for the commands that take one (from 'agentgrid ls --names', which never starts a server).

  bash   source <(agentgrid completion bash)       or save it as ~/.local/share/bash-completion/completions/agentgrid
  zsh    source <(agentgrid completion zsh)        after compinit, or save it as _agentgrid in your $fpath
  fish   agentgrid completion fish | source        or save it as ~/.config/fish/completions/agentgrid.fish
`;

const completionOptions: OptionSpec = {};

export const completionCommand: Command = {
	name: 'completion',
	summary: 'print the shell completion script for bash, zsh or fish',
	usage,
	options: completionOptions,
	operands: [completionShells],
	async run(args, context) {
		const parsed = parseArgs(args, completionOptions, usage);
		const [shell, extra] = parsed.positionals;
		if (shell === undefined) throw new UsageError('Name the shell: bash, zsh or fish.', usage);
		if (!(completionShells as readonly string[]).includes(shell)) throw new UsageError(`No completion for ${shell}: bash, zsh or fish.`, usage);
		if (extra !== undefined) throw new UsageError(`Unexpected argument ${extra}.`, usage);
		const commands = await Promise.all(Object.values(commandLoaders).map(load => load()));
		context.stdout(completionScript(shell as CompletionShell, completionTable(commands, Object.keys(userSettingsProperties))));
		return 0;
	},
};
