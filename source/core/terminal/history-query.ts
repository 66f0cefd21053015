/**
 * What the user typed after / or ? turned into a regex: smart case (case-insensitive unless the query has a capital
 * letter, as in vim and less), a regular expression when it is one, else the literal text, so "foo(" still finds
 * "foo(" instead of failing.
 */
export interface HistoryQuery {
	text: string;
	regex: RegExp;
	/** True when the text was not a valid regular expression and is searched for literally. */
	literal: boolean;
	caseSensitive: boolean;
}

export function compileQuery(text: string): HistoryQuery | undefined {
	if (text === '') return undefined;
	const caseSensitive = /\p{Lu}/u.test(text);
	const flags = caseSensitive ? 'g' : 'gi';
	try {
		return {text, regex: new RegExp(text, flags), literal: false, caseSensitive};
	} catch {
		return {text, regex: new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), flags), literal: true, caseSensitive};
	}
}
