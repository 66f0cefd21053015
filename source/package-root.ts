import {existsSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

/**
 * The installed package's root: the nearest directory above this module with a package.json. The same code runs
 * from dist/ as compiled, from dist/bundle/ as bundled and from source/ under tests, each at another depth.
 * Read once at start-up, like the manifest itself.
 */
function findRoot(): string {
	let directory = path.dirname(fileURLToPath(import.meta.url));
	while (!existsSync(path.join(directory, 'package.json'))) {
		const parent = path.dirname(directory);
		if (parent === directory) throw new Error('agentgrid: cannot find its package.json');
		directory = parent;
	}
	return directory;
}

export const packageRoot = findRoot();
