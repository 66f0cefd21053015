/**
 * Shell completion scripts for bash, zsh and fish, generated from the command table: each command's options (as its
 * parser takes them, described by the lines of its --help), its operands and its options' values. Session names come
 * from `agentgrid ls --names`, which reads the running server or git and never starts a server.
 */
import type {Command, Completion} from './types.js';

export const completionShells = ['bash', 'zsh', 'fish'] as const;
export type CompletionShell = typeof completionShells[number];

interface OptionEntry {
	name: string;
	description: string;
	takesValue: boolean;
	value: Completion;
}

export interface CommandEntry {
	name: string;
	summary: string;
	options: OptionEntry[];
	operands: readonly Completion[];
	repeatLast: boolean;
}

export interface CompletionTable {
	commands: CommandEntry[];
	/** Options of plain `agentgrid` (attach's, plus --help and --version). */
	global: OptionEntry[];
	settings: readonly string[];
}

/**
 * What the usage says an option does: the text after it on its own line (`  --json   machine-readable output`,
 * `  agentgrid trust --status   only say whether...`), set off by two spaces or more; '' when no line says.
 */
export function optionDescription(usage: string, name: string): string {
	const described = new RegExp(`^\\s+(?:agentgrid [\\w-]+ )?--${name}(?: [A-Z][A-Z_]*)? {2,}(\\S.*)$`);
	for (const line of usage.split('\n')) {
		const match = described.exec(line);
		if (match) return match[1].trim();
	}
	return '';
}

/** The options a user may type, hidden ones left out. */
export function visibleOptions(command: Command): OptionEntry[] {
	const {values = [], repeatable = [], flags = [], hidden = []} = command.options;
	const entry = (name: string, takesValue: boolean): OptionEntry => ({
		name,
		description: optionDescription(command.usage, name),
		takesValue,
		value: command.optionValues?.[name] ?? 'text',
	});
	return [...values.map(name => entry(name, true)), ...repeatable.map(name => entry(name, true)), ...flags.map(name => entry(name, false))]
		.filter(option => !hidden.includes(option.name));
}

const helpOption: OptionEntry = {name: 'help', description: 'show the usage', takesValue: false, value: 'text'};

export function completionTable(commands: readonly Command[], settings: readonly string[]): CompletionTable {
	const attach = commands.find(command => command.name === 'attach');
	return {
		commands: commands.map(command => ({
			name: command.name,
			summary: command.summary,
			options: [...visibleOptions(command), helpOption],
			operands: command.operands ?? [],
			repeatLast: command.repeatLast === true,
		})),
		global: [...(attach ? visibleOptions(attach) : []), helpOption, {name: 'version', description: 'print the version', takesValue: false, value: 'text'}],
		settings,
	};
}

/** A word for sh-like shells, quoted. */
function shQuote(text: string): string {
	return `'${text.replaceAll('\'', '\'\\\'\'')}'`;
}

function fishQuote(text: string): string {
	return `'${text.replaceAll('\\', '\\\\').replaceAll('\'', '\\\'')}'`;
}

/** A completion kind as one word the shell functions switch on: session, setting, directory, file, text, words:a b. */
function kindOf(completion: Completion): string {
	return typeof completion === 'string' ? completion : `words:${completion.join(' ')}`;
}

/** The case functions bash and zsh share: which options take a value, what completes it, what each operand is. */
function sharedFunctions(table: CompletionTable): string {
	const lines: string[] = [];
	const scopes = [{name: '', options: table.global}, ...table.commands];
	lines.push('_agentgrid_takes_value() {', '\tcase "$1:$2" in');
	for (const scope of scopes) {
		const names = scope.options.filter(option => option.takesValue).map(option => `${scope.name}:${option.name}`);
		if (names.length > 0) lines.push(`\t\t${names.map(shQuote).join('|')}) return 0 ;;`);
	}
	lines.push('\tesac', '\treturn 1', '}', '');
	lines.push('_agentgrid_value_kind() {', '\tcase "$1:$2" in');
	for (const scope of scopes) {
		for (const option of scope.options.filter(entry => entry.takesValue && entry.value !== 'text')) {
			lines.push(`\t\t${shQuote(`${scope.name}:${option.name}`)}) echo ${shQuote(kindOf(option.value))} ;;`);
		}
	}
	lines.push('\t\t*) echo text ;;', '\tesac', '}', '');
	lines.push('_agentgrid_operand_kind() {', '\tcase "$1:$2" in');
	for (const command of table.commands) {
		command.operands.forEach((operand, index) => lines.push(`\t\t${shQuote(`${command.name}:${index}`)}) echo ${shQuote(kindOf(operand))} ;;`));
		const last = command.operands.at(-1);
		if (command.repeatLast && last !== undefined) lines.push(`\t\t${shQuote(`${command.name}:`)}*) echo ${shQuote(kindOf(last))} ;;`);
	}
	lines.push('\t\t*) echo none ;;', '\tesac', '}', '');
	lines.push('_agentgrid_setting_keys() {', `\techo ${shQuote(table.settings.join(' '))}`, '}', '');
	// The walk over the words before the cursor: the command, how many operands so far, and whether a value is due.
	lines.push(
		'# Sets _ag_command, _ag_operand and _ag_value_of from the words before the cursor.',
		'_agentgrid_scan() {',
		'\tlocal word expect=',
		'\t_ag_command= _ag_operand=0 _ag_value_of=',
		'\tfor word in "$@"; do',
		'\t\tif [[ -n $expect ]]; then',
		'\t\t\t[[ $word == \'=\' ]] && continue',
		'\t\t\texpect=',
		'\t\t\tcontinue',
		'\t\tfi',
		'\t\tcase $word in',
		'\t\t\t--*=*) ;;',
		'\t\t\t--*) _agentgrid_takes_value "$_ag_command" "${word#--}" && expect=${word#--} ;;',
		'\t\t\t-*) ;;',
		'\t\t\t*) if [[ -z $_ag_command ]]; then _ag_command=$word; else _ag_operand=$((_ag_operand + 1)); fi ;;',
		'\t\tesac',
		'\tdone',
		'\t_ag_value_of=$expect',
		'}',
		'',
	);
	return lines.join('\n');
}

function optionsFunction(table: CompletionTable, shell: 'bash' | 'zsh'): string {
	// bash: option names; zsh: name:description pairs for _describe.
	const render = (options: OptionEntry[]) => options.map(option => (shell === 'bash' ? `--${option.name}` : `--${option.name}:${option.description}`));
	const lines = ['_agentgrid_options() {', '\tcase $1 in'];
	lines.push(`\t\t'') printf '%s\\n' ${render(table.global).map(shQuote).join(' ')} ;;`);
	for (const command of table.commands) lines.push(`\t\t${shQuote(command.name)}) printf '%s\\n' ${render(command.options).map(shQuote).join(' ')} ;;`);
	lines.push('\tesac', '}', '');
	return lines.join('\n');
}

function bashScript(table: CompletionTable): string {
	return `# agentgrid completion for bash, generated by 'agentgrid completion bash'.
# Load it with: source <(agentgrid completion bash)
# or save it as ~/.local/share/bash-completion/completions/agentgrid

${sharedFunctions(table)}
${optionsFunction(table, 'bash')}
_agentgrid_complete_kind() {
	local kind=$1 cur=$2 IFS=$' \\t\\n'
	case $kind in
		session) COMPREPLY=($(compgen -W "$(command "$_ag_program" ls --names 2>/dev/null)" -- "$cur")) ;;
		setting) COMPREPLY=($(compgen -W "$(_agentgrid_setting_keys)" -- "$cur")) ;;
		# File names may hold spaces: one a line.
		directory) IFS=$'\\n' COMPREPLY=($(compgen -d -- "$cur")) ;;
		file) IFS=$'\\n' COMPREPLY=($(compgen -f -- "$cur")) ;;
		words:*) COMPREPLY=($(compgen -W "\${kind#words:}" -- "$cur")) ;;
		*) COMPREPLY=() ;;
	esac
}

_agentgrid() {
	local cur=\${COMP_WORDS[COMP_CWORD]} _ag_command _ag_operand _ag_value_of _ag_program=\${COMP_WORDS[0]}
	COMPREPLY=()
	# bash splits --for=idle at the =: '--for' '=' 'idle'.
	[[ $cur == '=' ]] && cur=
	_agentgrid_scan "\${COMP_WORDS[@]:1:COMP_CWORD-1}"
	if [[ -n $_ag_value_of ]]; then
		_agentgrid_complete_kind "$(_agentgrid_value_kind "$_ag_command" "$_ag_value_of")" "$cur"
	elif [[ $cur == -* ]]; then
		local IFS=$'\\n'
		COMPREPLY=($(compgen -W "$(_agentgrid_options "$_ag_command")" -- "$cur"))
	elif [[ -z $_ag_command ]]; then
		COMPREPLY=($(compgen -W ${shQuote(table.commands.map(command => command.name).join(' '))} -- "$cur"))
	else
		_agentgrid_complete_kind "$(_agentgrid_operand_kind "$_ag_command" "$_ag_operand")" "$cur"
	fi
}

complete -F _agentgrid agentgrid
`;
}

function zshScript(table: CompletionTable): string {
	const commands = table.commands.map(command => shQuote(`${command.name}:${command.summary}`)).join(' ');
	return `#compdef agentgrid
# agentgrid completion for zsh, generated by 'agentgrid completion zsh'.
# Load it with: source <(agentgrid completion zsh)  (after compinit)
# or save it as _agentgrid in a directory of your $fpath.

${sharedFunctions(table)}
${optionsFunction(table, 'zsh')}
_agentgrid_complete_kind() {
	local kind=$1
	case $kind in
		session)
			local -a names
			names=(\${(f)"$(command "$_ag_program" ls --names 2>/dev/null)"})
			compadd -a names ;;
		setting) compadd -- \${=$(_agentgrid_setting_keys)} ;;
		directory) _files -/ ;;
		file) _files ;;
		words:*) compadd -- \${=kind#words:} ;;
		*) return 1 ;;
	esac
}

_agentgrid() {
	local _ag_command _ag_operand _ag_value_of _ag_program=\${words[1]}
	local cur=\${words[CURRENT]}
	_agentgrid_scan "\${(@)words[2,CURRENT-1]}"
	if [[ -n $_ag_value_of ]]; then
		_agentgrid_complete_kind "$(_agentgrid_value_kind "$_ag_command" "$_ag_value_of")"
	elif [[ $cur == -* ]]; then
		local -a options
		options=(\${(f)"$(_agentgrid_options "$_ag_command")"})
		_describe -t options option options
	elif [[ -z $_ag_command ]]; then
		local -a commands
		commands=(${commands})
		_describe -t commands command commands
	else
		_agentgrid_complete_kind "$(_agentgrid_operand_kind "$_ag_command" "$_ag_operand")"
	fi
}

if [[ $funcstack[1] == _agentgrid ]]; then
	_agentgrid "$@"
else
	compdef _agentgrid agentgrid
fi
`;
}

function fishScript(table: CompletionTable): string {
	const lines = [
		'# agentgrid completion for fish, generated by \'agentgrid completion fish\'.',
		'# Load it with: agentgrid completion fish | source',
		'# or save it as ~/.config/fish/completions/agentgrid.fish',
		'',
		'function __agentgrid_takes_value',
		'\tswitch "$argv[1]:$argv[2]"',
	];
	const scopes = [{name: '', options: table.global}, ...table.commands];
	for (const scope of scopes) {
		const names = scope.options.filter(option => option.takesValue).map(option => fishQuote(`${scope.name}:${option.name}`));
		if (names.length > 0) lines.push(`\t\tcase ${names.join(' ')}`, '\t\t\treturn 0');
	}
	lines.push(
		'\tend',
		'\treturn 1',
		'end',
		'',
		'# The command and the index of the operand under the cursor, as command:index; command:-1 while an option\'s value is due.',
		'function __agentgrid_position',
		'\tset -l tokens (commandline -opc)',
		'\tset -e tokens[1]',
		'\tset -l command \'\'',
		'\tset -l count 0',
		'\tset -l expect 0',
		'\tfor token in $tokens',
		'\t\tif test $expect = 1',
		'\t\t\tset expect 0',
		'\t\t\tcontinue',
		'\t\tend',
		'\t\tswitch $token',
		'\t\t\tcase \'--*=*\'',
		'\t\t\tcase \'--*\'',
		'\t\t\t\tif __agentgrid_takes_value "$command" (string sub -s 3 -- $token)',
		'\t\t\t\t\tset expect 1',
		'\t\t\t\tend',
		'\t\t\tcase \'-*\'',
		'\t\t\tcase \'*\'',
		'\t\t\t\tif test -z "$command"',
		'\t\t\t\t\tset command $token',
		'\t\t\t\telse',
		'\t\t\t\t\tset count (math $count + 1)',
		'\t\t\t\tend',
		'\t\tend',
		'\tend',
		'\tif test $expect = 1',
		'\t\tset count -1',
		'\tend',
		'\techo "$command:$count"',
		'end',
		'',
		'function __agentgrid_at',
		'\tstring match -q -- $argv[1] (__agentgrid_position)',
		'end',
		'',
		'function __agentgrid_sessions',
		'\tcommand agentgrid ls --names 2>/dev/null',
		'end',
		'',
		'complete -c agentgrid -f',
	);
	const kindArguments = (completion: Completion): string => {
		if (typeof completion !== 'string') return ` -a ${fishQuote(completion.join(' '))}`;
		if (completion === 'session') return ' -a \'(__agentgrid_sessions)\'';
		if (completion === 'setting') return ` -a ${fishQuote(table.settings.join(' '))}`;
		if (completion === 'directory') return ' -a \'(__fish_complete_directories)\'';
		if (completion === 'file') return ' -F';
		return '';
	};
	// A value that is not a file name offers no files (-x); kindArguments' -F brings them back for files.
	const valueArguments = (option: OptionEntry): string => (option.takesValue ? ` -x${kindArguments(option.value)}` : '');
	for (const option of table.global) {
		lines.push(`complete -c agentgrid -n '__agentgrid_at ":0"' -l ${option.name}${valueArguments(option)} -d ${fishQuote(option.description)}`);
	}
	for (const command of table.commands) {
		lines.push(`complete -c agentgrid -n '__agentgrid_at ":0"' -a ${fishQuote(command.name)} -d ${fishQuote(command.summary)}`);
		for (const option of command.options) {
			lines.push(`complete -c agentgrid -n '__fish_seen_subcommand_from ${command.name}' -l ${option.name}${valueArguments(option)} -d ${fishQuote(option.description)}`);
		}
		command.operands.forEach((operand, index) => {
			// fish's globs have no ranges: a repeating operand matches every index (hook has no other).
			const at = command.repeatLast && index === command.operands.length - 1 ? `${command.name}:*` : `${command.name}:${index}`;
			const args = kindArguments(operand);
			if (args !== '') lines.push(`complete -c agentgrid -n '__agentgrid_at ${fishQuote(at).replaceAll('\'', '"')}'${args}`);
		});
	}
	return `${lines.join('\n')}\n`;
}

export function completionScript(shell: CompletionShell, table: CompletionTable): string {
	if (shell === 'bash') return bashScript(table);
	if (shell === 'zsh') return zshScript(table);
	return fishScript(table);
}
