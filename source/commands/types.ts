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
	/** Long-lived commands (the server) end the process when done, whatever handles libraries left open. */
	exitWhenDone?: boolean;
	/** Resolves to the process exit code. Throws AgentgridError for user-facing failures. */
	run(args: string[], context: CommandContext): Promise<number>;
}
