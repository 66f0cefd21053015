import {access, constants} from 'node:fs/promises';
import path from 'node:path';

/** Looks a command up on PATH without spawning anything; null when it is not installed. */
export async function findExecutable(command: string, searchPath = process.env.PATH ?? ''): Promise<string | null> {
	if (command.includes('/') || command.includes('\\')) {
		return (await isExecutable(command)) ? command : null;
	}
	const extensions = process.platform === 'win32' ? ['.exe', '.cmd', '.bat', ''] : [''];
	for (const directory of searchPath.split(path.delimiter).filter(Boolean)) {
		for (const extension of extensions) {
			const candidate = path.join(directory, command + extension);
			if (await isExecutable(candidate)) {
				return candidate;
			}
		}
	}
	return null;
}

async function isExecutable(file: string): Promise<boolean> {
	try {
		await access(file, constants.X_OK);
		return true;
	} catch {
		return false;
	}
}
