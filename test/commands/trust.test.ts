import {rm} from 'node:fs/promises';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {trustCommand} from '../../source/commands/trust.js';
import {createTempRepo, type TempRepo} from '../helpers/git-repo.js';
import {captureContext} from './capture-context.js';

let repo: TempRepo;
let configDir: string;

beforeEach(async () => {
	repo = await createTempRepo();
	configDir = path.join(repo.dir, 'config');
});

afterEach(async () => {
	await repo.cleanup();
	await rm(configDir, {recursive: true, force: true});
});

async function run(args: string[], cwd = repo.root) {
	const context = captureContext(cwd, configDir);
	const code = await trustCommand.run(args, context);
	return {code, out: context.out()};
}

describe('agentgrid trust', () => {
	it('has nothing to trust without a file or without commands', async () => {
		expect((await run([])).out).toContain('there is nothing to trust');
		await repo.write('.agentgrid.json', JSON.stringify({copyFiles: ['.env']}));
		expect((await run([])).out).toContain('contains no commands');
	});

	it('trusts the file from any subdirectory, reports status, and asks again after a change', async () => {
		await repo.write('.agentgrid.json', JSON.stringify({setupCommands: ['npm ci'], testCommand: 'npm test'}));
		await repo.write('src/index.ts', '');
		const status = await run(['--status']);
		expect(status.code).toBe(1);
		expect(status.out).toContain('is not trusted');
		expect(status.out).toContain('setup: npm ci');

		const trusted = await run([], path.join(repo.root, 'src'));
		expect(trusted.code).toBe(0);
		expect(trusted.out).toMatch(/Trusted .*\.agentgrid\.json, content sha256 [0-9a-f]{12}/);
		expect(trusted.out).toContain('test: npm test');
		expect(await run(['--status'])).toMatchObject({code: 0});

		await repo.write('.agentgrid.json', JSON.stringify({setupCommands: ['npm ci', 'make evil']}));
		const changed = await run(['--status']);
		expect(changed.code).toBe(1);
		expect(changed.out).toContain('has changed since it was trusted');
		expect(changed.out).toContain('setup: make evil');
		expect((await run([])).out).toContain('(its new content)');

		expect((await run(['--revoke'])).out).toContain('Trust withdrawn');
		expect((await run(['--status'])).code).toBe(1);
	});

	it('counts env that could run code as needing trust and lists its keys', async () => {
		await repo.write('.agentgrid.json', JSON.stringify({env: {PORT: '{{port}}', BASH_ENV: '{{worktree}}/evil.sh', GREETING: 'hi'}}));
		const status = await run(['--status']);
		expect(status.code).toBe(1);
		expect(status.out).toContain('is not trusted');
		expect(status.out).toContain('env: BASH_ENV={{worktree}}/evil.sh');
		expect(status.out).toContain('env: GREETING=hi');
		expect(status.out).not.toContain('env: PORT');
		expect((await run([])).out).toContain('env: BASH_ENV');
		expect((await run(['--status'])).code).toBe(0);

		await repo.write('.agentgrid.json', JSON.stringify({env: {PORT: '{{port}}'}}));
		expect((await run(['--status'])).out).toContain('needs no trust');
	});

	it('refuses unknown options', async () => {
		await expect(run(['--yes'])).rejects.toThrow('Unknown option --yes.');
	});
});
