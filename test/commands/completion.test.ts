import {describe, expect, it} from 'vitest';
import {completionScript, completionTable, optionDescription, visibleOptions} from '../../source/commands/completion-scripts.js';
import {commandLoaders} from '../../source/commands/registry.js';
import {userSettingsProperties} from '../../source/core/config/user-settings-schema.js';

const commands = await Promise.all(Object.values(commandLoaders).map(load => load()));

/** Options a usage offers for its own command: on its synopsis lines and in its option list. */
function offeredOptions(name: string, usage: string): string[] {
	const own = usage.split('\n').filter(line => line.startsWith(`  agentgrid ${name}`) || (name === 'attach' && line.startsWith('  agentgrid [')) || /^\s+--[a-z]/.test(line));
	return [...new Set(own.flatMap(line => [...line.matchAll(/--([a-z][a-z-]*)/g)].map(match => match[1])))];
}

describe('the command table behind --help and completion', () => {
	it('has every subcommand, each with a usage that starts the same way', () => {
		expect(commands.map(command => command.name)).toEqual(Object.keys(commandLoaders));
		for (const command of commands) {
			expect(command.usage, command.name).toMatch(new RegExp(`^Usage:\\n  agentgrid ${command.name === 'attach' ? 'attach' : command.name}\\b`));
			expect(command.summary, command.name).not.toBe('');
		}
	});

	it('documents every option each parser takes, with what it does, and offers none it does not take', () => {
		for (const command of commands) {
			const options = visibleOptions(command).map(option => option.name);
			for (const option of visibleOptions(command)) {
				expect(option.description, `${command.name} --${option.name}`).not.toBe('');
			}
			// hook takes whatever an agent passes and parses nothing.
			if (command.name === 'hook') continue;
			expect(offeredOptions(command.name, command.usage).sort(), command.name).toEqual(options.sort());
		}
	});

	it('completes a session name exactly where the usage asks for <name>', () => {
		for (const command of commands) {
			const synopsis = command.usage.split('\n')[1];
			expect(synopsis.includes(`agentgrid ${command.name} <name>`), command.name).toBe(command.operands?.[0] === 'session');
		}
	});

	it('keeps hidden options out of --help and completion', () => {
		const ls = commands.find(command => command.name === 'ls')!;
		expect(ls.options.flags).toContain('names');
		expect(ls.usage).not.toContain('--names');
		const table = completionTable(commands, Object.keys(userSettingsProperties));
		expect(table.commands.find(command => command.name === 'ls')!.options.map(option => option.name)).toEqual(['json', 'all', 'help']);
		expect(table.global.map(option => option.name)).not.toContain('ssh');
		for (const shell of ['bash', 'zsh', 'fish'] as const) expect(completionScript(shell, table)).not.toMatch(/--names'|-l names|--ssh'/);
	});

	it('reads an option\'s description from its own line only', () => {
		const usage = 'Usage:\n  agentgrid x [--all]\n\nSays --all in prose.\n  --all        every one\n  --lines N    how many\n';
		expect(optionDescription(usage, 'all')).toBe('every one');
		expect(optionDescription(usage, 'lines')).toBe('how many');
		expect(optionDescription(usage, 'none')).toBe('');
	});
});
