import {execFile} from 'node:child_process';
import {access, readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {promisify} from 'node:util';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {loadRepositorySettings} from '../../../source/core/config/repository-settings.js';
import {SessionSlotStore} from '../../../source/core/config/session-slots.js';
import {prepareSession, type PrepareSessionOptions} from '../../../source/core/setup/prepare-session.js';
import {SetupStepFailedError, type SetupEvent} from '../../../source/core/setup/setup-job.js';
import {openRepository} from '../../../source/core/git/repository.js';
import {WorktreeService} from '../../../source/core/git/worktree-service.js';
import {createTempRepo, type TempRepo} from '../../helpers/git-repo.js';

const execFileAsync = promisify(execFile);

let repo: TempRepo;


async function options(overrides: Partial<PrepareSessionOptions> & {events: SetupEvent[]}): Promise<PrepareSessionOptions> {
	const repository = await loadRepositorySettings(repo.root);
	return {
		slug: 'feature',
		repositoryRoot: repo.root,
		worktrees: new WorktreeService(await openRepository(repo.root)),
		repository,
		trust: 'trusted',
		taskFile: 'AGENTGRID_TASK.md',
		slots: new SessionSlotStore(path.join(repo.root, '.git', 'agentgrid', 'sessions.json'), {isPortFree: async () => true}),
		baseEnv: {PATH: process.env.PATH},
		onEvent: event => overrides.events.push(event),
		...overrides,
	};
}

beforeEach(async () => {
	repo = await createTempRepo({files: {'.gitignore': '.env\n', 'README.md': '# app\n'}});
	await repo.write('.env', 'SECRET=1\n');
});

afterEach(async () => {
	await repo.cleanup();
});

describe('prepareSession', () => {
	it('keeps an untrusted file\'s env from running code in the session\'s shells; trusted, it applies', async () => {
		await repo.write('.agentgrid.json', JSON.stringify({env: {
			BASH_ENV: '{{worktree}}/evil.sh',
			PATH: '{{worktree}}/bin:/usr/bin:/bin',
			GIT_CONFIG_PARAMETERS: "'alias.st=!touch pwned-by-git'",
			GREETING: 'literal',
			PORT: '{{port}}',
		}}));
		await repo.write('evil.sh', 'touch "$AGENTGRID_WORKTREE/pwned-by-bash-env"\n');
		await repo.commit('hostile settings');
		const events: SetupEvent[] = [];
		const untrusted = await prepareSession(await options({events, slug: 'wary', trust: 'untrusted'}));
		expect(Object.keys(untrusted.env).filter(name => !name.startsWith('AGENTGRID_'))).toEqual(['PORT']);
		const environmentOutput = events.filter(event => event.type === 'output' && event.step === 'environment').map(event => (event as {text: string}).text).join('');
		expect(environmentOutput).toContain('Not set until');
		expect(environmentOutput).toContain('BASH_ENV, PATH, GIT_CONFIG_PARAMETERS, GREETING');
		await execFileAsync('bash', ['-c', 'true'], {cwd: untrusted.worktree, env: {...process.env, ...untrusted.env}});
		await expect(access(path.join(untrusted.worktree, 'pwned-by-bash-env'))).rejects.toThrow();

		const trusted = await prepareSession(await options({events: [], slug: 'trusting', trust: 'trusted'}));
		expect(trusted.env).toMatchObject({BASH_ENV: path.join(trusted.worktree, 'evil.sh'), GREETING: 'literal', GIT_CONFIG_PARAMETERS: "'alias.st=!touch pwned-by-git'"});
		await execFileAsync('bash', ['-c', 'true'], {cwd: trusted.worktree, env: {...process.env, ...trusted.env}});
		await access(path.join(trusted.worktree, 'pwned-by-bash-env'));
	});


	it('creates worktree, copies files, sets env, writes the brief and runs setup commands with live output', async () => {
		await repo.write('.agentgrid.json', JSON.stringify({
			copyFiles: ['.env'],
			env: {PORT: '{{port}}', DATABASE_URL: 'postgres://localhost/app_{{slug}}'},
			ports: {first: 6100, last: 6199},
			setupCommands: ['echo "port is $PORT" && echo "$AGENTGRID_SESSION" > setup-ran.txt', 'echo second'],
		}));
		await repo.commit('settings');
		const events: SetupEvent[] = [];
		const session = await prepareSession(await options({events, brief: {prompt: 'Build the feature.', doneWhen: ['tests pass']}}));

		expect(session).toMatchObject({slug: 'feature', branch: 'agentgrid/feature', index: 1, ports: [6100], copiedFiles: ['.env']});
		expect(session.env).toMatchObject({
			PORT: '6100',
			DATABASE_URL: 'postgres://localhost/app_feature',
			AGENTGRID_SESSION: 'feature',
			AGENTGRID_BRANCH: 'agentgrid/feature',
			AGENTGRID_WORKTREE: session.worktree,
			AGENTGRID_BASE: 'main',
		});
		expect(await readFile(path.join(session.worktree, '.env'), 'utf8')).toBe('SECRET=1\n');
		expect(await readFile(path.join(session.worktree, 'setup-ran.txt'), 'utf8')).toBe('feature\n');
		expect(await readFile(session.taskFilePath!, 'utf8')).toContain('Build the feature.');

		const summary = events.filter(event => event.type !== 'output').map(event => `${event.type} ${event.step}`);
		expect(summary).toEqual([
			'step-started worktree', 'step-finished worktree',
			'step-started copy-files', 'step-finished copy-files',
			'step-started environment', 'step-finished environment',
			'step-started task-brief', 'step-finished task-brief',
			'step-started setup-1', 'step-finished setup-1',
			'step-started setup-2', 'step-finished setup-2',
		]);
		const setupOutput = events.filter(event => event.type === 'output' && event.step === 'setup-1').map(event => (event as {text: string}).text).join('');
		expect(setupOutput).toBe('port is 6100\n');
	});

	it('does not run setup commands of an untrusted file, and says what would run and how to trust it', async () => {
		await repo.write('.agentgrid.json', JSON.stringify({setupCommands: ['touch should-not-exist']}));
		const events: SetupEvent[] = [];
		const session = await prepareSession(await options({events, trust: 'untrusted'}));
		await expect(access(path.join(session.worktree, 'should-not-exist'))).rejects.toThrow();
		const skipped = events.find(event => event.type === 'step-skipped' && event.step === 'setup');
		expect(skipped).toBeDefined();
		expect((skipped as {reason: string}).reason).toContain('setup: touch should-not-exist');
		expect(session.untrustedSetup).toContain('agentgrid trust');
		// No copy patterns: the copy step is skipped, not failed.
		expect(events.some(event => event.type === 'step-skipped' && event.step === 'copy-files')).toBe(true);
	});

	it('reports a failing setup step with its exit code and last lines, keeps the worktree and stops', async () => {
		await repo.write('.agentgrid.json', JSON.stringify({
			setupCommands: ['echo installing; for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25; do echo "line $i"; done; echo "boom" >&2; exit 3', 'touch never-ran'],
		}));
		const events: SetupEvent[] = [];
		const error = await prepareSession(await options({events})).then(() => undefined, (error_: unknown) => error_);
		expect(error).toBeInstanceOf(SetupStepFailedError);
		const failure = error as SetupStepFailedError;
		expect(failure.step).toBe('setup-1');
		expect(failure.exitCode).toBe(3);
		expect(failure.lastLines.at(-1)).toBe('boom');
		expect(failure.lastLines).toContain('line 25');
		expect(failure.lastLines).not.toContain('installing');
		expect(failure.message).toContain('exit code 3');
		expect(failure.message).toContain('  | boom');
		const worktree = path.join(repo.dir, 'repo.worktrees', 'feature');
		expect(failure.hint).toContain(`kept for inspection at ${worktree}`);
		await access(worktree);
		await expect(access(path.join(worktree, 'never-ran'))).rejects.toThrow();
		expect(events.at(-1)).toMatchObject({type: 'step-failed', step: 'setup-1'});
		expect(events.some(event => event.step === 'setup-2')).toBe(false);
	});

	it('reports a failure of a non-command step with the kept worktree', async () => {
		await writeFile(path.join(repo.root, '.agentgrid.json'), JSON.stringify({env: {PORT: '{{port}}'}, ports: {first: 6100, last: 6100}}));
		const events: SetupEvent[] = [];
		const store = new SessionSlotStore(path.join(repo.root, '.git', 'agentgrid', 'sessions.json'), {isPortFree: async () => false});
		const error = await prepareSession(await options({events, slots: store})).then(() => undefined, (error_: unknown) => error_);
		expect(error).toBeInstanceOf(SetupStepFailedError);
		expect((error as SetupStepFailedError).step).toBe('environment');
		expect((error as SetupStepFailedError).message).toContain('No free port left in 6100-6100');
	});
});
