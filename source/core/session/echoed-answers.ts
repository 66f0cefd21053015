/**
 * Answers to a program's terminal queries that came back as echo. A program that asks (DA1, DECRQM...) and restores
 * its tty at once, as Claude Code does on exit, may get the answer after the tty is cooked again: the line discipline
 * then echoes it (`^[[?1;2c`) and keeps it as typed input for the shell that comes next. When an answer's echo shows
 * up in the output, the answer was not wanted: the session erases it again with the line-kill character, which the
 * line discipline also erases from the screen.
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

	noteAnswer(answer: string, now: number): void {
		this.remembered.push({forms: echoForms(answer), until: now + echoWindowMs});
		if (this.remembered.length > maxRemembered) this.remembered.shift();
	}

	/** Whether `output` holds the echo of an answer given lately; each echo is reported once. */
	takeEcho(output: string, now: number): boolean {
		let found = false;
		for (let i = this.remembered.length - 1; i >= 0; i--) {
			const entry = this.remembered[i];
			if (entry.until < now) {
				this.remembered.splice(i, 1);
			} else if (entry.forms.some(form => output.includes(form))) {
				this.remembered.splice(i, 1);
				found = true;
			}
		}
		return found;
	}

	get empty(): boolean {
		return this.remembered.length === 0;
	}
}
