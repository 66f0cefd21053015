import {InvalidSlug} from './errors.js';

export const maxSlugLength = 64;

/*
 * Names that git or some file system treats specially: HEAD-like refs would be ambiguous, and device names
 * cannot be directory names on Windows.
 */
const reservedNames = new Set([
	'head', 'fetch_head', 'orig_head', 'merge_head', 'cherry_pick_head', 'stash',
	'con', 'prn', 'aux', 'nul',
	...Array.from({length: 9}, (_, i) => `com${i + 1}`),
	...Array.from({length: 9}, (_, i) => `lpt${i + 1}`),
]);

/**
 * Returns the canonical form of a session name (trimmed, lowercase) or throws InvalidSlug saying exactly
 * what is wrong. The result is safe as a branch component, a directory name and a command-line argument.
 */
export function normalizeSlug(input: string): string {
	const slug = input.trim().toLowerCase();
	if (slug.length === 0) {
		throw new InvalidSlug(input, 'it is empty');
	}
	if (slug.length > maxSlugLength) {
		throw new InvalidSlug(input, `it is ${slug.length} characters long, the limit is ${maxSlugLength}`);
	}
	const bad = [...new Set(slug.replaceAll(/[a-z0-9._-]/g, ''))];
	if (bad.length > 0) {
		const shown = bad.slice(0, 5).map(c => (c === ' ' ? 'space' : JSON.stringify(c))).join(', ');
		throw new InvalidSlug(input, `it contains ${shown}; only a-z, 0-9, ".", "_" and "-" are allowed`);
	}
	if (slug.startsWith('-')) {
		throw new InvalidSlug(input, 'it starts with "-", which would read as a command-line option');
	}
	if (slug.startsWith('.')) {
		throw new InvalidSlug(input, 'it starts with "."');
	}
	if (slug.includes('..')) {
		throw new InvalidSlug(input, 'it contains ".."');
	}
	if (slug.endsWith('.') || slug.endsWith('.lock')) {
		throw new InvalidSlug(input, 'it ends with "." or ".lock", which git does not allow in branch names');
	}
	const stem = slug.split('.', 1)[0]!;
	if (reservedNames.has(slug) || reservedNames.has(stem)) {
		throw new InvalidSlug(input, `"${slug}" is a reserved name`);
	}
	return slug;
}

const maxSuggestedLength = 40;

/** Derives a valid slug from free text such as a task prompt; never throws. */
export function suggestSlug(text: string): string {
	const words = text
		.normalize('NFKD')
		.replaceAll(/[\u0300-\u036F]/g, '')
		.toLowerCase()
		.split(/[^a-z0-9]+/)
		.filter(word => word.length > 0);
	let slug = '';
	for (const word of words) {
		const candidate = slug ? `${slug}-${word}` : word;
		if (candidate.length > maxSuggestedLength) {
			if (!slug) {
				slug = word.slice(0, maxSuggestedLength);
			}
			break;
		}
		slug = candidate;
		if (slug.split('-').length >= 6) {
			break;
		}
	}
	if (!slug) {
		return 'session';
	}
	try {
		return normalizeSlug(slug);
	} catch {
		return `${slug}-1`;
	}
}
