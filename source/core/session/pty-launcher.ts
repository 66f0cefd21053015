/**
 * Starting pty programs without the descriptors agentgrid holds (see pty-masters.ts).
 *
 * node-pty's child keeps every descriptor that lacks close-on-exec when it execs, so on Linux the program it starts
 * is this launcher: the Node running agentgrid, which closes those descriptors and execs the real program in its
 * place (same pid, session and terminal).
 * - Not a shell, though one starts faster: shells rewrite the environment they pass on (bash drops PS1 and rewrites
 *   SHELLOPTS, dash drops names that are not identifiers); Node passes it on byte for byte.
 * - The launcher gets the program's environment with every name prefixed, so the program's NODE_OPTIONS and the
 *   like cannot change how the launcher starts. Unprefixed names are the ones node-pty adds (PWD, TERM); they win,
 *   as they did when node-pty started the program itself.
 * - Node ignores SIGPIPE and SIGXFSZ, and ignored signals stay ignored across exec; a listener makes them caught,
 *   and exec resets caught signals to their default.
 * - process.execve aborts with a stack trace when the exec fails, so the program is looked up (PATH, as execvp
 *   does) and checked first, and a missing one is reported in one line.
 */

const prefix = 'AGENTGRID_LAUNCH_';

const script = `'use strict';
const fs = require('node:fs');
const prefix = ${JSON.stringify(prefix)};
const [file, ...args] = process.argv.slice(1);
const env = {};
const added = {};
for (const [name, value] of Object.entries(process.env)) {
	if (name.startsWith(prefix)) env[name.slice(prefix.length)] = value;
	else added[name] = value;
}
Object.assign(env, added);
for (const entry of fs.readdirSync('/proc/self/fd')) {
	if (Number(entry) <= 2) continue;
	try {
		const flags = /flags:\\s*([0-7]+)/.exec(fs.readFileSync('/proc/self/fdinfo/' + entry, 'utf8'));
		if (flags && (parseInt(flags[1], 8) & 0o2000000) === 0) fs.closeSync(Number(entry));
	} catch {}
}
function runnable(candidate) {
	try {
		fs.accessSync(candidate, fs.constants.X_OK);
		return fs.statSync(candidate).isFile();
	} catch {
		return false;
	}
}
const program = file.includes('/') ? file
	: (env.PATH ?? '/bin:/usr/bin').split(':').map(dir => (dir || '.') + '/' + file).find(runnable);
if (program === undefined || !runnable(program)) {
	fs.writeSync(2, 'agentgrid: cannot run ' + file + ': ' + (program === undefined ? 'not found' : 'not an executable file') + '\\n');
	process.exit(127);
}
process.on('SIGPIPE', () => {});
process.on('SIGXFSZ', () => {});
process.execve(program, [file, ...args], env);
`;

export interface Launch {
	file: string;
	args: string[];
	env: Record<string, string>;
}

/** What node-pty should start so that `file` runs holding no descriptor but its terminal. */
export function cleanLaunch(file: string, args: readonly string[], env: Readonly<Record<string, string>>): Launch {
	// process.execve arrived in Node 22.15; older versions start the program directly, as before.
	if (process.platform !== 'linux' || typeof process.execve !== 'function') {
		return {file, args: [...args], env: {...env}};
	}

	const prefixed: Record<string, string> = {};
	for (const [name, value] of Object.entries(env)) {
		prefixed[prefix + name] = value;
	}

	return {file: process.execPath, args: ['--no-warnings', '-e', script, '--', file, ...args], env: prefixed};
}
