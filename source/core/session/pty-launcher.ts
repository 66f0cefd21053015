/**
 * Starting pty programs without the descriptors agentgrid holds (see pty-masters.ts), and marked so that every
 * process they start can be found again.
 *
 * node-pty's child keeps every descriptor that lacks close-on-exec when it execs, so on Linux the program it starts
 * is a launcher that execs the real program in its place (same pid, session and terminal):
 * 1. bash closes every inherited descriptor above stderr and opens the terminal again as descriptor 63, which every
 *    descendant inherits: a daemon that clears its environment, leaves the session and redirects its output still
 *    holds the pane's terminal (process-tree.ts finds it). Shells rewrite the environment they pass on (bash drops
 *    PS1 and rewrites SHELLOPTS), so bash only ever sees it encoded.
 * 2. env(1) execs the program with exactly the environment given as its NAME=VALUE arguments (`env -i`), which bash
 *    passes on untouched as "$@": no second interpreter starts, so a pane's program starts about as fast as in tmux.
 *    node-pty's child restores default signal handling before bash starts, so nothing is left ignored.
 *    Where env cannot carry the environment (a name that env would read as an option, a program whose name holds
 *    "="), or there is no env, a Node step does it instead:
 * 2'. The Node running agentgrid decodes the environment and execs the program with it, byte for byte. The encoding
 *    also keeps the program's NODE_OPTIONS and the like from changing how this Node starts. Node sets close-on-exec
 *    on the descriptors it inherits below 16, hence 63; it closes any it finds still inheritable but that one.
 *    Node ignores SIGPIPE and SIGXFSZ, and ignored signals stay ignored across exec; a listener makes them caught,
 *    and exec resets caught signals to their default. process.execve aborts with a stack trace when the exec
 *    fails, so the program is looked up (PATH, as execvp does) and checked first, and a missing one is reported
 *    in one line.
 * Without bash the first step is skipped (no mark); without process.execve (Node before 22.15) node-pty starts the
 * program directly, as it used to.
 */
import {accessSync, constants as fsConstants} from 'node:fs';

const prefix = 'AGENTGRID_LAUNCH_';
/** The descriptor on the pane's terminal that every process of the pane inherits. */
export const terminalMarkFd = 63;

const shellScript = `for f in /proc/self/fd/*; do
	n=\${f##*/}
	case $n in 0|1|2|*[!0-9]*) ;; *) eval "exec $n>&-" ;; esac
done
exec ${terminalMarkFd}<&0
exec "$@"`;

const nodeScript = `'use strict';
const fs = require('node:fs');
const prefix = ${JSON.stringify(prefix)};
const [file, ...args] = process.argv.slice(1);
const env = {};
for (const [name, value] of Object.entries(process.env)) {
	if (name.startsWith(prefix)) env[Buffer.from(name.slice(prefix.length), 'hex').toString('utf8')] = value;
}
for (const entry of fs.readdirSync('/proc/self/fd')) {
	if (Number(entry) <= 2 || Number(entry) === ${terminalMarkFd}) continue;
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

let shell: string | null | undefined;
let envProgram: string | null | undefined;

/** Where bash is, looked up once (null without one); the git launcher needs it too. */
export function findBash(): string | null {
	shell ??= lookUpBash();
	return shell;
}

function lookUpBash(): string | null {
	return firstExecutable(['/bin/bash', '/usr/bin/bash', '/usr/local/bin/bash']);
}

function findEnv(): string | null {
	envProgram ??= firstExecutable(['/usr/bin/env', '/bin/env']);
	return envProgram;
}

/** Looked up once per program, when the first pane starts. */
function firstExecutable(candidates: readonly string[]): string | null {
	for (const file of candidates) {
		try {
			accessSync(file, fsConstants.X_OK);
			return file;
		} catch {
			// Not here; try the next place.
		}
	}

	return null;
}

/**
 * What node-pty should start so that `file` runs holding no descriptor but its terminal. `env` must be complete:
 * node-pty's own additions (PWD, TERM) do not reach the program through the launcher.
 */
export function cleanLaunch(file: string, args: readonly string[], env: Readonly<Record<string, string>>): Launch {
	if (process.platform !== 'linux' || typeof process.execve !== 'function') {
		return {file, args: [...args], env: {...env}};
	}

	const shell = findBash();
	const env_ = findEnv();
	const entries = Object.entries(env);
	if (shell !== null && env_ !== null && !file.includes('=') && !file.startsWith('-') && entries.every(([name]) => name !== '' && !name.startsWith('-'))) {
		return {file: shell, args: ['-c', shellScript, 'agentgrid', env_, '-i', ...entries.map(([name, value]) => `${name}=${value}`), file, ...args], env: {}};
	}

	const encoded: Record<string, string> = {};
	for (const [name, value] of Object.entries(env)) {
		encoded[prefix + Buffer.from(name, 'utf8').toString('hex')] = value;
	}

	const node = [process.execPath, '--no-warnings', '-e', nodeScript, '--', file, ...args];
	if (shell === null) {
		return {file: node[0]!, args: node.slice(1), env: encoded};
	}

	return {file: shell, args: ['-c', shellScript, 'agentgrid', ...node], env: encoded};
}
