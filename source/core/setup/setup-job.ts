import {AgentgridError} from '../errors.js';

export type SetupEvent =
	| {type: 'step-started'; step: string; title: string}
	| {type: 'output'; step: string; text: string}
	| {type: 'step-finished'; step: string; title: string}
	| {type: 'step-skipped'; step: string; title: string; reason: string}
	| {type: 'step-failed'; step: string; title: string; error: SetupStepFailedError};

export interface StepContext {
	/** Live output of the step (a command's stdout/stderr, or a line of what the step did). */
	output(text: string): void;
	/** Ends the step as skipped rather than finished, with the reason shown to the user. */
	skip(reason: string): void;
}

export interface SetupStep {
	id: string;
	title: string;
	run(context: StepContext): Promise<void>;
}

/** A step that failed: which one, its exit code when it was a command, and its last lines of output. */
export class SetupStepFailedError extends AgentgridError {
	readonly step: string;
	readonly title: string;
	readonly exitCode?: number | null;
	readonly lastLines: string[];

	constructor({step, title, message, exitCode, lastLines = [], hint}: {
		step: string;
		title: string;
		message: string;
		exitCode?: number | null;
		lastLines?: string[];
		hint?: string;
	}) {
		const tail = lastLines.length > 0 ? `\nLast output:\n${lastLines.map(line => `  | ${line}`).join('\n')}` : '';
		const teardown = step.startsWith('teardown');
		super(teardown ? 'teardown-failed' : 'setup-step-failed', `${teardown ? 'Teardown' : 'Setup'} step "${title}" failed: ${message}${tail}`, hint);
		this.step = step;
		this.title = title;
		this.exitCode = exitCode;
		this.lastLines = lastLines;
	}
}

/**
 * Runs steps in order, reporting each as started, its output, and finished / skipped / failed. The first failure
 * stops the job: later steps would run on a half-prepared worktree. Nothing is rolled back, so the user can look at
 * what the failing step left behind.
 */
export async function runSetupSteps(
	steps: readonly SetupStep[],
	onEvent: (event: SetupEvent) => void,
	{failureHint}: {failureHint?: () => string | undefined} = {},
): Promise<void> {
	for (const step of steps) {
		onEvent({type: 'step-started', step: step.id, title: step.title});
		let skipped: string | undefined;
		const context: StepContext = {
			output: text => {
				onEvent({type: 'output', step: step.id, text});
			},
			skip: reason => {
				skipped = reason;
			},
		};
		try {
			await step.run(context);
		} catch (error) {
			const failure = error instanceof SetupStepFailedError
				? error
				: new SetupStepFailedError({
					step: step.id,
					title: step.title,
					message: (error as Error).message,
					hint: (error instanceof AgentgridError ? error.hint : undefined) ?? failureHint?.(),
				});
			onEvent({type: 'step-failed', step: step.id, title: step.title, error: failure});
			throw failure;
		}
		if (skipped === undefined) {
			onEvent({type: 'step-finished', step: step.id, title: step.title});
		} else {
			onEvent({type: 'step-skipped', step: step.id, title: step.title, reason: skipped});
		}
	}
}
