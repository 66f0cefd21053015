/**
 * Where the parts of the review screen go for a given size. Shared by the view (to draw) and the controller (to know
 * how many lines a page is), so the two can never disagree.
 *
 *   ╭──────────────────────────────────────────────╮
 *   │ title                                        │
 *   │ file list  │ file header                     │
 *   │            │ diff lines…                     │
 *   │ [note editor: label, note lines, hints]      │
 *   ╰──────────────────────────────────────────────╯
 */

/** The most note lines shown at once; a longer note scrolls to keep its cursor in view. */
export const maxNoteRows = 5;

export interface ReviewLayout {
	/** Columns inside the border and its padding. */
	innerWidth: number;
	/** Width of the file list, 0 when the screen is too narrow to show it beside the diff. */
	listWidth: number;
	/** Whether the list shows each file's origin (committed, staged, ...) or only in the file header. */
	listShowsOrigin: boolean;
	diffWidth: number;
	/** Rows of the file list and of the diff column (header included). */
	bodyHeight: number;
	/** Rows of diff lines under the file header: one page. */
	diffHeight: number;
	/** Rows of note text in the editor, 0 when it is closed. */
	noteRows: number;
}

export function reviewLayout(size: {cols: number; rows: number}, noteLineCount: number | undefined): ReviewLayout {
	const innerWidth = Math.max(1, size.cols - 4);
	const noteRows = noteLineCount === undefined ? 0 : Math.max(1, Math.min(maxNoteRows, noteLineCount));
	// Border (2), title (1); the editor adds its label and hint rows.
	const bodyHeight = Math.max(2, size.rows - 3 - (noteRows > 0 ? noteRows + 2 : 0));
	const listWidth = innerWidth >= 70 ? Math.min(56, Math.max(24, Math.floor(innerWidth * 0.3))) : 0;
	// The list and the diff are parted by a rule and a space.
	const diffWidth = Math.max(1, innerWidth - (listWidth > 0 ? listWidth + 2 : 0));
	return {innerWidth, listWidth, listShowsOrigin: listWidth >= 40, diffWidth, bodyHeight, diffHeight: Math.max(1, bodyHeight - 1), noteRows};
}
