/**
 * Readline's editing keys for one-line text fields, as a pure function of the text, the cursor and the key:
 * Ctrl+A/E (Home/End) to the ends, Ctrl+B/F and ←/→ by character, Alt+B/F by word, Ctrl+U/K kill to the start/end,
 * Ctrl+W and Alt+Backspace kill the word before the cursor, Alt+D the word after it, Ctrl+D/Delete delete under the
 * cursor, Ctrl+H/Backspace before it, Ctrl+Y yanks what was killed last, Ctrl+T swaps two characters.
 * Positions count code points, so a cursor never lands inside a character.
 */
export interface LineState {
	value: string;
	/** Code points before the cursor, 0..length. */
	cursor: number;
	/** The text the last kill removed, for Ctrl+Y. */
	killed?: string;
}

/** The part of Ink's key that editing looks at. */
export interface LineKey {
	ctrl: boolean;
	meta: boolean;
	leftArrow: boolean;
	rightArrow: boolean;
	home: boolean;
	end: boolean;
	backspace: boolean;
	delete: boolean;
	return?: boolean;
	tab?: boolean;
	escape?: boolean;
	upArrow?: boolean;
	downArrow?: boolean;
}

const isWordChar = (char: string) => /[\p{L}\p{N}_]/u.test(char);

/** Start of the word before `at` (readline's backward-word: skip non-word characters, then the word). */
function wordStart(chars: readonly string[], at: number, isWord: (char: string) => boolean = isWordChar): number {
	let index = at;
	while (index > 0 && !isWord(chars[index - 1])) index--;
	while (index > 0 && isWord(chars[index - 1])) index--;
	return index;
}

function wordEnd(chars: readonly string[], at: number): number {
	let index = at;
	while (index < chars.length && !isWordChar(chars[index])) index++;
	while (index < chars.length && isWordChar(chars[index])) index++;
	return index;
}

/** Text as it may go into a one-line field: pasted line breaks become spaces, other control characters go. */
export function printable(input: string): string {
	return input.replaceAll(/\r\n|[\r\n\t]/g, ' ').replaceAll(/\p{Cc}/gu, '');
}

function cut(state: LineState, chars: string[], from: number, to: number, cursor: number): LineState {
	const killed = chars.slice(from, to).join('');
	return {value: [...chars.slice(0, from), ...chars.slice(to)].join(''), cursor, killed: killed === '' ? state.killed : killed};
}

/** The field after one key, or undefined when the key is not an editing key (Enter, Tab, Esc, ↑/↓ go to the form). */
export function editLine(state: LineState, input: string, key: LineKey): LineState | undefined {
	if (key.return || key.tab || key.escape || key.upArrow || key.downArrow) return undefined;
	const chars = [...state.value];
	const cursor = Math.max(0, Math.min(state.cursor, chars.length));
	const at = (next: number): LineState => ({...state, cursor: Math.max(0, Math.min(next, chars.length))});
	if (key.home) return at(0);
	if (key.end) return at(chars.length);
	if (key.leftArrow) return at(key.ctrl || key.meta ? wordStart(chars, cursor) : cursor - 1);
	if (key.rightArrow) return at(key.ctrl || key.meta ? wordEnd(chars, cursor) : cursor + 1);
	if (key.backspace && key.meta) return cut(state, chars, wordStart(chars, cursor), cursor, wordStart(chars, cursor));
	if (key.backspace || (key.ctrl && input === 'h')) {
		return cursor === 0 ? at(0) : {...state, value: [...chars.slice(0, cursor - 1), ...chars.slice(cursor)].join(''), cursor: cursor - 1};
	}
	if (key.delete || (key.ctrl && input === 'd')) {
		return {...state, value: [...chars.slice(0, cursor), ...chars.slice(cursor + 1)].join(''), cursor};
	}
	if (key.ctrl) {
		switch (input) {
			case 'a':
				return at(0);
			case 'e':
				return at(chars.length);
			case 'b':
				return at(cursor - 1);
			case 'f':
				return at(cursor + 1);
			case 'u':
				return cut(state, chars, 0, cursor, 0);
			case 'k':
				return cut(state, chars, cursor, chars.length, cursor);
			case 'w': {
				// unix-word-rubout: back to the previous white space, as in bash.
				const start = wordStart(chars, cursor, char => !/\s/u.test(char));
				return cut(state, chars, start, cursor, start);
			}
			case 'y': {
				const yank = [...(state.killed ?? '')];
				return {...state, value: [...chars.slice(0, cursor), ...yank, ...chars.slice(cursor)].join(''), cursor: cursor + yank.length};
			}
			case 't': {
				if (chars.length < 2 || cursor === 0) return at(cursor);
				const right = Math.min(cursor, chars.length - 1);
				const swapped = [...chars];
				[swapped[right - 1], swapped[right]] = [swapped[right], swapped[right - 1]];
				return {...state, value: swapped.join(''), cursor: right + 1};
			}
			default:
				// Other control keys are not text: typing Ctrl+X must not insert an "x".
				return at(cursor);
		}
	}
	if (key.meta) {
		switch (input) {
			case 'b':
				return at(wordStart(chars, cursor));
			case 'f':
				return at(wordEnd(chars, cursor));
			case 'd': {
				const end = wordEnd(chars, cursor);
				return cut(state, chars, cursor, end, cursor);
			}
			default:
				return at(cursor);
		}
	}
	const text = [...printable(input)];
	if (text.length === 0) return at(cursor);
	return {...state, value: [...chars.slice(0, cursor), ...text, ...chars.slice(cursor)].join(''), cursor: cursor + text.length};
}

/**
 * What of the field is visible in `width` cells with the cursor in view: the text scrolls sideways like readline's
 * horizontal mode. Widths count code points (the fields hold names, branches and tasks).
 */
export function visibleWindow(value: string, cursor: number, width: number): {start: number; text: string; cursor: number} {
	const chars = [...value];
	const room = Math.max(1, width - 1);
	const start = cursor <= room ? 0 : cursor - room;
	return {start, text: chars.slice(start, start + room + (cursor === chars.length ? 0 : 1)).join(''), cursor: cursor - start};
}
