/**
 * The feedback note being written: its text and cursor. Pure functions over an immutable value, so the controller
 * only has to store the latest one.
 */
import type {KeyEvent} from '../../input/key-event.js';

export interface NoteDraft {
	text: string;
	/** Offset into `text` (UTF-16 units, always on a code point boundary). */
	cursor: number;
}

export type NoteAction = {kind: 'edit'; draft: NoteDraft} | {kind: 'send'} | {kind: 'cancel'} | {kind: 'ignore'};

export function startNote(text: string): NoteDraft {
	return {text, cursor: text.length};
}

function insert(draft: NoteDraft, text: string): NoteDraft {
	return {text: draft.text.slice(0, draft.cursor) + text + draft.text.slice(draft.cursor), cursor: draft.cursor + text.length};
}

function previousBoundary(text: string, offset: number): number {
	if (offset <= 0) return 0;
	const low = text.charCodeAt(offset - 1);
	return offset >= 2 && low >= 0xdc00 && low <= 0xdfff ? offset - 2 : offset - 1;
}

function nextBoundary(text: string, offset: number): number {
	if (offset >= text.length) return text.length;
	const high = text.charCodeAt(offset);
	return high >= 0xd800 && high <= 0xdbff ? offset + 2 : offset + 1;
}

/**
 * Enter sends; Alt+Enter and Ctrl+J add a line (Shift+Enter is indistinguishable from Enter in most terminals);
 * Escape cancels; pastes are inserted with their line breaks.
 */
export function editNote(draft: NoteDraft, key: KeyEvent): NoteAction {
	const {text, cursor} = draft;
	if (key.name === 'paste') return {kind: 'edit', draft: insert(draft, (key.text ?? '').replace(/\r\n?/g, '\n'))};
	if (key.name === 'enter' && (key.alt || key.shift)) return {kind: 'edit', draft: insert(draft, '\n')};
	if (key.name === 'j' && key.ctrl) return {kind: 'edit', draft: insert(draft, '\n')};
	if (key.name === 'enter') return {kind: 'send'};
	if (key.name === 'escape') return {kind: 'cancel'};
	if (key.name === 'backspace') {
		const from = previousBoundary(text, cursor);
		return {kind: 'edit', draft: {text: text.slice(0, from) + text.slice(cursor), cursor: from}};
	}
	if (key.name === 'delete') return {kind: 'edit', draft: {text: text.slice(0, cursor) + text.slice(nextBoundary(text, cursor)), cursor}};
	if (key.name === 'left') return {kind: 'edit', draft: {text, cursor: previousBoundary(text, cursor)}};
	if (key.name === 'right') return {kind: 'edit', draft: {text, cursor: nextBoundary(text, cursor)}};
	if (key.name === 'home' || (key.name === 'a' && key.ctrl)) return {kind: 'edit', draft: {text, cursor: text.lastIndexOf('\n', cursor - 1) + 1}};
	if (key.name === 'end' || (key.name === 'e' && key.ctrl)) {
		const lineEnd = text.indexOf('\n', cursor);
		return {kind: 'edit', draft: {text, cursor: lineEnd === -1 ? text.length : lineEnd}};
	}
	if (key.name === 'u' && key.ctrl) return {kind: 'edit', draft: {text: text.slice(cursor), cursor: 0}};
	if (key.text !== undefined && !key.ctrl && !key.alt) return {kind: 'edit', draft: insert(draft, key.text)};
	return {kind: 'ignore'};
}
