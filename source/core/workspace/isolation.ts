/**
 * What isolates a session, as one record: its worktree, branch and base, its ports and index, the environment the
 * repository file gives it (secrets masked), links into the main checkout, and its scope. `agentgrid ls --json`
 * carries it as `isolation`; the grid's isolation card shows the same.
 */
import type {RepositorySettings} from '../config/repository-settings.js';
import {buildSessionEnv} from '../config/session-env.js';
import type {SessionSlot} from '../config/session-slots.js';
import type {TrustStatus} from '../config/trust.js';
import {emptyScope, type SessionScope} from '../scope/session-scope.js';
import {expandCommandTemplate} from '../config/templates.js';
import type {ServiceSnapshot, ServiceState} from '../services/service-process.js';
import {servicePort} from '../services/session-services.js';

export interface Isolation {
	worktree: string;
	branch: string;
	base: string;
	index?: number;
	ports: number[];
	/** Variables of the repository file and AGENTGRID_*, values of secret-looking names masked. */
	env: Record<string, string>;
	/** Paths linked to the main checkout's copy (linkFiles). */
	linkFiles: string[];
	teardownCommands: number;
	/** Its dev servers: the command as run, the port checked, and their state in the server ('untrusted': they do not run). */
	services: IsolationService[];
	owns: string[];
	avoid: string[];
}

export interface IsolationService {
	name: string;
	command: string;
	port?: number;
	state: ServiceState | 'untrusted';
	exitCode?: number;
}

const secretName = /(secret|token|passw(or)?d|pass$|^pw$|api_?key|private_?key|credential|auth)/iu;

/** A value to show: a secret-looking name hides its value; a URL keeps everything but its password. */
export function maskEnvValue(name: string, value: string): string {
	if (secretName.test(name)) return value === '' ? '' : '••••••';
	return value.replace(/^([a-z][a-z0-9+.-]*:\/\/[^/:@\s]*):[^@/\s]+@/iu, '$1:••••••@');
}

export function describeIsolation(
	session: {slug: string; branch: string; worktree: string; base: string},
	context: {repositoryRoot: string; repository: RepositorySettings; trust: TrustStatus; slot?: SessionSlot; scope?: SessionScope; services?: readonly ServiceSnapshot[]},
): Isolation {
	const scope = context.scope ?? emptyScope;
	const slot = context.slot;
	const env = slot
		? buildSessionEnv({...session, repo: context.repositoryRoot, index: slot.index, ports: slot.ports}, context.repository.data.env ?? {}, context.repository.file, context.trust)
		: {};
	return {
		worktree: session.worktree,
		branch: session.branch,
		base: session.base,
		...(slot ? {index: slot.index} : {}),
		ports: slot?.ports ?? [],
		env: Object.fromEntries(Object.entries(env).map(([name, value]) => [name, maskEnvValue(name, value)])),
		linkFiles: context.repository.data.linkFiles ?? [],
		teardownCommands: (context.repository.data.teardownCommands ?? []).length,
		services: describeServices(session, context),
		owns: scope.owns,
		avoid: scope.avoid,
	};
}

/** The services as they run, or as they would (commands and ports expanded with the session's slot) when none ran here. */
function describeServices(
	session: {slug: string; branch: string; worktree: string},
	context: {repositoryRoot: string; repository: RepositorySettings; trust: TrustStatus; slot?: SessionSlot; services?: readonly ServiceSnapshot[]},
): IsolationService[] {
	const running = new Map((context.services ?? []).map(service => [service.name, service]));
	return context.repository.services.map(definition => {
		const snapshot = running.get(definition.name);
		if (snapshot) return {name: snapshot.name, command: snapshot.command, ...(snapshot.port === undefined ? {} : {port: snapshot.port}), state: snapshot.state, ...(snapshot.exitCode === undefined ? {} : {exitCode: snapshot.exitCode})};
		const state = context.trust === 'trusted' ? 'stopped' : 'untrusted';
		if (!context.slot) return {name: definition.name, command: definition.command, state};
		const values = {...session, repo: context.repositoryRoot, index: context.slot.index, ports: context.slot.ports};
		const where = `"services.${definition.name}" in ${context.repository.file}`;
		const port = servicePort(definition, values, context.repository.file);
		return {name: definition.name, command: expandCommandTemplate(definition.command, values, where), ...(port === undefined ? {} : {port}), state};
	});
}
