/**
 * Answers to a program's terminal queries that came back as echo. A program that asks (DA1, DECRQM...) and restores
 * its tty at once, as Claude Code does on exit, may get the answer after the tty is cooked again: the line discipline
 * then echoes it (`^[[?1;2c`) and keeps it as typed input for the shell that comes next. When an answer's echo shows
 * up in the output, the answer was not wanted: the session erases it again with the line-kill character, which the
 * line discipline also erases from the screen. When the program has exited by then, nothing reads the line kill and
 * its erase never comes: the session then takes the echo off the last screen itself (`eraseAtExit`).
 */
/** How long after an answer its echo may still come back. */
const echoWindowMs = 1000;
/** Answers remembered at most; programs that ask in a loop must not grow the list. */
const maxRemembered = 16;

interface Remembered {
	forms: string[];
	until: number;
}

/** The answer as the tty echoes it: control characters as ^X with ECHOCTL (the default), or as they are without. */
function echoForms(answer: string): string[] {
	const caret = answer.replace(/[\x00-\x1f\x7f]/g, char => (char === '\x7f' ? '^?' : `^${String.fromCharCode(char.charCodeAt(0) + 64)}`));
	return caret === answer ? [answer] : [caret, answer];
}

export class EchoedAnswers {
	private readonly remembered: Remembered[] = [];
	private shown: string[] = [];

	noteAnswer(answer: string, now: number): void {
		this.remembered.push({forms: echoForms(answer), until: now + echoWindowMs});
		if (this.remembered.length > maxRemembered) this.remembered.shift();
	}

	/**
	 * Whether `output` holds the echo of an answer given lately (each echo is reported once). Echoes found are kept
	 * until the next exit, for `eraseAtExit`.
	 */
	takeEcho(output: string, now: number): boolean {
		const found = this.findEchoes(output, now);
		// The latest few suffice: only an echo at the very end of the output can be left standing.
		if (found.length > 0) this.shown = [...this.shown, ...found].slice(-maxRemembered);
		return found.length > 0;
	}

	/**
	 * At the program's exit, the sequence that takes off an echo the line kill never erased (nothing read the line kill
	 * once the program was gone): only when the cursor's row, up to the cursor, still ends with it; '' otherwise.
	 */
	eraseAtExit(rowUpToCursor: string): string {
		const columns = this.shown.length === 0 ? 0 : echoColumnsLeftOf(rowUpToCursor, this.shown);
		this.shown = [];
		return columns > 0 ? `\u001B[${columns}D\u001B[K` : '';
	}

	private findEchoes(output: string, now: number): string[] {
		const found: string[] = [];
		for (let i = this.remembered.length - 1; i >= 0; i--) {
			const entry = this.remembered[i];
			const form = entry.forms.find(candidate => output.includes(candidate));
			if (entry.until < now) {
				this.remembered.splice(i, 1);
			} else if (form !== undefined) {
				this.remembered.splice(i, 1);
				found.push(form);
			}
		}
		return found;
	}

	get empty(): boolean {
		return this.remembered.length === 0;
	}
}

/**
 * The columns to erase left of the cursor on `row` (the cursor's row text up to the cursor) so that none of `echoes`
 * remains at its end: each echo is taken off as long as the text ends with one. 0 when it ends with none.
 */
export function echoColumnsLeftOf(row: string, echoes: readonly string[]): number {
	let text = row;
	for (let again = true; again;) {
		again = false;
		for (const echo of echoes) {
			if (echo !== '' && text.endsWith(echo)) {
				text = text.slice(0, -echo.length);
				again = true;
			}
		}
	}
	return row.length - text.length;
}
