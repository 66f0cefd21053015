/**
 * The terminal the grid draws on and reads keys from. In the server it is whichever client is attached (or none);
 * the grid never touches process.stdin or process.stdout itself.
 */
import type {ColorDepth} from '../../core/terminal/color-depth.js';
import type {OuterColors} from './query-colors.js';

export interface ProgramRequest {
	file: string;
	args: string[];
	cwd: string;
	env?: NodeJS.ProcessEnv;
}

/** What the attached terminal can do beyond the basics. */
export interface OuterCapabilities {
	/** Styled (4:2-4:5) and coloured (58) underlines. */
	underlineStyles: boolean;
	/** The kitty keyboard protocol (it answered CSI ? u). */
	kittyKeyboard: boolean;
	/** How many colours it shows (COLORTERM, TERM, or the `colors` setting). */
	colorDepth: ColorDepth;
	/** NO_COLOR was set (and not empty) where the client attached: agentgrid's own drawing has no colours. */
	noColor: boolean;
	/** The client's locale is UTF-8; otherwise agentgrid sends ASCII. */
	utf8: boolean;
}

export interface TerminalHost {
	/** Whether a terminal is attached now. */
	readonly attached: boolean;
	/**
	 * Whether what is drawn now reaches a terminal: one is attached and keeping up. A stalled one gets everything drawn
	 * anew once it catches up, so nothing needs drawing meanwhile.
	 */
	readonly showing: boolean;
	size(): {cols: number; rows: number};
	write(data: string): void;
	/** Input as text decoded across reads: a character split between two reads arrives whole. */
	onInput(listener: (data: string) => void): () => void;
	/** A new size; also fired when a client attaches, with `attached` set, so everything is drawn anew. */
	onResize(listener: (size: {cols: number; rows: number; attached: boolean}) => void): () => void;
	colors(): OuterColors;
	/** Whether the user's terminal runs inside tmux (clipboard sequences must pass through it). */
	insideTmux(): boolean;
	/** Of the terminal attached now (read again after each attach). */
	capabilities(): OuterCapabilities;
	/** Runs a program (an editor) on the user's own terminal and resolves with its exit code. */
	runProgram(request: ProgramRequest): Promise<number>;
	/** Lets go of the user's terminal; agents keep running. Settles once the client has been told. */
	detach(reason: string): Promise<void>;
}
