/**
 * The sessions of one repository as the grid sees them: agentgrid worktrees found in git (stopped until started) and
 * the agents started in this process. Spawning runs the setup job and then the agent; closing ends the agent's
 * process group but never touches the worktree or branch.
 */
import {randomUUID} from 'node:crypto';
import type {RepositorySettings} from '../config/repository-settings.js';
import {buildSessionEnv} from '../config/session-env.js';
import type {SessionSlotStore} from '../config/session-slots.js';
import type {TrustStatus} from '../config/trust.js';
import type {Repository} from '../git/repository.js';
import {mapLimit} from '../git/concurrency.js';
import type {RemoveChoice, RemoveResult, SessionInfo, WorktreeService} from '../git/worktree-service.js';
import {AgentgridError} from '../errors.js';
import {logPaths, readLog, removeLog} from '../history/log-files.js';
import {OutputLog} from '../history/output-log.js';
import {markRestart, replayLog, terminalSnapshot} from '../history/replay.js';
import {hookShellCommand} from '../session/hooks.js';
import {planLaunch, type AgentPreset} from '../session/presets.js';
import type {HookReport, StatusExplanation} from '../session/status.js';
import type {UsageSummary} from '../usage/prices.js';
import {Session} from '../session/session.js';
import {SessionLock} from '../session/session-lock.js';
import {prepareSession} from '../setup/prepare-session.js';
import type {SetupEvent} from '../setup/setup-job.js';
import {runTeardown} from '../setup/teardown.js';
import {hasScope, normalizeScope, readScopes} from '../scope/session-scope.js';
import {describeIsolation, type Isolation} from './isolation.js';
import {ServicesBySession, type ServiceStart} from '../services/services-by-session.js';
import type {TerminalColors} from '../terminal/colors.js';
import type {HeadlessTerminal} from '../terminal/headless-terminal.js';
import type {KeyPress} from '../terminal/key-encoder.js';
import {ChangeWatchers} from './change-watchers.js';
import {forgetFirstPrompt, readAgentMemory, rememberAgent, rememberTask} from './agent-memory.js';
import type {EntryStatus, ListedSession, SetupStep, SpawnOptions, WorkspaceApi, WorkspaceEntry, WorkspaceEvent} from './types.js';

export interface WorkspaceContext {
	repo: Repository;
	worktrees: WorktreeService;
	repository: RepositorySettings;
	trust: TrustStatus;
	slots: SessionSlotStore;
	presets: ReadonlyMap<string, AgentPreset>;
	/** Started in a session left from an earlier run whose agent was never recorded. */
	defaultAgent: string;
	taskFile: string;
	scrollback: number;
	env: NodeJS.ProcessEnv;
	colors?: TerminalColors;
	version: string;
	/** From the setupTimeout setting; 0 or undefined: no limit. */
	setupTimeoutMs?: number;
	/** Where agents report their hook events: the command line of `agentgrid hook` and the server's socket. */
	hooks?: {argv: readonly string[]; socket: string};
	/**
	 * Each session's output is logged (bounded to this many bytes) in the repository's git directory, and a stopped
	 * session shows its logged last screen and history; 0 or undefined: no log.
	 */
	outputLogBytes?: number;
	/** A log could not be opened or written; the agent runs on without it. */
	onLogError?: (slug: string, error: Error) => void;
}

export interface SessionRemoval extends RemoveResult {
	/** How many teardown commands ran (all succeeded, or the removal would have thrown). */
	teardownRan: number;
}

interface Running {
	session: Session;
	disposers: Array<{dispose(): void}>;
	/** Names this start of the agent in its hook reports, so a report from an earlier run is not taken for this one. */
	run: string;
	log: OutputLog | undefined;
}

export class AgentWorkspace implements WorkspaceApi {
	private kittyKeyboard = false;
	private list: WorkspaceEntry[] = [];
	private readonly running = new Map<string, Running>();
	/** The dev servers of each session that has any (trusted repository file only). */
	private readonly services: ServicesBySession;
	/** Terminals replayed from the logs of sessions with no agent in this process. */
	private readonly restored = new Map<string, HeadlessTerminal>();
	/** Logs are replayed one at a time, after the list is shown. */
	private restoring: Promise<void> = Promise.resolve();
	/** Sessions whose log was looked for already: a listing (every `agentgrid ls`) does not read it again. */
	private readonly restoreTried = new Set<string>();
	private readonly listeners = new Set<(event: WorkspaceEvent) => void>();

	/** Edits in a worktree refresh its change count as they happen, not when the agent next goes idle. */
	private readonly watchers = new ChangeWatchers(id => void this.refreshChanges(id));

	constructor(private readonly context: WorkspaceContext) {
		this.services = new ServicesBySession({
			definitions: context.repository.services,
			file: context.repository.file,
			trusted: context.trust === 'trusted',
			env: context.env,
			scrollback: context.scrollback,
			colors: () => this.context.colors,
			version: context.version,
			changed: (id, snapshots) => {
				if (!this.list.some(entry => entry.id === id)) return;
				this.update(id, {services: snapshots});
				this.emit({type: 'services', id});
			},
			output: id => this.emit({type: 'output', id}),
		});
	}

	/**
	 * Reads the agentgrid worktrees from git (or takes `listed`); those without a running agent appear as stopped.
	 * `listed` may be an inventory without counts, which a start draws its first frame from: counts it lacks keep what
	 * was known, and `countChanges` fills in the rest.
	 */
	async load(listed?: readonly ListedSession[]): Promise<void> {
		const [sessions, memory] = await Promise.all([listed ?? this.context.worktrees.listSessions(), readAgentMemory(this.context.repo.root)]);
		const now = Date.now();
		const known = new Map(this.list.map(entry => [entry.id, entry]));
		const fromGit = sessions
			.filter(info => info.exists)
			.map(info => {
				const existing = known.get(info.slug);
				if (existing) return {...existing, changedFiles: info.changedFiles ?? existing.changedFiles, merged: info.merged ?? existing.merged, base: info.base};
				return {
					id: info.slug,
					slug: info.slug,
					branch: info.branch,
					worktree: info.worktree,
					base: info.base,
					agent: memory.get(info.branch)?.agent ?? '',
					firstPrompt: memory.get(info.branch)?.firstPrompt,
					task: memory.get(info.branch)?.task,
					status: 'stopped' as EntryStatus,
					statusSince: now,
					changedFiles: info.changedFiles,
					merged: info.merged,
				};
			});
		// Panes keep their places: known sessions stay in order, new ones are added at the end.
		const fresh = new Map(fromGit.map(entry => [entry.id, entry]));
		const kept = this.list.flatMap(entry => {
			const update = fresh.get(entry.id);
			if (update) return [update];
			// A running agent stays even if the listing raced with its session's creation; a finished one whose
			// worktree is gone (removed by cleanup) goes, terminal and all.
			const running = this.running.get(entry.id);
			if (running && running.session.exit === undefined) return [entry];
			if (running) this.forget(entry.id);
			return [];
		});
		const keptIds = new Set(kept.map(entry => entry.id));
		this.list = [...kept, ...fromGit.filter(entry => !keptIds.has(entry.id))];
		this.watchers.sync(this.list);
		const shown = new Set(this.list.map(entry => entry.id));
		for (const id of this.restored.keys()) {
			if (!shown.has(id)) this.dropRestored(id);
		}
		for (const id of this.restoreTried) {
			if (!shown.has(id)) this.restoreTried.delete(id);
		}
		this.emit({type: 'entries'});
		for (const entry of this.list) {
			if (entry.terminal !== undefined || this.running.has(entry.id) || this.restoreTried.has(entry.id)) continue;
			this.restoreTried.add(entry.id);
			this.restoring = this.restoring.then(() => this.restore(entry.id));
		}
	}

	/** Resolves once the logs of the sessions listed so far have been replayed. */
	async whenRestored(): Promise<void> {
		await this.restoring;
	}

	/** Agents started from now on answer colour queries with these (the attached terminal's own colours). */
	setColors(colors: TerminalColors): void {
		this.context.colors = colors;
	}

	/** Whether panes claim the kitty keyboard protocol: the attached terminal speaks it, so its keys pass through. */
	setKittyKeyboard(on: boolean): void {
		this.kittyKeyboard = on;
		for (const running of this.running.values()) running.session.terminal.setKittyKeyboard(on);
	}

	entries(): readonly WorkspaceEntry[] {
		return this.list;
	}

	subscribe(listener: (event: WorkspaceEvent) => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	/** How many service processes run, over every session. */
	runningServiceCount(): number {
		return this.services.runningCount();
	}

	runningCount(): number {
		return [...this.running.values()].filter(r => r.session.exit === undefined).length;
	}

	async spawn(options: SpawnOptions, onSteps: (steps: SetupStep[]) => void, signal?: AbortSignal): Promise<WorkspaceEntry> {
		const preset = this.preset(options.agent);
		const steps: SetupStep[] = [];
		const report = (event: SetupEvent) => {
			if (event.type === 'step-started') steps.push({label: event.title, state: 'running', startedAt: Date.now()});
			const step = steps.at(-1);
			if (!step) return;
			if (event.type === 'step-finished') step.state = 'done';
			if (event.type === 'step-skipped') Object.assign(step, {state: 'done', detail: `skipped: ${event.reason}`});
			if (event.type === 'step-failed') Object.assign(step, {state: 'failed', detail: event.error.message.split('\n')[0]});
			onSteps(steps.map(s => ({...s})));
		};
		const scope = normalizeScope({owns: options.owns, avoid: options.avoid});
		const doneWhen = (options.doneWhen ?? []).filter(line => line.trim() !== '');
		const wantsBrief = options.prompt !== '' || hasScope(scope) || doneWhen.length > 0;
		const prepared = await prepareSession({
			slug: options.slug,
			base: options.base,
			brief: wantsBrief ? {prompt: options.prompt, owns: scope.owns, avoid: scope.avoid, doneWhen} : undefined,
			scope,
			agentContextFile: preset.contextFile,
			repositoryRoot: this.context.repo.root,
			worktrees: this.context.worktrees,
			repository: this.context.repository,
			trust: this.context.trust,
			taskFile: this.context.taskFile,
			slots: this.context.slots,
			liveSlugs: this.list.map(entry => entry.slug),
			baseEnv: this.context.env,
			onEvent: report,
			signal,
			setupTimeoutMs: this.context.setupTimeoutMs,
		});
		await rememberAgent(this.context.repo.root, prepared.branch, preset.name);
		await rememberTask(this.context.repo.root, prepared.branch, options.prompt);
		const entry: WorkspaceEntry = {
			id: prepared.slug,
			slug: prepared.slug,
			branch: prepared.branch,
			worktree: prepared.worktree,
			base: prepared.base,
			agent: preset.name,
			...(options.prompt.trim() === '' ? {} : {task: options.prompt.trim()}),
			status: 'starting',
			statusSince: Date.now(),
			changedFiles: 0,
		};
		steps.push({label: `Start ${preset.label}`, state: 'running'});
		onSteps(steps.map(s => ({...s})));
		this.list = [...this.list.filter(e => e.id !== entry.id), entry];
		await this.start(entry, preset, {prompt: options.prompt, resume: false, env: prepared.env, cols: options.cols, rows: options.rows});
		steps[steps.length - 1].state = 'done';
		onSteps(steps.map(s => ({...s})));
		await this.services.startAutostart(serviceStart(entry, {index: prepared.index, ports: prepared.ports}, this.context.repo.root, prepared.env, options));
		return entry;
	}

	async restart(id: string, cols: number, rows: number): Promise<void> {
		const entry = this.find(id);
		if (this.running.get(id)?.session.exit === undefined && this.running.has(id)) {
			throw new AgentgridError('session-running', `The agent in ${entry.slug} is still running.`);
		}
		const preset = this.preset(entry.agent || this.defaultAgentName());
		const {slot, env} = await this.environmentOf(entry);
		if (!entry.agent) await rememberAgent(this.context.repo.root, entry.branch, preset.name);
		// Resume only an agent that has run here before; a session restored without a known agent starts fresh, and
		// one prepared without starting starts with its task.
		const {firstPrompt} = entry;
		await this.start(entry, preset, {prompt: firstPrompt || undefined, resume: entry.agent !== '' && firstPrompt === undefined, env, cols, rows});
		if (firstPrompt !== undefined) {
			await forgetFirstPrompt(this.context.repo.root, entry.branch);
			this.update(entry.id, {firstPrompt: undefined});
		}
		await this.services.startAutostart(serviceStart(entry, slot, this.context.repo.root, env, {cols, rows}));
	}

	/**
	 * Starts a session's services again (every one, also those that do not start on their own), or only `name`.
	 * Resolves to how many were started; throws when the session has none to run.
	 */
	async restartServices(id: string, name?: string, size: {cols: number; rows: number} = {cols: 80, rows: 24}): Promise<number> {
		const entry = this.find(id);
		if (this.context.repository.services.length === 0) {
			throw new AgentgridError('no-services', `${this.context.repository.file} defines no services.`, 'Add "services" to it, e.g. {"web": "npm run dev -- --port {{port1}}"}.');
		}
		if (this.context.trust !== 'trusted') {
			throw new AgentgridError('services-untrusted', `The services of ${entry.slug} do not run: ${this.context.repository.file} is not trusted.`, 'Review it, then run: agentgrid trust');
		}
		let services = this.services.of(id);
		if (!services) {
			const {slot, env} = await this.environmentOf(entry);
			services = this.services.ensure(serviceStart(entry, slot, this.context.repo.root, env, size));
		}
		if (name !== undefined && !services.snapshots().some(service => service.name === name)) {
			throw new AgentgridError('service-not-found', `No service named ${name}.`, `Services: ${services.snapshots().map(service => service.name).join(', ')}.`);
		}
		return services.restart(name, size);
	}

	/** The terminal of a session's service (its screen and scrollback), while it has run in this server. */
	serviceTerminal(id: string, name: string) {
		return this.services.of(id)?.terminal(name);
	}

	writeService(id: string, name: string, data: string): void {
		this.services.of(id)?.write(name, data);
	}

	resizeService(id: string, name: string, cols: number, rows: number): void {
		this.services.of(id)?.resize(name, cols, rows);
	}

	/** Pids of the service processes still running, by session (their process groups end with the session). */
	servicePids(id: string): number[] {
		return this.services.of(id)?.pids() ?? [];
	}

	/**
	 * Removes a session (any agentgrid session of the repository, shown or orphaned): its agent is stopped, then git
	 * checks its work as `choice` says, the repository's teardown commands run with its environment (a failure keeps
	 * everything and throws), and the worktree, branch and ports go. The caller reloads the list.
	 */
	async remove(slug: string, choice: RemoveChoice, options: {keepBranch?: boolean; teardown?: boolean} = {}, onEvent: (event: SetupEvent) => void = () => {}): Promise<SessionRemoval> {
		if (this.running.has(slug) || this.services.has(slug)) await this.stop(slug);
		await this.services.dispose(slug);
		let teardownRan = 0;
		const result = await this.context.worktrees.removeSession(slug, choice, {
			keepBranch: options.keepBranch,
			beforeRemove: async record => {
				if (options.teardown === false) return;
				teardownRan = await runTeardown(record, {
					repositoryRoot: this.context.repo.root,
					repository: this.context.repository,
					trust: this.context.trust,
					slots: this.context.slots,
					baseEnv: this.context.env,
					timeoutMs: this.context.setupTimeoutMs,
				}, onEvent);
			},
		});
		await this.context.slots.release(slug);
		if (result.worktreeRemoved) {
			this.dropRestored(slug);
			this.restoreTried.delete(slug);
			await removeLog(logPaths(this.context.repo.commonDir, slug)).catch((error: unknown) => this.context.onLogError?.(slug, error as Error));
		}
		return {...result, teardownRan};
	}

	/** What isolates each listed session (ports, environment with secrets masked, links, scope), by slug. */
	async isolation(): Promise<Map<string, Isolation>> {
		const [slots, scopes] = await Promise.all([this.context.slots.list(), readScopes(this.context.repo.root)]);
		const bySlug = new Map(slots.map(slot => [slot.slug, slot]));
		return new Map(this.list.map(entry => [entry.slug, describeIsolation(entry, {
			repositoryRoot: this.context.repo.root,
			repository: this.context.repository,
			trust: this.context.trust,
			slot: bySlug.get(entry.slug),
			scope: scopes.get(entry.branch),
			services: this.services.of(entry.id)?.snapshots(),
		})]));
	}

	/** Ends the agent's process group and those of the session's services. */
	async stop(id: string): Promise<void> {
		const running = this.running.get(id);
		await Promise.all([running?.session.close(), this.services.of(id)?.stop()]);
	}

	async stopAll(): Promise<void> {
		this.watchers.dispose();
		await Promise.all([
			...[...this.running.values()].map(async r => {
				await r.session.dispose();
				// Everything the agent printed up to its end is on disk before the server goes.
				await r.log?.close();
			}),
			this.services.disposeAll(),
		]);
	}

	write(id: string, data: string): void {
		this.running.get(id)?.session.write(data);
	}

	resize(id: string, cols: number, rows: number): void {
		const running = this.running.get(id);
		if (running) {
			running.session.resize(cols, rows);
			return;
		}
		// A last screen replayed from the log follows its pane, so a smaller pane shows its bottom, not its top.
		this.restored.get(id)?.resize(cols, rows);
	}

	/**
	 * An event reported by a session's agent through `agentgrid hook`. False when no agent of that session and run
	 * is running (a late report from a stopped agent), which changes nothing.
	 */
	reportHook(slug: string, run: string, report: HookReport, at?: number): boolean {
		const running = this.running.get(slug);
		if (!running || running.run !== run || running.session.exit !== undefined) return false;
		running.session.hook(report, at);
		return true;
	}

	/** Writes out what a running session's output log still queues; false when none is open for it. */
	async flushLog(slug: string): Promise<boolean> {
		const log = this.running.get(slug)?.log;
		if (!log) return false;
		await log.flush();
		return true;
	}

	/** Why a running (or exited) agent has its status; undefined for a session with no agent in this server. */
	explain(id: string): StatusExplanation | undefined {
		return this.running.get(id)?.session.explain();
	}

	/** New token counts for a session (from the usage tracker). */
	setUsage(id: string, usage: UsageSummary): void {
		if (!this.list.some(entry => entry.id === id)) return;
		this.update(id, {usage});
		this.emit({type: 'usage', id});
	}

	/** Sends text as a paste, bracketed when the agent enabled bracketed paste. */
	paste(id: string, text: string): void {
		this.running.get(id)?.session.paste(text);
	}

	/** Presses a key in the agent's pane, encoded for the agent's own keyboard modes. */
	pressKey(id: string, key: KeyPress): void {
		this.running.get(id)?.session.pressKey(key);
	}

	private async start(entry: WorkspaceEntry, preset: AgentPreset, how: {prompt?: string; resume: boolean; env: Record<string, string>; cols: number; rows: number}): Promise<void> {
		const previous = this.running.get(entry.id);
		if (previous) {
			for (const disposer of previous.disposers) disposer.dispose();
			// The agent starts again in the same terminal, below its earlier output (kept for copy mode and search).
			await previous.session.dispose({keepTerminal: true});
			await previous.log?.close();
			this.running.delete(entry.id);
			this.restored.set(entry.id, previous.session.terminal);
		}
		const hooks = this.context.hooks;
		const run = randomUUID();
		const plan = planLaunch(preset, {prompt: how.prompt, resume: how.resume, hookArgv: hooks?.argv});
		// Any agent (and the scripts it runs) can report with "$AGENTGRID_HOOK busy|waiting|idle".
		const hookEnv: Record<string, string> = hooks ? {AGENTGRID_SOCKET: hooks.socket, AGENTGRID_RUN: run, AGENTGRID_HOOK: hookShellCommand(hooks.argv)} : {};
		const lock = await SessionLock.acquire(this.context.repo.commonDir, entry.slug);
		const opened = await this.openLog(entry.slug);
		const earlier = this.restored.get(entry.id);
		if (earlier) await markRestart(earlier, new Date());
		let session: Session;
		try {
			session = await Session.start({
				file: plan.file,
				args: plan.args,
				cwd: entry.worktree,
				env: {...this.context.env, ...how.env, ...plan.env, ...hookEnv},
				cols: how.cols,
				rows: how.rows,
				scrollback: this.context.scrollback,
				colors: this.context.colors,
				version: this.context.version,
				kittyKeyboard: this.kittyKeyboard,
				status: preset.status,
				typedPrompt: plan.typedPrompt,
				givenTask: plan.givenTask,
				recorder: opened?.log,
				terminal: earlier,
			});
		} catch (error) {
			await opened?.log.close();
			await lock.release();
			this.update(entry.id, {status: 'stopped', statusSince: Date.now(), agent: preset.name});
			throw error;
		}
		opened?.log.snapshotFrom(lastOutput => terminalSnapshot(session.terminal, lastOutput));
		await lock.heldBy(session.pid);
		if (opened?.hadOutput) opened.log.restart(new Date());
		// The new run owns the terminal from here on.
		this.restored.delete(entry.id);
		const log = opened?.log;
		const disposers = [
			session.onParsed(() => this.emit({type: 'output', id: entry.id})),
			session.onStatus(change => {
				const previousStatus = this.find(entry.id).status;
				this.update(entry.id, {status: change.status.kind, statusSince: change.status.since, exitCode: change.status.exitCode});
				this.emit({type: 'status', id: entry.id, status: change.status.kind, previous: previousStatus});
			}),
			session.onTitle(title => this.emit({type: 'title', id: entry.id, title})),
			session.onExit(exit => {
				void lock.release();
				void log?.close();
				this.update(entry.id, {status: 'exited', statusSince: Date.now(), exitCode: exit.exitCode});
				this.emit({type: 'status', id: entry.id, status: 'exited', previous: 'busy'});
				void this.refreshChanges(entry.id);
			}),
		];
		this.running.set(entry.id, {session, disposers, run, log});
		this.update(entry.id, {terminal: session.terminal, agent: preset.name, status: session.status.kind, statusSince: session.status.since, exitCode: undefined});
		this.emit({type: 'entries'});
	}

	/** The session's ports and environment, its slot claimed (again) for it. */
	private async environmentOf(entry: WorkspaceEntry): Promise<{slot: {index: number; ports: number[]}; env: Record<string, string>}> {
		const slot = await this.context.slots.claim(entry.slug, this.context.repository.ports, this.list.map(e => e.slug));
		const env = buildSessionEnv(
			{slug: entry.slug, branch: entry.branch, worktree: entry.worktree, base: entry.base, repo: this.context.repo.root, index: slot.index, ports: slot.ports},
			this.context.repository.data.env ?? {},
			this.context.repository.file,
			this.context.trust,
		);
		return {slot, env};
	}

	/**
	 * Counts the changes of the sessions whose counts are unknown (loaded from an inventory), in one listing. It only
	 * fills in counts: which sessions exist is for `load` to say, so a count that finishes after a newer listing (a
	 * session made or removed meanwhile) cannot bring back an old one. When the listing fails as a whole (one worktree
	 * git cannot read), each session is counted on its own, so the others still get theirs.
	 */
	async countChanges(): Promise<void> {
		const listed = await this.context.worktrees.listSessions().catch(() => undefined);
		// Read after the listing: whatever was counted meanwhile (an edit, a newer listing) is left as it is.
		const uncounted = this.list.filter(entry => entry.changedFiles === undefined);
		if (!listed) {
			await mapLimit(uncounted, 4, async entry => this.refreshChanges(entry.id));
			return;
		}
		const bySlug = new Map(listed.map(info => [info.slug, info]));
		for (const entry of uncounted) {
			const info = bySlug.get(entry.slug);
			if (info) this.takeCount(entry.id, info);
		}
	}

	/** The change count in the title follows edits (the watchers) and an agent's exit; one session is described. */
	private async refreshChanges(id: string): Promise<void> {
		try {
			const info = await this.context.worktrees.describeSession(id);
			if (!info || !this.list.some(entry => entry.id === id)) return;
			this.takeCount(id, info);
		} catch {
			// A listing failure must not take the grid down; the count stays as it was. A count never made says so (the
			// next edit tries again) rather than looking as if it were still coming.
			const entry = this.list.find(candidate => candidate.id === id);
			if (entry && entry.changedFiles === undefined && !entry.countFailed) {
				this.update(id, {countFailed: true});
				this.emit({type: 'changes', id, changed: false});
			}
		}
	}

	private takeCount(id: string, info: Pick<SessionInfo, 'changedFiles' | 'merged'>): void {
		const before = this.find(id);
		const changed = before.changedFiles !== info.changedFiles || before.merged !== info.merged;
		this.update(id, {changedFiles: info.changedFiles, merged: info.merged, countFailed: undefined});
		this.emit({type: 'changes', id, changed});
	}

	/** Resolves once the worktrees of the listed sessions are watched (tests wait for it before editing). */
	watching(): Promise<void> {
		return this.watchers.ready();
	}

	private forget(id: string): void {
		void this.services.dispose(id);
		const running = this.running.get(id);
		if (!running) return;
		this.running.delete(id);
		for (const disposer of running.disposers) disposer.dispose();
		void running.session.dispose().then(() => running.log?.close());
	}

	private async openLog(slug: string): Promise<{log: OutputLog; hadOutput: boolean} | undefined> {
		const maxBytes = this.context.outputLogBytes ?? 0;
		if (maxBytes <= 0) return undefined;
		try {
			return await OutputLog.open(logPaths(this.context.repo.commonDir, slug), {maxBytes, onError: error => this.context.onLogError?.(slug, error)});
		} catch (error) {
			this.context.onLogError?.(slug, error as Error);
			return undefined;
		}
	}

	/** A session with no agent here shows the last screen and history its log holds (from an earlier server). */
	private async restore(id: string): Promise<void> {
		const idle = () => {
			const entry = this.list.find(candidate => candidate.id === id);
			return entry !== undefined && entry.terminal === undefined && !this.running.has(id) ? entry : undefined;
		};
		const entry = idle();
		if (!entry) return;
		try {
			const records = await readLog(logPaths(this.context.repo.commonDir, entry.slug));
			if (!records || !idle()) return;
			const terminal = await replayLog(records, {scrollback: this.context.scrollback, colors: this.context.colors, version: this.context.version});
			if (!idle()) {
				terminal.dispose();
				return;
			}
			this.restored.set(id, terminal);
			this.update(id, {terminal});
			this.emit({type: 'entries'});
		} catch (error) {
			this.context.onLogError?.(entry.slug, error as Error);
		}
	}

	private dropRestored(id: string): void {
		const terminal = this.restored.get(id);
		if (!terminal) return;
		this.restored.delete(id);
		if (this.list.find(entry => entry.id === id)?.terminal === terminal) this.update(id, {terminal: undefined});
		terminal.dispose();
	}

	private preset(name: string): AgentPreset {
		const preset = this.context.presets.get(name);
		if (!preset) {
			throw new AgentgridError('unknown-agent', `Unknown agent preset "${name}".`, `Known presets: ${[...this.context.presets.keys()].join(', ')}.`);
		}
		return preset;
	}

	private defaultAgentName(): string {
		return this.context.presets.has(this.context.defaultAgent) ? this.context.defaultAgent : 'shell';
	}

	private find(id: string): WorkspaceEntry {
		const entry = this.list.find(e => e.id === id);
		if (!entry) throw new AgentgridError('session-not-found', `No session named ${id}.`);
		return entry;
	}

	private update(id: string, patch: Partial<WorkspaceEntry>): void {
		this.list = this.list.map(entry => (entry.id === id ? {...entry, ...patch} : entry));
	}

	private emit(event: WorkspaceEvent): void {
		for (const listener of this.listeners) listener(event);
	}
}

function serviceStart(entry: WorkspaceEntry, slot: {index: number; ports: number[]}, repo: string, env: Record<string, string>, size: {cols: number; rows: number}): ServiceStart {
	return {id: entry.id, values: {slug: entry.slug, branch: entry.branch, index: slot.index, ports: slot.ports, worktree: entry.worktree, repo}, env, size: {cols: size.cols, rows: size.rows}};
}
