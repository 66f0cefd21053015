/**
 * What the attached terminal can show, from the environment of the client that attached it (TERM, COLORTERM,
 * NO_COLOR, the locale), read the way tmux and the conventions behind those variables read them.
 */
import type {ColorDepth} from '../../core/terminal/color-depth.js';
import type {ColorsSetting} from '../../core/config/user-settings-schema.js';

export type {ColorsSetting} from '../../core/config/user-settings-schema.js';

// Terminals that draw truecolour but are often reached without COLORTERM (it does not cross ssh by default).
const truecolorTerms = /(-direct$|^xterm-kitty$|^alacritty|^foot|^wezterm|^xterm-ghostty$|^contour)/;
const palette256Terms = /256col/;

/**
 * Truecolour when COLORTERM says so (`truecolor` or `24bit`) or TERM names a direct-colour terminal, 256 colours
 * when TERM has them (`xterm-256color`, `screen-256color`, `tmux-256color`), else the 16 ANSI colours (`xterm`,
 * `screen`, `linux`). A setting other than `auto` wins.
 */
export function colorDepthFor(term: string | undefined, colorterm: string | undefined, setting: ColorsSetting = 'auto'): ColorDepth {
	if (setting !== 'auto') return setting;
	const name = (term ?? '').toLowerCase();
	const direct = (colorterm ?? '').toLowerCase();
	if (direct === 'truecolor' || direct === '24bit' || truecolorTerms.test(name)) return 'truecolor';
	if (palette256Terms.test(name)) return '256';
	return '16';
}

/** The client's LC_ALL, else LC_CTYPE, else LANG (the first set and non-empty) names UTF-8, as tmux checks it. */
export function isUtf8Locale(lang: string | undefined): boolean {
	return /utf-?8/i.test(lang ?? '');
}

/** A terminal that cannot be drawn on with cursor addressing: TERM unset, empty or `dumb`. */
export function isDumbTerminal(term: string | undefined): boolean {
	return term === undefined || term === '' || term === 'dumb';
}

/** The locale variable that decides the character set, as the attach client reports it. */
export function localeOf(env: NodeJS.ProcessEnv): string | undefined {
	return env.LC_ALL || env.LC_CTYPE || env.LANG;
}
