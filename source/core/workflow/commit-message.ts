/**
 * The message offered when a merge has to commit a session's pending changes: the first line of the task the
 * session was started with (from its task brief file), else its name made readable.
 */
import {readFile} from 'node:fs/promises';
import path from 'node:path';

const maxSubject = 72;

export async function suggestCommitMessage(worktree: string, taskFile: string, slug: string): Promise<string> {
	const brief = await readFile(path.join(worktree, taskFile), 'utf8').catch(() => undefined);
	const fromBrief = brief === undefined ? undefined : firstTaskLine(brief);
	return fromBrief ?? readableSlug(slug);
}

/** The brief starts with a "# Task: <slug>" heading; the task text follows. */
function firstTaskLine(brief: string): string | undefined {
	for (const raw of brief.split('\n')) {
		const line = raw.trim();
		if (line === '' || line.startsWith('#')) {
			continue;
		}
		if (line === '---') {
			return undefined;
		}
		const subject = line.length > maxSubject ? `${line.slice(0, maxSubject - 1).trimEnd()}…` : line;
		return subject.charAt(0).toUpperCase() + subject.slice(1);
	}
	return undefined;
}

function readableSlug(slug: string): string {
	const words = slug.replaceAll(/[-_.]+/g, ' ').trim();
	return words === '' ? 'Session changes' : words.charAt(0).toUpperCase() + words.slice(1);
}
