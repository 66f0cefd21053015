/**
 * The copyCommand setting: a program (pbcopy, wl-copy, xclip -sel c...) that receives the copied text on stdin. It is
 * split at spaces into an argument array and never goes through a shell.
 */
import {spawnWithoutPtyMasters} from '../session/pty-masters.js';

export function parseCopyCommand(setting: string): {file: string; args: string[]} | undefined {
	const words = setting.trim().split(/\s+/).filter(Boolean);
	const [file, ...args] = words;
	return file === undefined ? undefined : {file, args};
}

/** Resolves when the program took the text and exited 0; rejects with what went wrong otherwise. */
export function runCopyCommand(command: {file: string; args: string[]}, text: string, timeoutMs = 5000): Promise<void> {
	return new Promise((resolve, reject) => {
		const child = spawnWithoutPtyMasters(command.file, command.args, {stdio: ['pipe', 'ignore', 'pipe']});
		let stderr = '';
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			reject(new Error(`${command.file} did not finish within ${timeoutMs / 1000} s`));
		}, timeoutMs);
		child.stderr?.on('data', (chunk: Buffer) => {
			if (stderr.length < 500) stderr += chunk.toString();
		});
		child.on('error', error => {
			clearTimeout(timer);
			reject(new Error((error as NodeJS.ErrnoException).code === 'ENOENT' ? `${command.file} was not found` : error.message));
		});
		// 'exit', not 'close': xclip leaves a child that keeps stderr open while it serves the selection.
		child.on('exit', (code, signal) => {
			clearTimeout(timer);
			if (code === 0) resolve();
			else reject(new Error(`${command.file} failed (${signal ?? `exit ${code}`})${stderr.trim() ? `: ${stderr.trim().split('\n')[0]}` : ''}`));
		});
		child.stdin?.on('error', () => {});
		child.stdin?.end(text);
	});
}
