/**
 * Echoed answers are recognised in the output (once each, within their window), and an echo left at the cursor when
 * the program exited is measured exactly, so only the echo is erased and nothing the program printed before it.
 */
import {describe, expect, it} from 'vitest';
import {EchoedAnswers, echoColumnsLeftOf} from '../../../source/core/session/echoed-answers.js';

describe('EchoedAnswers', () => {
	it('finds an answer echoed with ECHOCTL or as it is, once, and only within its window', () => {
		const answers = new EchoedAnswers();
		answers.noteAnswer('\u001B[?1;2c', 0);
		answers.noteAnswer('\u001B[?2026;2$y', 0);
		expect(answers.takeEcho('run-1\r\n^[[?2026;2$y^[[?1;2c', 10)).toBe(true);
		expect(answers.takeEcho('^[[?1;2c', 20)).toBe(false);
		// Both echoes found are what an exit takes off the cursor's row, and only once.
		expect(answers.eraseAtExit('run-1^[[?2026;2$y^[[?1;2c')).toBe('\u001B[20D\u001B[K');
		expect(answers.eraseAtExit('run-1^[[?2026;2$y^[[?1;2c')).toBe('');
		answers.noteAnswer('\u001B[?1;2c', 100);
		expect(answers.takeEcho('\u001B[?1;2c', 5000)).toBe(false);
		expect(answers.empty).toBe(true);
	});

	it('erases nothing at exit when the line kill took the echo off already', () => {
		const answers = new EchoedAnswers();
		answers.noteAnswer('\u001B[?1;2c', 0);
		expect(answers.takeEcho('^[[?1;2c', 1)).toBe(true);
		expect(answers.eraseAtExit('$ ')).toBe('');
	});
});

describe('echoColumnsLeftOf', () => {
	it('measures every echo at the end of the text, in any order, and nothing else', () => {
		const echoes = ['^[[?2026;2$y', '^[[?1;2c'];
		expect(echoColumnsLeftOf('run-2^[[?2026;2$y^[[?1;2c', echoes)).toBe(20);
		expect(echoColumnsLeftOf('run-2^[[?1;2c^[[?2026;2$y', echoes)).toBe(20);
		expect(echoColumnsLeftOf('run-2^[[?1;2c', echoes)).toBe(8);
		// Erased already by the line kill (the cursor is back at the start of the echo), or followed by other text.
		expect(echoColumnsLeftOf('run-2', echoes)).toBe(0);
		expect(echoColumnsLeftOf('^[[?1;2c and more', echoes)).toBe(0);
		expect(echoColumnsLeftOf('', echoes)).toBe(0);
		expect(echoColumnsLeftOf('text', ['', 'x'])).toBe(0);
	});
});
