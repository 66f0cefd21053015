/**
 * Opening a file in the user's editor: `$VISUAL`, else `$EDITOR`, else vi. The variable may carry arguments
 * ("code --wait"); it is split on whitespace, never run through a shell.
 */
import {AgentgridError} from '../../../core/errors.js';
import {spawnWithoutPtyMasters} from '../../../core/session/pty-masters.js';

/** The editor could not be started (not installed, not on PATH). */
export class EditorFailed extends AgentgridError {
	constructor(command: string, reason: string) {
		super('editor-failed', `Could not start the editor ${command}: ${reason}`, 'Set $VISUAL or $EDITOR to an editor on your PATH.');
	}
}

export interface EditorCommand {
	command: string;
	args: string[];
}

export function editorCommand(env: NodeJS.ProcessEnv, file: string, line: number | undefined): EditorCommand {
	const configured = [env['VISUAL'], env['EDITOR']].find(value => value !== undefined && value.trim() !== '');
	const [command = 'vi', ...extra] = (configured ?? 'vi').trim().split(/\s+/);
	return {command, args: [...extra, ...(line === undefined ? [] : [`+${line}`]), file]};
}

/** Runs the editor on the real terminal and resolves when it exits; failing to start it is an AgentgridError. */
export async function runEditor(editor: EditorCommand, cwd: string, env: NodeJS.ProcessEnv): Promise<number> {
	return new Promise((resolve, reject) => {
		const child = spawnWithoutPtyMasters(editor.command, editor.args, {cwd, env, stdio: 'inherit'});
		child.once('error', error => {
			reject(new EditorFailed(editor.command, error.message));
		});
		child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 : 0)));
	});
}
