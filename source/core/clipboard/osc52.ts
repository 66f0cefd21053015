/**
 * OSC 52 asks the user's terminal to put text on its clipboard. It travels with the screen bytes, so it works over
 * ssh and from a server without a display. tmux drops it from programs unless `set-clipboard on`; wrapped in a DCS
 * passthrough it reaches the terminal outside when `allow-passthrough` is on; inside tmux both are sent so either
 * setting lets it through.
 */
export interface Osc52Options {
	/** The attached terminal runs inside tmux. */
	tmux: boolean;
}

export function osc52(text: string, options: Osc52Options): string {
	const sequence = `\u001B]52;c;${Buffer.from(text, 'utf8').toString('base64')}\u0007`;
	if (!options.tmux) return sequence;
	// Inside the passthrough every ESC is doubled.
	return `${sequence}\u001BPtmux;${sequence.replaceAll('\u001B', '\u001B\u001B')}\u001B\\`;
}
