/**
 * The dev servers of one session (the repository file's `services`, trusted only), started with it, restartable,
 * and stopped with it. Commands and ports are expanded with the session's own template values, so each session's
 * servers get its ports; they run in its worktree with its environment.
 */
import type {ServiceDefinition} from '../config/repository-settings.js';
import {expandCommandTemplate, expandTemplate, type TemplateValues} from '../config/templates.js';
import type {HeadlessTerminal, TerminalColors} from '../terminal/headless-terminal.js';
import {ServiceProcess, type ServiceSnapshot} from './service-process.js';

export interface SessionServicesOptions {
	definitions: readonly ServiceDefinition[];
	values: TemplateValues;
	/** The repository file, named in template errors. */
	file: string;
	env: NodeJS.ProcessEnv;
	cols: number;
	rows: number;
	scrollback?: number;
	colors?: TerminalColors;
	version?: string;
	changed: () => void;
	output: () => void;
}

export class SessionServices {
	private readonly processes: ServiceProcess[];
	/** The services that start with the session; the others start on the restart key. */
	private readonly autostart: Set<string>;

	constructor(options: SessionServicesOptions) {
		this.processes = options.definitions.map(definition => new ServiceProcess({
			name: definition.name,
			command: expandCommandTemplate(definition.command, options.values, `"services.${definition.name}" in ${options.file}`),
			port: servicePort(definition, options.values, options.file),
			cwd: options.values.worktree,
			env: options.env,
			cols: options.cols,
			rows: options.rows,
			scrollback: options.scrollback,
			colors: options.colors,
			version: options.version,
		}, options.changed, options.output));
		this.autostart = new Set(options.definitions.filter(definition => definition.autostart).map(definition => definition.name));
	}

	snapshots(): ServiceSnapshot[] {
		return this.processes.map(process => process.snapshot);
	}

	terminal(name: string): HeadlessTerminal | undefined {
		return this.find(name)?.terminal;
	}

	/** The processes' pids while they run (their groups are ended on stop). */
	pids(): number[] {
		return this.processes.flatMap(process => (process.live && process.pid !== undefined ? [process.pid] : []));
	}

	/** Starts the services that start with the session and are not running. */
	async startAutostart(): Promise<void> {
		await Promise.all(this.processes.filter(process => this.autostart.has(process.snapshot.name) && !process.live).map(process => process.start()));
	}

	/** Starts every service again (also those that do not start on their own), or only the named one. */
	async restart(name?: string, size?: {cols: number; rows: number}): Promise<number> {
		const chosen = this.processes.filter(process => name === undefined || process.snapshot.name === name);
		await Promise.all(chosen.map(process => process.start(size)));
		return chosen.length;
	}

	async stop(): Promise<void> {
		await Promise.all(this.processes.map(process => process.stop()));
	}

	write(name: string, data: string): void {
		this.find(name)?.write(data);
	}

	resize(name: string, cols: number, rows: number): void {
		this.find(name)?.resize(cols, rows);
	}

	async dispose(): Promise<void> {
		await Promise.all(this.processes.map(process => process.dispose()));
	}

	private find(name: string): ServiceProcess | undefined {
		return this.processes.find(process => process.snapshot.name === name);
	}
}

/** The port to probe: a number as given, or its placeholder expanded with the session's ports. */
export function servicePort(definition: ServiceDefinition, values: TemplateValues, file: string): number | undefined {
	if (definition.port === undefined) return undefined;
	if (typeof definition.port === 'number') return definition.port;
	const port = Number(expandTemplate(definition.port, values, `"services.${definition.name}.port" in ${file}`));
	return Number.isInteger(port) && port > 0 ? port : undefined;
}
