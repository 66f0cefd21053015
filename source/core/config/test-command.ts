import {access, readFile} from 'node:fs/promises';
import path from 'node:path';
import type {RepositorySettings} from './repository-settings.js';
import type {RepositorySettingsData} from './repository-settings-schema.js';
import {UntrustedRepositoryError, type TrustStatus} from './trust.js';
import {isPlainObject} from './validate.js';

/**
 * How to run a project's tests. A command from the repository file is a shell line (it may use pipes, `&&`...)
 * and runs only once the file is trusted; a detected one is an argument array agentgrid chose itself.
 */
export type TestCommand =
	| {kind: 'shell'; command: string; source: string}
	| {kind: 'argv'; argv: string[]; source: string};

export async function resolveTestCommand(root: string, settings: RepositorySettingsData): Promise<TestCommand | undefined> {
	if (settings.testCommand) {
		return {kind: 'shell', command: settings.testCommand, source: '"testCommand" in .agentgrid.json'};
	}
	return detectTestCommand(root);
}

/**
 * The test command to actually run: the repository file's only when that file is trusted (otherwise an error that
 * says what would run and how to trust it), else the detected one.
 */
export async function resolveRunnableTestCommand(root: string, repository: RepositorySettings, trust: TrustStatus): Promise<TestCommand | undefined> {
	if (repository.data.testCommand && trust !== 'trusted') {
		throw new UntrustedRepositoryError(repository, trust);
	}
	return resolveTestCommand(root, repository.data);
}

export function describeTestCommand(command: TestCommand): string {
	return command.kind === 'shell' ? command.command : command.argv.join(' ');
}

/** Guesses the test command from the files at the project root, most specific ecosystem first. */
export async function detectTestCommand(root: string): Promise<TestCommand | undefined> {
	return await detectNode(root)
		?? await detectPython(root)
		?? await detectByFile(root, 'go.mod', ['go', 'test', './...'])
		?? await detectByFile(root, 'Cargo.toml', ['cargo', 'test'])
		?? await detectMake(root);
}

const lockfiles: Array<[file: string, manager: string]> = [
	['bun.lock', 'bun'],
	['bun.lockb', 'bun'],
	['pnpm-lock.yaml', 'pnpm'],
	['yarn.lock', 'yarn'],
	['package-lock.json', 'npm'],
];

// `npm init` writes this placeholder; running it would only fail.
const npmPlaceholderTest = /no test specified/u;

async function detectNode(root: string): Promise<TestCommand | undefined> {
	const text = await readText(path.join(root, 'package.json'));
	if (text === undefined) {
		return undefined;
	}
	let manifest: unknown;
	try {
		manifest = JSON.parse(text);
	} catch {
		return undefined;
	}
	const test = isPlainObject(manifest) && isPlainObject(manifest.scripts) ? manifest.scripts.test : undefined;
	if (typeof test !== 'string' || npmPlaceholderTest.test(test)) {
		return undefined;
	}
	let manager = 'npm';
	let lockfile: string | undefined;
	for (const [file, candidate] of lockfiles) {
		if (await exists(path.join(root, file))) {
			manager = candidate;
			lockfile = file;
			break;
		}
	}
	// `bun test` is bun's own test runner, not the package's script; `bun run test` is the script.
	const argv = manager === 'bun' ? ['bun', 'run', 'test'] : [manager, 'test'];
	return {kind: 'argv', argv, source: `package.json "test" script${lockfile ? `, ${lockfile}` : ''}`};
}

async function detectPython(root: string): Promise<TestCommand | undefined> {
	const markers: Array<[file: string, needle?: RegExp]> = [
		['pytest.ini'],
		['conftest.py'],
		['pyproject.toml', /^\[tool\.pytest/mu],
		['setup.cfg', /^\[tool:pytest\]/mu],
		['tox.ini', /^\[pytest\]/mu],
	];
	for (const [file, needle] of markers) {
		const text = await readText(path.join(root, file));
		if (text !== undefined && (!needle || needle.test(text))) {
			return {kind: 'argv', argv: ['pytest'], source: file};
		}
	}
	return undefined;
}

async function detectByFile(root: string, file: string, argv: string[]): Promise<TestCommand | undefined> {
	return await exists(path.join(root, file)) ? {kind: 'argv', argv, source: file} : undefined;
}

async function detectMake(root: string): Promise<TestCommand | undefined> {
	for (const file of ['GNUmakefile', 'makefile', 'Makefile']) {
		const text = await readText(path.join(root, file));
		if (text !== undefined && /^test\s*:/mu.test(text)) {
			return {kind: 'argv', argv: ['make', 'test'], source: `${file} "test" target`};
		}
	}
	return undefined;
}

async function readText(file: string): Promise<string | undefined> {
	try {
		return await readFile(file, 'utf8');
	} catch {
		return undefined;
	}
}

async function exists(file: string): Promise<boolean> {
	try {
		await access(file);
		return true;
	} catch {
		return false;
	}
}
