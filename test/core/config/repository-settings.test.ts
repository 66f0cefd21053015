import {mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {loadRepositorySettings} from '../../../source/core/config/repository-settings.js';
import {publishedRepositorySchemaText} from '../../../source/core/config/repository-settings-schema.js';

let root: string;
let file: string;

beforeEach(async () => {
	root = await mkdtemp(path.join(os.tmpdir(), 'agentgrid-repo-settings-'));
	file = path.join(root, '.agentgrid.json');
});

afterEach(async () => {
	await rm(root, {recursive: true, force: true});
});

const complete = {
	$schema: 'https://unpkg.com/agentgrid/schema/agentgrid.schema.json',
	testCommand: 'npm test',
	setupCommands: ['npm ci', 'npm run db:migrate'],
	copyFiles: ['.env', '.env.local'],
	env: {PORT: '{{port}}', DATABASE_URL: 'postgres://localhost/app_{{slug}}', DATABASE_PATH: '{{worktree}}/dev.sqlite'},
	ports: {first: 5100, last: 5199},
	presets: {claude: {command: 'claude', args: ['--model', 'opus'], promptMode: 'argument', resumeArgs: ['--continue']}},
	taskFile: 'TASK.md',
};

async function loadError(): Promise<Error> {
	return loadRepositorySettings(root).then(() => {
		throw new Error('expected a failure');
	}, (error: unknown) => error as Error);
}

describe('loadRepositorySettings', () => {
	it('reads services: the port is the first port placeholder of the command unless given, and sets how many ports a session gets', async () => {
		await writeFile(file, JSON.stringify({services: {
			web: 'npm run dev -- --port {{port1}} --hmr {{port3}}',
			api: {command: 'node api.js', port: '{{port2}}', autostart: false},
			fixed: {command: 'redis-server --port 6390', port: 6390},
			plain: 'make watch',
		}}));
		const settings = await loadRepositorySettings(root);
		expect(settings.ports.perSession).toBe(3);
		expect(settings.services).toEqual([
			{name: 'web', command: 'npm run dev -- --port {{port1}} --hmr {{port3}}', port: '{{port1}}', autostart: true},
			{name: 'api', command: 'node api.js', port: '{{port2}}', autostart: false},
			{name: 'fixed', command: 'redis-server --port 6390', port: 6390, autostart: true},
			{name: 'plain', command: 'make watch', port: undefined, autostart: true},
		]);
	});

	it('names the service and the problem for a bad services entry', async () => {
		await writeFile(file, JSON.stringify({services: {web: {port: '{{port1}}'}}}));
		expect((await loadError()).message).toContain('"services.web.command" is required but missing');
		await writeFile(file, JSON.stringify({services: {web: {command: 'serve', port: 'http://localhost:{{port1}}'}}}));
		expect((await loadError()).message).toContain('"services.web.port" must be a port number or one port placeholder');
		await writeFile(file, JSON.stringify({services: {web: {command: 'serve', port: '{{slug}}'}}}));
		expect((await loadError()).message).toContain('"services.web.port" must be a port number or one port placeholder');
		await writeFile(file, JSON.stringify({services: {web: 'serve --port {{prot1}}'}}));
		expect((await loadError()).message).toContain('unknown placeholder {{prot1}}');
		await writeFile(file, JSON.stringify({services: {'my web': 'serve'}}));
		expect((await loadError()).message).toContain('"services.my web" is not an allowed name');
		await writeFile(file, JSON.stringify({services: {web: ['serve']}}));
		expect((await loadError()).message).toContain('"services.web" must be a string or an object, found');
		await writeFile(file, JSON.stringify({services: {web: {command: 'serve', port: 70_000}}}));
		expect((await loadError()).message).toContain('"services.web.port" must be at most 65535, found 70000');
		await writeFile(file, JSON.stringify({services: {web: {command: 'serve', colour: 'red'}}}));
		expect((await loadError()).message).toContain('"services.web.colour" is not a known setting');
	});

	it('is empty with default ports when the repository has no file', async () => {
		const settings = await loadRepositorySettings(root);
		expect(settings).toMatchObject({exists: false, data: {}, ports: {first: 4100, last: 4999, perSession: 0}});
		expect(settings.contentHash).toBeUndefined();
	});

	it('loads a complete file, hashing its content and deriving one port per session from {{port}}', async () => {
		await writeFile(file, JSON.stringify(complete, null, 2));
		const settings = await loadRepositorySettings(root);
		expect(settings.exists).toBe(true);
		expect(settings.data.setupCommands).toEqual(['npm ci', 'npm run db:migrate']);
		expect(settings.ports).toEqual({first: 5100, last: 5199, perSession: 1});
		expect(settings.contentHash).toMatch(/^[0-9a-f]{64}$/);
		await writeFile(file, JSON.stringify({...complete, testCommand: 'npm run test:ci'}, null, 2));
		expect((await loadRepositorySettings(root)).contentHash).not.toBe(settings.contentHash);
	});

	it('names the file, key and problem for wrong types', async () => {
		await writeFile(file, JSON.stringify({setupCommands: 'npm ci', ports: {first: 80}, env: {'1BAD': 'x'}}));
		const error = await loadError();
		expect(error.message).toContain(file);
		expect(error.message).toContain('"setupCommands" must be a list, found "npm ci"');
		expect(error.message).toContain('"ports.first" must be at least 1024, found 80');
		expect(error.message).toContain('"env.1BAD" is not an allowed name');
	});

	it('reports bad JSON with its position', async () => {
		await writeFile(file, '{"testCommand": "npm test",}');
		expect((await loadError()).message).toMatch(/\.agentgrid\.json is not valid JSON: .*line 1 column 28/);
	});

	it('rejects unknown placeholders and impossible port ranges', async () => {
		await writeFile(file, JSON.stringify({env: {DATABASE_URL: 'app_{{session}}'}}));
		expect((await loadError()).message).toContain('"env.DATABASE_URL" in');
		expect((await loadError()).message).toContain('unknown placeholder {{session}}');
		await writeFile(file, JSON.stringify({ports: {first: 5000, last: 4000}}));
		expect((await loadError()).message).toContain('"ports.first" (5000) is above "ports.last" (4000)');
		await writeFile(file, JSON.stringify({ports: {first: 5000, last: 5001, perSession: 3}}));
		expect((await loadError()).message).toContain('smaller than "ports.perSession" (3)');
	});
});

describe('published schema', () => {
	it('is up to date with the schema agentgrid validates with', async () => {
		const published = await readFile(path.join(import.meta.dirname, '../../../schema/agentgrid.schema.json'), 'utf8');
		expect(published, 'regenerate schema/agentgrid.schema.json from publishedRepositorySchemaText()').toBe(publishedRepositorySchemaText());
	});

	it('is a valid JSON Schema that accepts the complete example and rejects a wrong type', () => {
		const ajv = new Ajv2020.default({strict: true, allErrors: true});
		const validate = ajv.compile(JSON.parse(publishedRepositorySchemaText()));
		expect(validate(complete)).toBe(true);
		expect(validate({setupCommands: 'npm ci'})).toBe(false);
		expect(validate({services: {web: 'serve {{port1}}', api: {command: 'serve', port: '{{port2}}', autostart: false}, db: {command: 'db', port: 6390}}})).toBe(true);
		expect(validate({services: {web: {port: 4000}}})).toBe(false);
	});
});
