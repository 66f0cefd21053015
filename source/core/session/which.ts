/**
 * PATH lookup without a shell: the same answer `command -v` would give, found with async fs calls so the event
 * loop never blocks and no shell string is ever built.
 */
import {access, stat} from 'node:fs/promises';
import {constants} from 'node:fs';
import path from 'node:path';

/** Absolute path of `command` as the OS would run it with this env, or undefined when it cannot be found. */
export async function findExecutable(command: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
	if (command === '') {
		return undefined;
	}

	// A name with a slash is never searched on PATH, exactly as execvp does.
	if (command.includes('/')) {
		const resolved = path.resolve(env.PWD ?? process.cwd(), command);
		return (await isExecutableFile(resolved)) ? resolved : undefined;
	}

	for (const directory of (env.PATH ?? '').split(path.delimiter)) {
		// An empty PATH entry means the current directory; agents are never meant to be found there.
		if (directory === '') {
			continue;
		}

		const candidate = path.join(directory, command);
		if (await isExecutableFile(candidate)) {
			return candidate;
		}
	}

	return undefined;
}

async function isExecutableFile(file: string): Promise<boolean> {
	try {
		await access(file, constants.X_OK);
		return (await stat(file)).isFile();
	} catch {
		return false;
	}
}
