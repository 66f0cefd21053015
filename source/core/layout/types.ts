/** A rectangle of terminal cells; x and y are 0-based columns and rows from the top-left of the screen. */
export interface Rect {
	x: number;
	y: number;
	width: number;
	height: number;
}

/** Where one pane sits: its outer rectangle includes its border, the inner one is what its terminal gets. */
export interface PaneRect {
	/** Border included. Neighbours share their border line, so adjacent outer rects overlap by one cell. */
	outer: Rect;
	/** The content area: the pane's terminal is sized to this. */
	inner: Rect;
	/** False for the panes hidden behind a zoomed pane (their rects stay what the tiled layout gives them). */
	visible: boolean;
}

export type Direction = 'left' | 'right' | 'up' | 'down';

export interface Size {
	width: number;
	height: number;
}
