import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {loadRepositorySettings} from '../../../source/core/config/repository-settings.js';
import {describeTestCommand, detectTestCommand, resolveRunnableTestCommand, resolveTestCommand} from '../../../source/core/config/test-command.js';

let root: string;

beforeEach(async () => {
	root = await mkdtemp(path.join(os.tmpdir(), 'agentgrid-detect-'));
});

afterEach(async () => {
	await rm(root, {recursive: true, force: true});
});

async function files(entries: Record<string, string>): Promise<void> {
	for (const [name, content] of Object.entries(entries)) {
		await writeFile(path.join(root, name), content);
	}
}

const packageJson = JSON.stringify({name: 'app', scripts: {test: 'vitest run'}});

describe('detectTestCommand', () => {
	it.each([
		['package-lock.json', ['npm', 'test']],
		['pnpm-lock.yaml', ['pnpm', 'test']],
		['yarn.lock', ['yarn', 'test']],
		['bun.lock', ['bun', 'run', 'test']],
		['bun.lockb', ['bun', 'run', 'test']],
	])('uses the package manager of %s', async (lockfile, argv) => {
		await files({'package.json': packageJson, [lockfile]: ''});
		expect(await detectTestCommand(root)).toEqual({kind: 'argv', argv, source: `package.json "test" script, ${lockfile}`});
	});

	it('uses npm for a package.json without a lockfile, and skips npm init\'s placeholder script', async () => {
		await files({'package.json': packageJson});
		expect((await detectTestCommand(root))?.source).toBe('package.json "test" script');
		await files({'package.json': JSON.stringify({scripts: {test: 'echo "Error: no test specified" && exit 1'}}), 'go.mod': 'module x'});
		expect(await detectTestCommand(root)).toMatchObject({argv: ['go', 'test', './...']});
	});

	it.each([
		['pytest.ini', '[pytest]\n'],
		['conftest.py', ''],
		['pyproject.toml', '[project]\nname = "x"\n\n[tool.pytest.ini_options]\naddopts = "-q"\n'],
		['setup.cfg', '[tool:pytest]\n'],
		['tox.ini', '[pytest]\n'],
	])('detects pytest from %s', async (file, content) => {
		await files({[file]: content});
		expect(await detectTestCommand(root)).toEqual({kind: 'argv', argv: ['pytest'], source: file});
	});

	it('ignores a pyproject.toml that does not configure pytest', async () => {
		await files({'pyproject.toml': '[project]\nname = "x"\n'});
		expect(await detectTestCommand(root)).toBeUndefined();
	});

	it('detects go, cargo and make', async () => {
		await files({'go.mod': 'module example.com/x\n'});
		expect(await detectTestCommand(root)).toMatchObject({argv: ['go', 'test', './...'], source: 'go.mod'});
		await rm(path.join(root, 'go.mod'));
		await files({'Cargo.toml': '[package]\nname = "x"\n'});
		expect(await detectTestCommand(root)).toMatchObject({argv: ['cargo', 'test']});
		await rm(path.join(root, 'Cargo.toml'));
		await files({Makefile: 'build:\n\tcc x.c\n'});
		expect(await detectTestCommand(root)).toBeUndefined();
		await files({Makefile: 'build:\n\tcc x.c\n\ntest: build\n\t./x --self-test\n'});
		expect(await detectTestCommand(root)).toMatchObject({argv: ['make', 'test'], source: 'Makefile "test" target'});
	});

	it('prefers the repository file\'s command over detection', async () => {
		await files({'package.json': packageJson});
		const configured = await resolveTestCommand(root, {testCommand: 'npm run test:ci -- --bail'});
		expect(configured).toEqual({kind: 'shell', command: 'npm run test:ci -- --bail', source: '"testCommand" in .agentgrid.json'});
		expect(describeTestCommand(configured!)).toBe('npm run test:ci -- --bail');
		expect(describeTestCommand((await resolveTestCommand(root, {}))!)).toBe('npm test');
	});

	it('runs the repository file\'s command only once the file is trusted', async () => {
		await files({'package.json': packageJson, '.agentgrid.json': JSON.stringify({testCommand: 'npm run test:ci'})});
		const repository = await loadRepositorySettings(root);
		await expect(resolveRunnableTestCommand(root, repository, 'untrusted')).rejects.toThrow(/would run:\n {2}test: npm run test:ci/);
		await expect(resolveRunnableTestCommand(root, repository, 'changed')).rejects.toThrow(/has changed since you trusted it/);
		expect(await resolveRunnableTestCommand(root, repository, 'trusted')).toMatchObject({kind: 'shell', command: 'npm run test:ci'});
		await files({'.agentgrid.json': JSON.stringify({copyFiles: ['.env']})});
		expect(await resolveRunnableTestCommand(root, await loadRepositorySettings(root), 'not-needed')).toMatchObject({argv: ['npm', 'test']});
	});
});
