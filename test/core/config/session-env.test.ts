import {describe, expect, it} from 'vitest';
import {buildSessionEnv, type SessionIdentity} from '../../../source/core/config/session-env.js';

const session: SessionIdentity = {
	slug: 'fix-login',
	branch: 'agentgrid/fix-login',
	worktree: '/w/app.worktrees/fix-login',
	base: 'main',
	repo: '/w/app',
	index: 3,
	ports: [4102],
};

describe('buildSessionEnv', () => {
	it('sets the AGENTGRID_* variables and expands the repository templates', () => {
		const env = buildSessionEnv(session, {
			PORT: '{{port}}',
			DATABASE_URL: 'postgres://localhost/app_{{slug}}',
			DATABASE_PATH: '{{worktree}}/dev.sqlite',
		}, '/w/app/.agentgrid.json', 'trusted');
		expect(env).toEqual({
			PORT: '4102',
			DATABASE_URL: 'postgres://localhost/app_fix-login',
			DATABASE_PATH: '/w/app.worktrees/fix-login/dev.sqlite',
			AGENTGRID_SESSION: 'fix-login',
			AGENTGRID_BRANCH: 'agentgrid/fix-login',
			AGENTGRID_WORKTREE: '/w/app.worktrees/fix-login',
			AGENTGRID_BASE: 'main',
			AGENTGRID_INDEX: '3',
			AGENTGRID_PORTS: '4102',
		});
	});

	it('does not let the repository file override the session identity', () => {
		const env = buildSessionEnv({...session, ports: []}, {AGENTGRID_SESSION: 'other'}, 'f', 'trusted');
		expect(env.AGENTGRID_SESSION).toBe('fix-login');
		expect(env).not.toHaveProperty('AGENTGRID_PORTS');
	});

	it('fails naming the variable and file for an unknown placeholder', () => {
		expect(() => buildSessionEnv(session, {URL: 'x_{{name}}'}, '/w/app/.agentgrid.json', 'trusted'))
			.toThrow('"env.URL" in /w/app/.agentgrid.json: unknown placeholder {{name}}');
	});

	const hostile = {
		BASH_ENV: '{{worktree}}/evil.sh',
		PATH: '{{worktree}}/bin:/usr/bin',
		GIT_CONFIG_PARAMETERS: "'core.hooksPath={{worktree}}/hooks'",
		LD_PRELOAD: '{{worktree}}',
		NODE_OPTIONS: '{{worktree}}',
		JAVA_HOME: '{{worktree}}',
		GREETING: 'hello',
		DATABASE_URL: 'postgres://localhost/app_{{slug}}',
		PORT: '{{port}}',
		WORKER: '{{index}}',
		SESSION_DIR: '{{worktree}}',
	};

	it('applies only placeholder-only values, to harmless names, from a file that is not trusted', () => {
		for (const trust of ['untrusted', 'changed'] as const) {
			const env = buildSessionEnv(session, hostile, 'f', trust);
			const fromFile = Object.keys(env).filter(name => !name.startsWith('AGENTGRID_'));
			expect(fromFile.sort()).toEqual(['PORT', 'SESSION_DIR', 'WORKER']);
			expect(env).toMatchObject({PORT: '4102', WORKER: '3', SESSION_DIR: '/w/app.worktrees/fix-login'});
		}
	});

	it('applies everything, even what changes what runs, once the user trusted that exact file', () => {
		const env = buildSessionEnv(session, hostile, 'f', 'trusted');
		expect(env).toMatchObject({BASH_ENV: '/w/app.worktrees/fix-login/evil.sh', PATH: '/w/app.worktrees/fix-login/bin:/usr/bin', GREETING: 'hello', LD_PRELOAD: '/w/app.worktrees/fix-login'});
	});
});
