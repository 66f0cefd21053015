/**
 * Every failure a user can cause or meet carries a stable code and a message written for that user.
 * The CLI prints `message` alone (no stack) for these; anything else is a bug and prints its stack.
 */
export class AgentgridError extends Error {
	readonly code: string;
	/** What the user can do about it, printed on its own line after the message. */
	readonly hint?: string;

	constructor(code: string, message: string, hint?: string) {
		super(message);
		this.name = new.target.name;
		this.code = code;
		this.hint = hint;
	}
}

export function isAgentgridError(error: unknown): error is AgentgridError {
	return error instanceof AgentgridError;
}
