import {afterEach, describe, expect, it} from 'vitest';
import {loadRepositorySettings} from '../../../source/core/config/repository-settings.js';
import {planTestLaunch} from '../../../source/core/workflow/test-launch.js';
import {createTempRepo, type TempRepo} from '../../helpers/git-repo.js';

let repo: TempRepo | undefined;

afterEach(async () => {
	await repo?.cleanup();
	repo = undefined;
});

describe('planTestLaunch', () => {
	it('gives a detected test command only the env an untrusted file may set, and all of it once trusted', async () => {
		repo = await createTempRepo({files: {
			'package.json': JSON.stringify({scripts: {test: 'node -e ""'}}),
			'.agentgrid.json': JSON.stringify({env: {BASH_ENV: '{{worktree}}/evil.sh', NODE_OPTIONS: '--require ./evil.js', SESSION: '{{slug}}'}}),
		}});
		const repository = await loadRepositorySettings(repo.root);
		const input = {slug: 'tests', branch: 'agentgrid/tests', worktree: repo.root, base: 'main', repoRoot: repo.root, gitCommonDir: `${repo.root}/.git`, repository};
		const untrusted = await planTestLaunch({...input, trust: 'untrusted'});
		expect(untrusted.label).toContain('npm');
		expect(untrusted.env).toMatchObject({SESSION: 'tests', AGENTGRID_SESSION: 'tests'});
		expect(untrusted.env).not.toHaveProperty('BASH_ENV');
		expect(untrusted.env).not.toHaveProperty('NODE_OPTIONS');
		const trusted = await planTestLaunch({...input, trust: 'trusted'});
		expect(trusted.env).toMatchObject({BASH_ENV: `${repo.root}/evil.sh`, NODE_OPTIONS: '--require ./evil.js'});
	});
});
