/**
 * What the mouse does on the grid, as in tmux with `mouse on`: a click focuses the pane under it; the wheel scrolls
 * the pane's history (opening copy mode) unless its program asked for mouse reports, which then get every event,
 * re-encoded for that program's mode at its own coordinates; on the alternate screen of a program without mouse
 * reports the wheel becomes arrow keys (xterm's alternate scroll); a drag selects text in copy mode and copies it on
 * release. Clicks on borders and titles only focus, they never reach a program.
 */
import type {Rect} from '../../core/layout/types.js';
import type {HeadlessTerminal} from '../../core/terminal/headless-terminal.js';
import type {CopyMode} from '../copy/copy-mode.js';
import {encodeMouse, type MouseEvent} from '../input/mouse.js';

/** Lines per wheel notch, as in xterm and tmux. */
const wheelLines = 3;

export interface MouseTarget {
	index: number;
	id: string;
	inner: Rect;
	terminal: HeadlessTerminal | undefined;
	running: boolean;
}

export interface GridMouseHost {
	/** The pane whose frame (border, title or interior) covers the cell. */
	paneAt(x: number, y: number): MouseTarget | undefined;
	focusIndex(): number;
	focus(index: number): void;
	/** True when something covers the panes (help, a form, a question, a workflow screen). */
	covered(): boolean;
	copyPane(): string | undefined;
	copyMode(): CopyMode | undefined;
	enterCopyMode(byWheel: boolean): boolean;
	write(id: string, data: string): void;
}

export class GridMouse {
	/** The pane that got the button press: drags and the release go to it, wherever the pointer is. */
	private captured: {target: MouseTarget; forwarded: boolean; selecting: boolean; pressX: number; pressY: number} | undefined;

	constructor(private readonly host: GridMouseHost) {}

	handle(event: MouseEvent): void {
		if (this.host.covered()) return;
		if (event.action === 'drag' || event.action === 'release' || event.action === 'move') {
			this.continueGesture(event);
			return;
		}
		const target = this.host.paneAt(event.x, event.y);
		if (!target) return;
		const inside = contains(target.inner, event.x, event.y);
		const wheel = event.button === 'wheel-up' || event.button === 'wheel-down';
		if (inside && this.wantsMouse(target)) {
			if (!wheel && target.index !== this.host.focusIndex()) this.host.focus(target.index);
			this.forward(target, event);
			if (!wheel) this.captured = {target, forwarded: true, selecting: false, pressX: event.x, pressY: event.y};
			return;
		}
		if (wheel) {
			this.wheel(target, event.button === 'wheel-up' ? -wheelLines : wheelLines);
			return;
		}
		if (target.index !== this.host.focusIndex()) this.host.focus(target.index);
		if (!inside || event.button !== 'left') return;
		this.captured = {target, forwarded: false, selecting: false, pressX: event.x, pressY: event.y};
		const copy = this.copyOf(target);
		if (copy) copy.pointAt(event.y - target.inner.y, event.x - target.inner.x);
	}

	private continueGesture(event: MouseEvent): void {
		const gesture = this.captured;
		if (event.action === 'release') this.captured = undefined;
		if (!gesture) return;
		const {target} = gesture;
		if (gesture.forwarded) {
			this.forward(target, event);
			return;
		}
		const x = clamp(event.x - target.inner.x, 0, target.inner.width - 1);
		const y = clamp(event.y - target.inner.y, 0, target.inner.height - 1);
		if (event.action === 'drag' && event.button === 'left') {
			let copy = this.copyOf(target);
			if (!gesture.selecting) {
				// A drag on a live pane opens copy mode on its screen as it is, and selects from where it started.
				if (!copy && (!target.terminal || !this.host.enterCopyMode(false))) return;
				copy = this.copyOf(target);
				if (!copy) return;
				copy.pointAt(gesture.pressY - target.inner.y, gesture.pressX - target.inner.x);
				copy.startSelection('char');
				gesture.selecting = true;
			}
			copy?.pointAt(y, x);
			return;
		}
		if (event.action === 'release' && gesture.selecting) this.copyOf(target)?.run('copy.copy');
	}

	private wheel(target: MouseTarget, lines: number): void {
		const terminal = target.terminal;
		if (!terminal) return;
		const copy = this.copyOf(target);
		if (copy) {
			copy.wheel(lines);
			return;
		}
		if (terminal.modes.alternateScreen) {
			// A full-screen program without mouse reports scrolls by arrow keys, encoded as it asked for them.
			if (!target.running) return;
			const arrow = `\u001B${terminal.modes.applicationCursorKeys ? 'O' : '['}${lines < 0 ? 'A' : 'B'}`;
			this.host.write(target.id, arrow.repeat(Math.abs(lines)));
			return;
		}
		if (lines > 0) return;
		if (target.index !== this.host.focusIndex()) this.host.focus(target.index);
		if (this.host.enterCopyMode(true)) this.host.copyMode()?.wheel(lines);
	}

	private wantsMouse(target: MouseTarget): boolean {
		return target.running && target.terminal !== undefined && target.terminal.modes.mouseTracking !== 'none' && this.copyOf(target) === undefined;
	}

	private forward(target: MouseTarget, event: MouseEvent): void {
		const terminal = target.terminal;
		if (!terminal || !target.running) return;
		const x = clamp(event.x - target.inner.x, 0, target.inner.width - 1);
		const y = clamp(event.y - target.inner.y, 0, target.inner.height - 1);
		const bytes = encodeMouse(event, x, y, terminal.modes.mouseTracking, terminal.modes.mouseEncoding);
		if (bytes) this.host.write(target.id, bytes);
	}

	private copyOf(target: MouseTarget): CopyMode | undefined {
		return this.host.copyPane() === target.id ? this.host.copyMode() : undefined;
	}
}

function contains(rect: Rect, x: number, y: number): boolean {
	return x >= rect.x && x < rect.x + rect.width && y >= rect.y && y < rect.y + rect.height;
}

function clamp(value: number, min: number, max: number): number {
	return Math.max(min, Math.min(max, value));
}
