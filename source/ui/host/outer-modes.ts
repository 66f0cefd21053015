/**
 * The outer terminal encodes keys according to its own modes, while an agent expects them encoded according to its
 * pane's modes. We mirror the focused pane's input modes onto the outer terminal, so bytes typed in pane mode can be
 * forwarded verbatim (e.g. Up arrives as ESC O A for an agent that enabled application cursor keys).
 */
export interface InputModes {
	applicationCursorKeys: boolean;
	applicationKeypad: boolean;
	bracketedPaste: boolean;
	focusEvents: boolean;
	/** Mouse reports asked of the terminal (always SGR encoded): none, presses and drags, or every motion too. */
	mouse?: 'off' | 'drag' | 'any';
	/** Kitty keyboard protocol flags pushed onto a terminal that speaks it (0: none pushed). */
	kittyFlags?: number;
}

const mouseModes = {off: '\u001B[?1003l\u001B[?1002l\u001B[?1006l', drag: '\u001B[?1003l\u001B[?1002h\u001B[?1006h', any: '\u001B[?1002h\u001B[?1003h\u001B[?1006h'};

/** What agentgrid's own grid-mode parser expects. */
export const gridInputModes: InputModes = {
	applicationCursorKeys: false,
	applicationKeypad: false,
	bracketedPaste: true,
	focusEvents: false,
	kittyFlags: 0,
};

export function inputModeChange(from: InputModes | undefined, to: InputModes): string {
	let out = '';
	if (from?.applicationCursorKeys !== to.applicationCursorKeys) out += to.applicationCursorKeys ? '\u001B[?1h' : '\u001B[?1l';
	if (from?.applicationKeypad !== to.applicationKeypad) out += to.applicationKeypad ? '\u001B=' : '\u001B>';
	if (from?.bracketedPaste !== to.bracketedPaste) out += to.bracketedPaste ? '\u001B[?2004h' : '\u001B[?2004l';
	if (from?.focusEvents !== to.focusEvents) out += to.focusEvents ? '\u001B[?1004h' : '\u001B[?1004l';
	if ((from?.mouse ?? 'off') !== (to.mouse ?? 'off') || (from === undefined && to.mouse !== undefined)) out += mouseModes[to.mouse ?? 'off'];
	// The pane's flags are pushed on the terminal's stack and popped again, so the terminal's own flags come back.
	if ((from?.kittyFlags ?? 0) !== (to.kittyFlags ?? 0)) out += `${from?.kittyFlags ? '\u001B[<u' : ''}${to.kittyFlags ? `\u001B[>${to.kittyFlags}u` : ''}`;
	return out;
}

/** Alternate screen, cursor hidden, autowrap off (the compositor addresses every cell itself, so a write into the last
 * column must never scroll the screen). */
export const enterFullScreen = '\u001B[?1049h\u001B[?7l\u001B[?25l\u001B[0m\u001B[H\u001B[2J';

export const leaveFullScreen = `${inputModeChange(
	{applicationCursorKeys: true, applicationKeypad: true, bracketedPaste: true, focusEvents: true, mouse: 'any', kittyFlags: 1},
	{applicationCursorKeys: false, applicationKeypad: false, bracketedPaste: false, focusEvents: false, mouse: 'off', kittyFlags: 0},
)}\u001B[0m\u001B[?7h\u001B[?25h\u001B[?1049l`;
