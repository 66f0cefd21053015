import type {OptionSpec} from './parse-args.js';

/**
 * What a shell may complete for an operand or an option's value: a session of this repository, a settings key, a
 * directory, a file, free text, or one of fixed words.
 */
export type Completion = 'session' | 'setting' | 'directory' | 'file' | 'text' | readonly string[];

/**
 * A CLI subcommand: pure of process.* so it can be tested in-process; cli.tsx owns stdout, stderr and exit codes.
 */
export interface CommandContext {
	cwd: string;
	env: NodeJS.ProcessEnv;
	stdout: (text: string) => void;
	stderr: (text: string) => void;
	/** The process's standard input, for commands that read it (agentgrid hook). */
	stdin?: NodeJS.ReadableStream & {isTTY?: boolean};
}

export interface Command {
	name: string;
	/** One line for `agentgrid --help`. */
	summary: string;
	/** Full usage, printed by `agentgrid <name> --help`. */
	usage: string;
	/** Its options, as the parser takes them; --help, the usage check and shell completion read them from here. */
	options: OptionSpec;
	/** Its operands in order, for shell completion; the last one repeats when `repeatLast` is set. */
	operands?: readonly Completion[];
	repeatLast?: boolean;
	/** What the value of an option is, for shell completion (free text when absent). */
	optionValues?: Readonly<Record<string, Completion>>;
	/** Long-lived commands (the server) end the process when done, whatever handles libraries left open. */
	exitWhenDone?: boolean;
	/** Resolves to the process exit code. Throws AgentgridError for user-facing failures. */
	run(args: string[], context: CommandContext): Promise<number>;
}
