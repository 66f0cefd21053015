import {describe, expect, it} from 'vitest';
import {InvalidSlug} from '../../../source/core/git/errors.js';
import {maxSlugLength, normalizeSlug, suggestSlug} from '../../../source/core/git/slug.js';

describe('normalizeSlug', () => {
	it('lowercases and trims valid names', () => {
		expect(normalizeSlug('  Fix-Login_2.0 ')).toBe('fix-login_2.0');
	});

	it.each([
		['../x', /contains "\/"/],
		['-rf', /starts with "-"/],
		['$(touch pwned)', /contains "\$", "\(", space/],
		['café', /contains "é"/],
		['日本', /contains "日", "本"/],
		['x'.repeat(300), /300 characters long, the limit is 64/],
		['', /empty/],
		['.hidden', /starts with "\."/],
		['a..b', /contains "\.\."/],
		['name.lock', /\.lock/],
		['trailing.', /ends with "\."/],
		['HEAD', /reserved/],
		['con', /reserved/],
		['nul.txt', /reserved/],
		['a/b', /contains "\/"/],
		['tab\there', /"\\t"/],
	])('rejects %j with a specific message', (input, message) => {
		let caught: unknown;
		try {
			normalizeSlug(input);
		} catch (error) {
			caught = error;
		}
		expect(caught).toBeInstanceOf(InvalidSlug);
		expect((caught as InvalidSlug).message).toMatch(message);
		expect((caught as InvalidSlug).code).toBe('INVALID_SLUG');
	});

	it('accepts exactly the length limit', () => {
		expect(normalizeSlug('a'.repeat(maxSlugLength))).toHaveLength(maxSlugLength);
	});
});

describe('suggestSlug', () => {
	it('makes a short slug from a task prompt', () => {
		expect(suggestSlug('Fix the login bug in auth.ts, please!')).toBe('fix-the-login-bug-in-auth');
	});

	it('folds accents and drops other scripts', () => {
		expect(suggestSlug('Créer la page d’accueil')).toBe('creer-la-page-d-accueil');
		expect(suggestSlug('日本語')).toBe('session');
	});

	it.each(['', '   ', '../..', '-rf', '$(touch pwned)', 'HEAD', 'con', 'x'.repeat(300), 'a'.repeat(10) + ' ' + 'b'.repeat(50)])('always returns a valid slug for %j', input => {
		const slug = suggestSlug(input);
		expect(normalizeSlug(slug)).toBe(slug);
		expect(slug.length).toBeLessThanOrEqual(maxSlugLength);
	});
});
