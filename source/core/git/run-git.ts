import {stat} from 'node:fs/promises';
import {AgentgridError} from '../errors.js';
import {spawnWithoutPtyMasters} from '../session/pty-masters.js';
import {GitCommandFailed, GitNotFound} from './errors.js';
import {decodeGitOutput} from './raw-path.js';

export interface GitRunOptions {
	cwd: string;
	/** Extra environment on top of the cleaned process environment. */
	env?: Record<string, string>;
	/** Exit codes that are answers rather than failures (e.g. 1 for "differences found"). */
	okExitCodes?: readonly number[];
	/** Bytes for a file name that is not UTF-8 can only reach git this way (e.g. `update-index -z --stdin`). */
	input?: string | Buffer;
}

export interface GitRunResult {
	stdout: string;
	stderr: string;
	exitCode: number;
}

/*
 * Variables a parent git (a hook, an editor spawned by git) may leave behind; inherited, they would point
 * every command at the wrong repository or index.
 */
const inheritedRepositoryVariables = [
	'GIT_DIR',
	'GIT_WORK_TREE',
	'GIT_INDEX_FILE',
	'GIT_PREFIX',
	'GIT_COMMON_DIR',
	'GIT_OBJECT_DIRECTORY',
	'GIT_ALTERNATE_OBJECT_DIRECTORIES',
	'GIT_NAMESPACE',
	'GIT_CEILING_DIRECTORIES',
];

function gitEnvironment(extra: Record<string, string> | undefined): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {...process.env};
	for (const name of inheritedRepositoryVariables) {
		delete env[name];
	}
	// Messages are parsed in a few places, so they must not be translated; prompts would hang a background call;
	// optional locks would make read-only status calls race with the agent's own git commands.
	env.LC_ALL = 'C';
	env.LANGUAGE = 'C';
	env.GIT_TERMINAL_PROMPT = '0';
	env.GIT_OPTIONAL_LOCKS = '0';
	env.GIT_EDITOR = 'true';
	env.GIT_MERGE_AUTOEDIT = 'no';
	return {...env, ...extra};
}

/** Runs git with an argument array (never a shell) and collects its output. */
export async function runGit(args: readonly string[], options: GitRunOptions): Promise<GitRunResult> {
	const okExitCodes = options.okExitCodes ?? [0];
	return new Promise((resolve, reject) => {
		const child = spawnWithoutPtyMasters('git', args, {
			cwd: options.cwd,
			env: gitEnvironment(options.env),
			stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
			windowsHide: true,
		});
		const stdout: Buffer[] = [];
		const stderr: Buffer[] = [];
		child.stdout!.on('data', (chunk: Buffer) => stdout.push(chunk));
		child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk));
		let failedToStart = false;
		child.on('error', (error: NodeJS.ErrnoException) => {
			failedToStart = true;
			if (error.code !== 'ENOENT') {
				reject(error);
				return;
			}
			// spawn reports a missing working directory exactly like a missing executable.
			stat(options.cwd).then(
				() => reject(new GitNotFound()),
				() => reject(new AgentgridError('DIRECTORY_MISSING', `The directory ${options.cwd} does not exist (any more).`)),
			);
		});
		child.on('close', code => {
			if (failedToStart) {
				return;
			}
			const result = {
				// File names in the output may be any bytes; they are kept exactly (see raw-path.ts).
				stdout: decodeGitOutput(Buffer.concat(stdout)),
				stderr: Buffer.concat(stderr).toString('utf8'),
				exitCode: code ?? -1,
			};
			if (okExitCodes.includes(result.exitCode)) {
				resolve(result);
			} else {
				reject(new GitCommandFailed(args, result.exitCode, result.stderr));
			}
		});
		if (options.input !== undefined && child.stdin) {
			child.stdin.end(options.input);
		}
	});
}

/** Runs git and returns its standard output. */
export async function git(cwd: string, args: readonly string[], env?: Record<string, string>): Promise<string> {
	return (await runGit(args, {cwd, env})).stdout;
}

/** Splits NUL-separated output, dropping the empty tail. */
export function splitNul(text: string): string[] {
	const parts = text.split('\0');
	if (parts.at(-1) === '') {
		parts.pop();
	}
	return parts;
}

export function firstLine(text: string): string {
	return text.split('\n', 1)[0]!.trim();
}

const lockContention = /(index|config|HEAD|\.git\/refs\/.*)\.lock': File exists|could not lock config file|Unable to create '.*\.lock'/;

/** Retries a command a few times while another git process holds the lock it needs. */
export async function gitWithLockRetry(cwd: string, args: readonly string[], env?: Record<string, string>): Promise<string> {
	for (let attempt = 0; ; attempt++) {
		try {
			return await git(cwd, args, env);
		} catch (error) {
			if (attempt >= 20 || !(error instanceof GitCommandFailed) || !lockContention.test(error.stderr)) {
				throw error;
			}
			await new Promise(resolve => setTimeout(resolve, 25 + attempt * 25));
		}
	}
}
