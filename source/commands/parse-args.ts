import {AgentgridError} from '../core/errors.js';

export class UsageError extends AgentgridError {
	constructor(message: string, usage: string) {
		super('usage', message, usage.trim());
	}
}

export interface OptionSpec {
	/** Options that take a value (`--base main` or `--base=main`); repeatable ones collect every value. */
	values?: readonly string[];
	repeatable?: readonly string[];
	/** Options without a value. */
	flags?: readonly string[];
	/** Options above that are for agentgrid's own use: left out of --help and shell completion. */
	hidden?: readonly string[];
}

export interface ParsedArgs {
	positionals: string[];
	values: Map<string, string[]>;
	flags: Set<string>;
}

/** A strict parser: an unknown option or a missing value is a usage error, never silently ignored. */
export function parseArgs(args: readonly string[], spec: OptionSpec, usage: string): ParsedArgs {
	const takesValue = new Set([...spec.values ?? [], ...spec.repeatable ?? []]);
	const repeatable = new Set(spec.repeatable ?? []);
	const flagNames = new Set(spec.flags ?? []);
	const parsed: ParsedArgs = {positionals: [], values: new Map(), flags: new Set()};
	for (let index = 0; index < args.length; index++) {
		const argument = args[index];
		if (argument === '--') {
			parsed.positionals.push(...args.slice(index + 1));
			break;
		}
		if (!argument.startsWith('--') || argument === '-') {
			if (argument.startsWith('-') && argument !== '-') {
				throw new UsageError(`Unknown option ${argument}.`, usage);
			}
			parsed.positionals.push(argument);
			continue;
		}
		const equals = argument.indexOf('=');
		const name = equals === -1 ? argument.slice(2) : argument.slice(2, equals);
		if (flagNames.has(name)) {
			if (equals !== -1) {
				throw new UsageError(`--${name} takes no value.`, usage);
			}
			parsed.flags.add(name);
			continue;
		}
		if (!takesValue.has(name)) {
			throw new UsageError(`Unknown option --${name}.`, usage);
		}
		let value: string | undefined;
		if (equals === -1) {
			value = args[index + 1];
			index++;
		} else {
			value = argument.slice(equals + 1);
		}
		if (value === undefined) {
			throw new UsageError(`--${name} needs a value.`, usage);
		}
		const existing = parsed.values.get(name);
		if (existing && !repeatable.has(name)) {
			throw new UsageError(`--${name} was given more than once.`, usage);
		}
		parsed.values.set(name, [...existing ?? [], value]);
	}
	return parsed;
}

export function single(parsed: ParsedArgs, name: string): string | undefined {
	return parsed.values.get(name)?.[0];
}

/** The one session name a command acts on; `extra` more positionals (e.g. send's text) are allowed after it. */
export function sessionName(parsed: ParsedArgs, usage: string, extra = 0): string {
	const [name] = parsed.positionals;
	if (name === undefined) throw new UsageError('Missing the session name.', usage);
	if (parsed.positionals.length > 1 + extra) throw new UsageError(extra === 0 ? 'Expected one session name.' : `Unexpected argument ${parsed.positionals[1 + extra]}.`, usage);
	return name;
}

export function noPositionals(parsed: ParsedArgs, usage: string, command: string): void {
	if (parsed.positionals.length > 0) throw new UsageError(`${command} takes no arguments.`, usage);
}
