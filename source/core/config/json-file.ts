import {readFile} from 'node:fs/promises';
import {AgentgridError} from '../errors.js';
import {formatProblems, isPlainObject, validateAgainstSchema, type JsonSchema} from './validate.js';

export class InvalidSettingsFileError extends AgentgridError {
	readonly file: string;

	constructor(file: string, message: string, hint?: string) {
		super('settings-invalid', message, hint ?? `Fix ${file} by hand; agentgrid never rewrites a file it cannot read.`);
		this.file = file;
	}
}

/** The file's text, or undefined when there is no such file. */
export async function readOptionalFile(file: string): Promise<string | undefined> {
	try {
		return await readFile(file, 'utf8');
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
			return undefined;
		}
		throw new InvalidSettingsFileError(file, `Cannot read ${file}: ${(error as Error).message}`);
	}
}

/** Parses a JSON object, failing with the file name and line/column of the syntax error. */
export function parseJsonObject(file: string, text: string): Record<string, unknown> {
	let value: unknown;
	try {
		value = JSON.parse(text.replace(/^\uFEFF/u, ''));
	} catch (error) {
		throw new InvalidSettingsFileError(file, `${file} is not valid JSON: ${describeSyntaxError(text, (error as Error).message)}`);
	}
	if (!isPlainObject(value)) {
		throw new InvalidSettingsFileError(file, `${file} must contain a JSON object ({ ... }) at the top level`);
	}
	return value;
}

/** Throws one error listing every problem, each naming its key. */
export function assertMatchesSchema(file: string, value: unknown, schema: JsonSchema): void {
	const problems = validateAgainstSchema(value, schema);
	if (problems.length > 0) {
		const noun = problems.length === 1 ? 'an invalid setting' : `${problems.length} invalid settings`;
		throw new InvalidSettingsFileError(file, `${file} has ${noun}:\n${formatProblems(problems)}`);
	}
}

function describeSyntaxError(text: string, message: string): string {
	// V8's message quotes the surrounding file text for some errors; a settings file can hold tokens, so leave it out.
	const withoutExcerpt = message.replace(/, ".*" is not valid JSON$/su, '');
	if (/\(line \d+ column \d+\)/u.test(withoutExcerpt)) {
		return withoutExcerpt;
	}
	const position = /at position (\d+)/u.exec(withoutExcerpt);
	if (position) {
		const before = text.slice(0, Number(position[1]));
		const line = before.split('\n').length;
		const column = before.length - before.lastIndexOf('\n');
		return `${withoutExcerpt} (line ${line} column ${column})`;
	}
	return withoutExcerpt;
}
