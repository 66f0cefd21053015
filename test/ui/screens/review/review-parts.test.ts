import {describe, expect, it} from 'vitest';
import {FileDiff} from '../../../../source/core/review/file-diff.js';
import {keyEvent} from '../../../../source/ui/input/key-event.js';
import {displayText, truncateStart} from '../../../../source/ui/screens/review/display-text.js';
import {diffRowText} from '../../../../source/ui/screens/review/ReviewView.js';
import {editorCommand} from '../../../../source/ui/screens/review/editor-command.js';
import {editNote, startNote, type NoteDraft} from '../../../../source/ui/screens/review/note-editor.js';
import {reviewLayout} from '../../../../source/ui/screens/review/review-layout.js';
import {fitViewport, scrollViewport} from '../../../../source/ui/screens/review/viewport.js';
import {typed} from './review-fixture.js';

describe('note editor', () => {
	const apply = (draft: NoteDraft, ...keys: Parameters<typeof editNote>[1][]): NoteDraft =>
		keys.reduce((current, key) => {
			const action = editNote(current, key);
			return action.kind === 'edit' ? action.draft : current;
		}, draft);

	it('edits at the cursor and breaks lines with Alt+Enter or Ctrl+J, sending on Enter', () => {
		let draft = startNote('In a line 1: ');
		draft = apply(draft, typed('h'), typed('i'), keyEvent('left', ''), keyEvent('left', ''), typed('o'), keyEvent('end', ''));
		expect(draft).toEqual({text: 'In a line 1: ohi', cursor: 16});
		draft = apply(draft, keyEvent('enter', '', {alt: true}), typed('x'), keyEvent('j', '\n', {ctrl: true}), typed('y'));
		expect(draft.text).toBe('In a line 1: ohi\nx\ny');
		draft = apply(draft, keyEvent('home', ''), keyEvent('delete', ''));
		expect(draft.text).toBe('In a line 1: ohi\nx\n');
		expect(editNote(draft, keyEvent('enter', '\r')).kind).toBe('send');
		expect(editNote(draft, keyEvent('escape', '\u001b')).kind).toBe('cancel');
		expect(editNote(draft, keyEvent('f1', '')).kind).toBe('ignore');
		expect(apply(draft, keyEvent('u', '', {ctrl: true}))).toEqual({text: '', cursor: 0});
	});

	it('removes whole characters outside the basic plane and keeps pasted line breaks', () => {
		const draft = apply(startNote('ok 👍'), keyEvent('backspace', ''));
		expect(draft).toEqual({text: 'ok ', cursor: 3});
		expect(apply(draft, keyEvent('paste', '', {}, 'a\r\nb\rc'))).toEqual({text: 'ok a\nb\nc', cursor: 8});
	});
});

describe('viewport', () => {
	const diff = FileDiff.parse(`@@ -1,3 +1,3 @@\n${Array.from({length: 50}, (_, index) => ` ${index}`).join('\n')}\n@@ -90,1 +90,1 @@\n-a\n+b\n`);

	it('keeps the cursor on screen and inside the diff', () => {
		expect(fitViewport({cursor: 500, top: 0}, diff.lineCount, 10)).toEqual({cursor: 53, top: 44});
		expect(fitViewport({cursor: 3, top: 20}, diff.lineCount, 10)).toEqual({cursor: 3, top: 3});
		expect(fitViewport({cursor: 0, top: 0}, 0, 10)).toEqual({cursor: 0, top: 0});
	});

	it('moves a page at a time and jumps between hunks', () => {
		expect(scrollViewport({cursor: 2, top: 0}, 'review.page-down', diff, 10)).toEqual({cursor: 12, top: 10});
		expect(scrollViewport({cursor: 2, top: 0}, 'review.next-hunk', diff, 10)).toEqual({cursor: 51, top: 44});
		expect(scrollViewport({cursor: 53, top: 44}, 'review.previous-hunk', diff, 10)).toEqual({cursor: 51, top: 44});
		expect(scrollViewport({cursor: 51, top: 44}, 'review.next-hunk', diff, 10)).toEqual({cursor: 51, top: 44});
		expect(scrollViewport({cursor: 0, top: 0}, 'review.feedback', diff, 10)).toBeUndefined();
	});
});

describe('display helpers', () => {
	it('expands tabs, shows control characters and cuts to the width', () => {
		expect(displayText('a\tb\u001b[31m', 20)).toBe('a   b␛[31m');
		expect(displayText('x'.repeat(100_000), 5)).toBe('xxxxx');
		expect(truncateStart('src/deep/path/file.ts', 10)).toBe('…h/file.ts');
	});

	it('makes room for the file list only when the screen is wide enough', () => {
		expect(reviewLayout({cols: 160, rows: 44}, undefined)).toMatchObject({listWidth: 46, diffWidth: 108, bodyHeight: 41, diffHeight: 40, noteRows: 0});
		expect(reviewLayout({cols: 60, rows: 20}, 9)).toMatchObject({listWidth: 0, diffWidth: 56, noteRows: 5, bodyHeight: 10});
	});
});

describe('diff rows', () => {
	it('colours additions green, deletions red, hunk headers cyan, and highlights the cursor line numbers', () => {
		expect(diffRowText({kind: 'added', text: 'new', newNumber: 12}, false, 3, 40)).toBe('\u001B[2m     12 \u001B[0m\u001B[32m+new\u001B[0m');
		expect(diffRowText({kind: 'removed', text: 'old', oldNumber: 9}, true, 3, 40)).toBe('\u001B[7m  9     \u001B[0m\u001B[31m-old\u001B[0m');
		expect(diffRowText({kind: 'hunk', text: '@@ -9 +12 @@', oldNumber: 9, newNumber: 12}, false, 3, 40)).toBe('\u001B[2m        \u001B[0m\u001B[36m@@ -9 +12 @@\u001B[0m');
		expect(diffRowText({kind: 'context', text: 'x'.repeat(100), oldNumber: 1, newNumber: 1}, false, 3, 20)).toBe(`\u001B[2m  1   1 \u001B[0m ${'x'.repeat(11)}`);
	});
});

describe('editor command', () => {
	it('prefers $VISUAL, then $EDITOR, then vi, splitting arguments without a shell', () => {
		expect(editorCommand({VISUAL: 'code --wait', EDITOR: 'nano'}, 'a b.txt', 7)).toEqual({command: 'code', args: ['--wait', '+7', 'a b.txt']});
		expect(editorCommand({VISUAL: ' ', EDITOR: 'nano'}, 'f', undefined)).toEqual({command: 'nano', args: ['f']});
		expect(editorCommand({}, 'f; rm -rf /', 1)).toEqual({command: 'vi', args: ['+1', 'f; rm -rf /']});
	});
});
