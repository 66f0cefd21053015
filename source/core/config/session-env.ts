import {applicableEnvTemplates} from './env-trust.js';
import {expandTemplate, type TemplateValues} from './templates.js';
import type {TrustStatus} from './trust.js';

export interface SessionIdentity {
	slug: string;
	branch: string;
	worktree: string;
	/** The ref the session branch started from. */
	base: string;
	/** The main checkout's root. */
	repo: string;
	index: number;
	ports: number[];
}

/**
 * The variables every process of a session gets: the fixed AGENTGRID_* ones (so scripts can tell which session they
 * run in) plus the repository file's templates expanded for this session, as far as `trust` allows (see env-trust.ts).
 * `file` names the repository file in errors.
 */
export function buildSessionEnv(session: SessionIdentity, templates: Record<string, string>, file: string, trust: TrustStatus): Record<string, string> {
	const values: TemplateValues = {
		slug: session.slug,
		branch: session.branch,
		index: session.index,
		ports: session.ports,
		worktree: session.worktree,
		repo: session.repo,
	};
	const env: Record<string, string> = {};
	for (const [name, template] of Object.entries(applicableEnvTemplates(templates, trust))) {
		env[name] = expandTemplate(template, values, `"env.${name}" in ${file}`);
	}
	// Set last so a repository file cannot make a session lie about its identity.
	Object.assign(env, {
		AGENTGRID_SESSION: session.slug,
		AGENTGRID_BRANCH: session.branch,
		AGENTGRID_WORKTREE: session.worktree,
		AGENTGRID_BASE: session.base,
		AGENTGRID_INDEX: String(session.index),
	});
	if (session.ports.length > 0) {
		env.AGENTGRID_PORTS = session.ports.join(',');
	}
	return env;
}
