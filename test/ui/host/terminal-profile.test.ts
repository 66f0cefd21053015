import {describe, expect, it} from 'vitest';
import {colorDepthFor, isDumbTerminal, isUtf8Locale, localeOf} from '../../../source/ui/host/terminal-profile.js';

describe('what the attached terminal can show', () => {
	it('reads the colour depth from COLORTERM, then TERM, unless the setting forces it', () => {
		expect(colorDepthFor('xterm-256color', 'truecolor')).toBe('truecolor');
		expect(colorDepthFor('screen', '24bit')).toBe('truecolor');
		expect(colorDepthFor('xterm-256color', undefined)).toBe('256');
		expect(colorDepthFor('tmux-256color', '')).toBe('256');
		expect(colorDepthFor('screen', undefined)).toBe('16');
		expect(colorDepthFor('xterm', undefined)).toBe('16');
		expect(colorDepthFor('linux', undefined)).toBe('16');
		expect(colorDepthFor('xterm-kitty', undefined)).toBe('truecolor');
		expect(colorDepthFor('xterm-direct', undefined)).toBe('truecolor');
		expect(colorDepthFor(undefined, undefined)).toBe('16');
		expect(colorDepthFor('xterm-256color', 'truecolor', '16')).toBe('16');
		expect(colorDepthFor('screen', undefined, 'truecolor')).toBe('truecolor');
		expect(colorDepthFor('screen', undefined, '256')).toBe('256');
	});

	it('takes a locale as UTF-8 when it names UTF-8, as tmux does', () => {
		expect(isUtf8Locale('en_US.UTF-8')).toBe(true);
		expect(isUtf8Locale('C.utf8')).toBe(true);
		expect(isUtf8Locale('C')).toBe(false);
		expect(isUtf8Locale('POSIX')).toBe(false);
		expect(isUtf8Locale('en_US.ISO-8859-1')).toBe(false);
		expect(isUtf8Locale(undefined)).toBe(false);
		expect(localeOf({LC_ALL: '', LC_CTYPE: 'C', LANG: 'en_US.UTF-8'})).toBe('C');
		expect(localeOf({LC_ALL: 'C.UTF-8', LC_CTYPE: 'C', LANG: 'C'})).toBe('C.UTF-8');
		expect(localeOf({LANG: 'de_DE.UTF-8'})).toBe('de_DE.UTF-8');
	});

	it('calls a terminal dumb when TERM is unset, empty or dumb', () => {
		expect(isDumbTerminal(undefined)).toBe(true);
		expect(isDumbTerminal('')).toBe(true);
		expect(isDumbTerminal('dumb')).toBe(true);
		expect(isDumbTerminal('xterm')).toBe(false);
	});
});
