/**
 * The last test run of each session, kept in the repository's git common dir so it survives restarts and is shared
 * by every worktree, yet never committed. A result names the commit and the exact worktree state it ran on, so a
 * later look can tell whether it still applies.
 */
import {mkdir, rename, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {withFileLock} from '../config/file-lock.js';
import {readOptionalFile} from '../config/json-file.js';
import {isPlainObject} from '../config/validate.js';

export interface TestResult {
	slug: string;
	branch: string;
	passed: boolean;
	exitCode: number;
	/** Set when a signal ended the run. */
	signal?: string;
	durationMs: number;
	/** HEAD of the worktree when the run started. */
	commit: string;
	/** Whether the worktree had uncommitted (or untracked) changes when the run started. */
	dirty: boolean;
	/** A commit id that stands for HEAD plus every uncommitted file at the start (see snapshotWorktree). */
	snapshot: string;
	/** The command line as shown to the user. */
	command: string;
	/** ISO time the run ended. */
	finishedAt: string;
}

export function testResultsFile(gitCommonDir: string): string {
	return path.join(gitCommonDir, 'agentgrid', 'test-results.json');
}

export class TestResultStore {
	constructor(readonly file: string) {}

	async get(slug: string): Promise<TestResult | undefined> {
		return (await this.read()).get(slug);
	}

	async all(): Promise<Map<string, TestResult>> {
		return this.read();
	}

	async record(result: TestResult): Promise<void> {
		await mkdir(path.dirname(this.file), {recursive: true});
		// Two agentgrid processes may record at once; the lock keeps one from dropping the other's result.
		await withFileLock(this.file, async () => {
			const results = await this.read();
			results.set(result.slug, result);
			const temporary = `${this.file}.${process.pid}.${Date.now()}.tmp`;
			await writeFile(temporary, `${JSON.stringify({results: Object.fromEntries(results)}, null, '\t')}\n`);
			await rename(temporary, this.file);
		});
	}

	private async read(): Promise<Map<string, TestResult>> {
		const text = await readOptionalFile(this.file);
		if (text === undefined) {
			return new Map();
		}
		try {
			const data = JSON.parse(text) as unknown;
			const results = isPlainObject(data) && isPlainObject(data.results) ? data.results : {};
			return new Map(Object.entries(results).filter((entry): entry is [string, TestResult] => isResult(entry[1])));
		} catch {
			// agentgrid's own bookkeeping, never hand-edited: a torn file only loses the last results.
			return new Map();
		}
	}
}

/** What a pane title shows: the result, and whether the worktree has moved on since (a new commit or new edits). */
export function testMarker(result: TestResult, currentSnapshot: string | undefined): {passed: boolean; stale: boolean} {
	return {passed: result.passed, stale: currentSnapshot !== result.snapshot};
}

function isResult(value: unknown): value is TestResult {
	return isPlainObject(value)
		&& typeof value.slug === 'string'
		&& typeof value.branch === 'string'
		&& typeof value.passed === 'boolean'
		&& typeof value.exitCode === 'number'
		&& typeof value.durationMs === 'number'
		&& typeof value.commit === 'string'
		&& typeof value.dirty === 'boolean'
		&& typeof value.snapshot === 'string'
		&& typeof value.command === 'string'
		&& typeof value.finishedAt === 'string';
}
