/**
 * The dev servers of every session that has any, by session id: made on first need from the repository file's
 * definitions (a trusted file only; an untrusted one runs nothing), and disposed with their session. The workspace
 * hears of their changes and output through the callbacks.
 */
import type {ServiceDefinition} from '../config/repository-settings.js';
import type {TemplateValues} from '../config/templates.js';
import type {TerminalColors} from '../terminal/headless-terminal.js';
import type {ServiceSnapshot} from './service-process.js';
import {SessionServices} from './session-services.js';

export interface ServicesBySessionOptions {
	definitions: readonly ServiceDefinition[];
	/** The repository file, named in messages and template errors. */
	file: string;
	trusted: boolean;
	env: NodeJS.ProcessEnv;
	scrollback: number;
	/** Read when services start: the attached terminal's colours, as the agents get them. */
	colors: () => TerminalColors | undefined;
	version: string;
	changed: (id: string, snapshots: ServiceSnapshot[]) => void;
	output: (id: string) => void;
}

/** What a session's services are started with: their template values and environment. */
export interface ServiceStart {
	id: string;
	values: TemplateValues;
	env: Record<string, string>;
	size: {cols: number; rows: number};
}

export class ServicesBySession {
	private readonly sessions = new Map<string, SessionServices>();

	constructor(private readonly options: ServicesBySessionOptions) {}

	/** The repository file defines services and may run them. */
	get runnable(): boolean {
		return this.options.definitions.length > 0 && this.options.trusted;
	}

	has(id: string): boolean {
		return this.sessions.has(id);
	}

	of(id: string): SessionServices | undefined {
		return this.sessions.get(id);
	}

	/** The session's services, made now (not started) if they do not exist yet. */
	ensure(start: ServiceStart): SessionServices {
		const existing = this.sessions.get(start.id);
		if (existing) return existing;
		const services = new SessionServices({
			definitions: this.options.definitions,
			values: start.values,
			file: this.options.file,
			env: {...this.options.env, ...start.env},
			cols: start.size.cols,
			rows: start.size.rows,
			scrollback: this.options.scrollback,
			colors: this.options.colors(),
			version: this.options.version,
			changed: () => {
				if (this.sessions.get(start.id) === services) this.options.changed(start.id, services.snapshots());
			},
			output: () => this.options.output(start.id),
		});
		this.sessions.set(start.id, services);
		this.options.changed(start.id, services.snapshots());
		return services;
	}

	/** Starts the services that start with their session, when the file may run any. */
	async startAutostart(start: ServiceStart): Promise<void> {
		if (!this.runnable) return;
		await this.ensure(start).startAutostart();
	}

	/** How many service processes run, over every session. */
	runningCount(): number {
		return [...this.sessions.values()].reduce((count, services) => count + services.pids().length, 0);
	}

	async dispose(id: string): Promise<void> {
		const services = this.sessions.get(id);
		if (!services) return;
		this.sessions.delete(id);
		await services.dispose();
	}

	async disposeAll(): Promise<void> {
		await Promise.all([...this.sessions.keys()].map(id => this.dispose(id)));
	}
}
