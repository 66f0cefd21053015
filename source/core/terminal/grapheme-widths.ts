/**
 * Grapheme cluster widths for xterm terminals (@xterm/addon-unicode-graphemes): a ZWJ family, a flag, a keycap or a
 * skin-toned emoji is one cluster of width 2 in one cell, as in tmux, modern terminals and the string-width that Ink
 * apps such as Claude Code lay out their rows with.
 */
// Must come before the addon: it must load with Buffer pooling off.
import {poolSize} from './buffer-pool-off.js';
import graphemes from '@xterm/addon-unicode-graphemes';
import type {Terminal} from '@xterm/headless';

Buffer.poolSize = poolSize;

const {UnicodeGraphemesAddon} = graphemes as unknown as {UnicodeGraphemesAddon: new () => {activate(terminal: Terminal): void; dispose(): void}};

/** Gives `terminal` grapheme cluster widths (Unicode 15 tables); needs `allowProposedApi`. */
export function useGraphemeWidths(terminal: Terminal): void {
	terminal.loadAddon(new UnicodeGraphemesAddon() as never);
	terminal.unicode.activeVersion = '15-graphemes';
}
