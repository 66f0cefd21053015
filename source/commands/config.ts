import {AgentgridError} from '../core/errors.js';
import {userSettingsProperties} from '../core/config/user-settings-schema.js';
import {defaultCommands} from '../ui/keymap/commands.js';
import {spawnWithoutPtyMasters} from '../core/session/pty-masters.js';
import {parseArgs, UsageError, type OptionSpec} from './parse-args.js';
import type {Command, CommandContext} from './types.js';
import {openUserSettings} from './workspace.js';

const usage = `Usage:
  agentgrid config path              print the settings file's location
  agentgrid config get [KEY]         print one setting (all settings without KEY)
  agentgrid config set KEY VALUE     change a setting (lists and objects as JSON)
  agentgrid config reset KEY         go back to the default for KEY
  agentgrid config edit              open the settings file in $VISUAL / $EDITOR, then check it

Keys: ${Object.keys(userSettingsProperties).join(', ')}.
Nested keys use dots, e.g. keybindings.pane.zoom or presets.mine.command.
Set AGENTGRID_CONFIG_DIR to keep the settings somewhere else.
`;

const configOptions: OptionSpec = {};

export const configCommand: Command = {
	name: 'config',
	summary: 'show or change your settings (path, get, set, reset, edit)',
	usage,
	options: configOptions,
	operands: [['path', 'get', 'set', 'reset', 'edit'], 'setting', 'text'],
	async run(args, context) {
		const parsed = parseArgs(args, configOptions, usage);
		const [action, ...rest] = parsed.positionals;
		switch (action) {
			case 'path': {
				expectArgs(rest, 0, 'config path');
				context.stdout(`${(await openUserSettings(context)).path}\n`);
				return 0;
			}
			case 'get': {
				const settings = await openUserSettings(context);
				if (rest.length === 0) {
					context.stdout(`${JSON.stringify(settings.all(), null, 2)}\n`);
					return 0;
				}
				expectArgs(rest, 1, 'config get KEY');
				context.stdout(`${formatValue(settings.get(rest[0]))}\n`);
				return 0;
			}
			case 'set': {
				expectArgs(rest, 2, 'config set KEY VALUE');
				const settings = await openUserSettings(context);
				const value = settings.setFromText(rest[0], rest[1], {commandIds: defaultCommands.map(command => command.id)});
				context.stdout(`${rest[0]} = ${formatValue(value)}\n`);
				return 0;
			}
			case 'reset': {
				expectArgs(rest, 1, 'config reset KEY');
				const settings = await openUserSettings(context);
				settings.reset(rest[0]);
				context.stdout(`${rest[0]} = ${formatValue(settings.get(rest[0]))} (default)\n`);
				return 0;
			}
			case 'edit': {
				expectArgs(rest, 0, 'config edit');
				return edit(context);
			}
			case undefined:
				throw new UsageError('Missing action.', usage);
			default:
				throw new UsageError(`Unknown action "${action}".`, usage);
		}
	},
};

function expectArgs(rest: string[], count: number, form: string): void {
	if (rest.length !== count) {
		throw new UsageError(`Expected: agentgrid ${form}`, usage);
	}
}

function formatValue(value: unknown): string {
	return typeof value === 'string' ? value : JSON.stringify(value, null, 2);
}

async function edit(context: CommandContext): Promise<number> {
	// Opening the settings first creates the file if needed and refuses to open an editor on a file it cannot read
	// only when it is not JSON at all: that is exactly the file the user needs to fix, so open the editor anyway.
	const file = await openUserSettings(context).then(settings => settings.path, (error: unknown) => {
		if (error instanceof AgentgridError && 'file' in error && typeof error.file === 'string') {
			return error.file;
		}
		throw error;
	});
	const editor = (context.env.VISUAL ?? '').trim() || (context.env.EDITOR ?? '').trim() || 'vi';
	// The editor setting may carry arguments ("code --wait"); split on whitespace into argv, no shell involved.
	const [program, ...editorArgs] = editor.split(/\s+/u);
	const exitCode = await new Promise<number>((resolve, reject) => {
		const child = spawnWithoutPtyMasters(program, [...editorArgs, file], {cwd: context.cwd, env: context.env, stdio: 'inherit'});
		child.on('error', error => {
			reject(new AgentgridError('editor-failed', `Could not start the editor "${program}": ${error.message}`, 'Set $EDITOR (or $VISUAL) to your editor.'));
		});
		child.on('close', code => resolve(code ?? 1));
	});
	if (exitCode !== 0) {
		context.stderr(`The editor exited with code ${exitCode}.\n`);
		return exitCode;
	}
	// Check what the user saved, so a mistake is reported now rather than the next time agentgrid starts.
	await openUserSettings(context);
	context.stdout(`${file} is valid.\n`);
	return 0;
}
