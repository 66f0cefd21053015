import {AgentgridError} from '../../core/errors.js';
import type {KeyEvent} from '../input/key-event.js';
import {defaultCommands, type Command, type CommandId, type Scope, type ScreenScope} from './commands.js';
import {keyLabel, keyOf, parseKey} from './keys.js';
import {defaultPrefix, parsePrefix, type Prefix} from './prefix.js';

/** A command with its effective keys in canonical notation ('prefix' replaced by the prefix key). */
export interface BoundCommand extends Command {
	keys: readonly string[];
}

export interface Binding {
	command: BoundCommand;
	/** Which of the command's keys was pressed: focus.number's Nth key focuses pane N. */
	index: number;
}

export type KeySpace = 'grid' | 'pane-prefix' | 'copy' | 'form' | 'quit' | 'choice' | ScreenScope;

export interface KeymapOptions {
	/** The prefix key as configured, default 'C-\\'. */
	prefix?: string;
	/** User key bindings by command id; each replaces that command's default keys ([] unbinds it). */
	overrides?: Readonly<Record<string, readonly string[]>>;
	commands?: readonly Command[];
}

/** Which scopes share a key space: global keys work wherever the other scope's keys do, except after the prefix. */
function spacesOf(scope: Scope): KeySpace[] {
	if (scope === 'global' || scope === 'grid') return ['grid'];
	return [scope];
}

export class Keymap {
	private readonly tables = new Map<KeySpace, Map<string, Binding>>();
	private readonly byId = new Map<CommandId, BoundCommand>();

	constructor(
		readonly prefix: Prefix,
		readonly commands: readonly BoundCommand[],
	) {
		for (const command of commands) {
			this.byId.set(command.id, command);
			for (const space of spacesOf(command.scope)) {
				let table = this.tables.get(space);
				if (!table) this.tables.set(space, (table = new Map()));
				command.keys.forEach((key, index) => {
					const taken = table.get(key);
					if (taken && taken.command.id !== command.id) {
						throw new AgentgridError(
							'keymap-conflict',
							`${describeKey(this.prefix, space, key)} is bound to both "${taken.command.id}" and "${command.id}".`,
							'Give one of them another key in your key bindings.',
						);
					}
					if (!taken) table.set(key, {command, index});
				});
			}
		}
	}

	/** The command bound to a key (canonical notation) in a key space. */
	lookup(space: KeySpace, key: string): Binding | undefined {
		return this.tables.get(space)?.get(key);
	}

	/** The command bound to a parsed key press. */
	lookupEvent(space: KeySpace, event: KeyEvent): Binding | undefined {
		return this.lookup(space, keyOf(event));
	}

	command(id: CommandId): BoundCommand {
		const command = this.byId.get(id);
		if (!command) throw new Error(`No command "${id}" in the keymap`);
		return command;
	}
}

function describeKey(prefix: Prefix, space: KeySpace, key: string): string {
	return space === 'pane-prefix' ? `${prefix.label} ${keyLabel(key)}` : keyLabel(key);
}

function bind(keys: readonly string[], prefix: Prefix, commandId: string): string[] {
	const bound: string[] = [];
	for (const key of keys) {
		let canonical: string;
		try {
			canonical = key === 'prefix' ? prefix.key : parseKey(key);
		} catch (error) {
			if (error instanceof AgentgridError) {
				throw new AgentgridError(error.code, `Key binding for "${commandId}": ${error.message}`, error.hint);
			}
			throw error;
		}
		if (!bound.includes(canonical)) bound.push(canonical);
	}
	return bound;
}

/**
 * Builds the keymap from the defaults, the configured prefix and the user's overrides. Throws AgentgridError for an
 * unknown command id, an unreadable key, a command that must keep a key, or one key bound to two commands where
 * both would apply (the grid and global keys share one space; keys after the prefix another).
 */
export function buildKeymap(options: KeymapOptions = {}): Keymap {
	const prefix = parsePrefix(options.prefix ?? defaultPrefix);
	const commands = options.commands ?? defaultCommands;
	const overrides = options.overrides ?? {};
	const known = new Set<string>(commands.map(command => command.id));
	const unknown = Object.keys(overrides).filter(id => !known.has(id));
	if (unknown.length > 0) {
		throw new AgentgridError(
			'keymap-unknown-command',
			`Key bindings name ${unknown.length === 1 ? 'a command that does not exist' : 'commands that do not exist'}: ${unknown.map(id => `"${id}"`).join(', ')}.`,
			`Known commands: ${[...known].join(', ')}.`,
		);
	}
	const bound = commands.map((command): BoundCommand => {
		const override = Object.hasOwn(overrides, command.id) ? overrides[command.id] : undefined;
		if (override !== undefined && !Array.isArray(override)) {
			throw new AgentgridError('keymap-invalid-key', `Key bindings for "${command.id}" must be a list of keys.`);
		}
		const keys = bind(override ?? command.keys, prefix, command.id);
		if (command.required && keys.length === 0) {
			throw new AgentgridError(
				'keymap-required',
				`"${command.id}" (${command.description}) needs at least one key.`,
				'Give it a key in your key bindings instead of an empty list.',
			);
		}
		return {...command, keys};
	});
	return new Keymap(prefix, bound);
}
