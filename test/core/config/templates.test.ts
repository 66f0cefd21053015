import {describe, expect, it} from 'vitest';
import {checkTemplate, expandTemplate, placeholdersIn, TemplateError, type TemplateValues} from '../../../source/core/config/templates.js';

const values: TemplateValues = {
	slug: 'fix-login',
	branch: 'agentgrid/fix-login',
	index: 2,
	ports: [4101, 4102],
	worktree: '/work/app.worktrees/fix-login',
	repo: '/work/app',
};

describe('templates', () => {
	it('expands every placeholder, with or without spaces inside the braces', () => {
		expect(expandTemplate('postgres://localhost/app_{{slug}}', values, 'env.DATABASE_URL')).toBe('postgres://localhost/app_fix-login');
		expect(expandTemplate('{{worktree}}/dev.sqlite', values, 'x')).toBe('/work/app.worktrees/fix-login/dev.sqlite');
		expect(expandTemplate('{{ port }}', values, 'x')).toBe('4101');
		expect(expandTemplate('{{port1}},{{port2}}', values, 'x')).toBe('4101,4102');
		expect(expandTemplate('{{branch}}#{{index}}@{{repo}}', values, 'x')).toBe('agentgrid/fix-login#2@/work/app');
		expect(expandTemplate('no placeholders {single}', values, 'x')).toBe('no placeholders {single}');
	});

	it('rejects an unknown placeholder, naming where it is and what is available', () => {
		let error: unknown;
		try {
			expandTemplate('app_{{slugg}}', values, 'env.DATABASE_URL');
		} catch (error_) {
			error = error_;
		}
		expect(error).toBeInstanceOf(TemplateError);
		expect((error as TemplateError).message).toBe('env.DATABASE_URL: unknown placeholder {{slugg}}');
		expect((error as TemplateError).hint).toContain('{{slug}}');
	});

	it('rejects ports beyond what each session gets', () => {
		expect(() => checkTemplate('{{port}}', 0, 'env.PORT')).toThrow(/no ports are allocated per session/);
		expect(() => checkTemplate('{{port3}}', 2, 'env.X')).toThrow(/each session gets 2 port\(s\)/);
		expect(() => checkTemplate('{{port0}}', 2, 'env.X')).toThrow(TemplateError);
		expect(() => checkTemplate('{{port2}}', 2, 'env.X')).not.toThrow();
	});

	it('lists placeholders in order', () => {
		expect(placeholdersIn('{{a}}-{{ b }}-{{port2}}')).toEqual(['a', 'b', 'port2']);
	});
});
