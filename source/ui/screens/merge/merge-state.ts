/**
 * What the merge screen knows, and how it reads as lines of text: each session's steps, the question waiting for
 * an answer, and the outcome with what can be done next.
 */
import {describeOutcome, type MergeOutcome, type MergeStep, type MergeTarget} from '../../../core/workflow/merge-pipeline.js';
import type {CommandId} from '../../keymap/index.js';
import type {ViewLine} from './MergeView.js';

/** The keys bound to a command, as the keymap names them (a rebound key shows as rebound). */
export type KeyName = (command: CommandId) => string;

export interface SessionRow {
	id: string;
	target: MergeTarget;
	steps: MergeStep[];
	outcome?: MergeOutcome;
}

export type Prompt =
	| {kind: 'commit'; slug: string; files: string[]; message: string; editing: boolean; answer: (message: string | null) => void}
	| {kind: 'override'; slug: string; base: string; reason: string; confirming: boolean; answer: (override: boolean) => void};

export interface MergeState {
	queue: boolean;
	rows: SessionRow[];
	current: number;
	prompt?: Prompt;
	running: boolean;
	push?: {state: 'pushing' | 'done' | 'failed'; text: string};
	/** The message sent (or to be sent) to the agent whose rebase conflicted. */
	conflictMessage?: string;
}

const stepGlyph: Record<MergeStep['state'], {glyph: string; color?: string}> = {
	pending: {glyph: '·', color: 'gray'},
	running: {glyph: '…', color: 'yellow'},
	waiting: {glyph: '?', color: 'yellowBright'},
	done: {glyph: '✓', color: 'green'},
	skipped: {glyph: '–', color: 'gray'},
	failed: {glyph: '✗', color: 'redBright'},
};

export function mergeTitle(state: MergeState): string {
	if (!state.queue) {
		const {target} = state.rows[0]!;
		return `Merge ${target.slug} (${target.branch}) into ${target.base}`;
	}
	return `Merge queue: ${state.rows.map(row => row.target.slug).join(' → ')}`;
}

export function mergeLines(state: MergeState, key: KeyName): ViewLine[] {
	const lines: ViewLine[] = [];
	if (state.queue) {
		state.rows.forEach((row, index) => {
			const status = row.outcome
				? row.outcome.kind === 'merged' ? {text: 'merged', color: 'green'} : {text: row.outcome.kind, color: 'redBright'}
				: index === state.current && state.running ? {text: 'in progress', color: 'yellow'} : {text: index < state.current ? '' : 'queued', color: 'gray'};
			lines.push({text: `${index + 1}. ${row.target.slug.padEnd(24)} ${status.text}`, color: status.color, bold: index === state.current});
		});
		lines.push({text: ''});
	}
	const row = state.rows[state.current]!;
	if (state.queue) {
		lines.push({text: `${row.target.slug} into ${row.target.base}`, bold: true});
	}
	for (const step of row.steps) {
		const look = stepGlyph[step.state];
		lines.push({text: `${look.glyph} ${step.label}${step.detail ? ` — ${step.detail}` : ''}`, color: look.color, dim: step.state === 'pending'});
	}
	lines.push({text: ''});
	lines.push(...promptLines(state, key));
	return lines;
}

function promptLines(state: MergeState, key: KeyName): ViewLine[] {
	const prompt = state.prompt;
	if (prompt?.kind === 'commit') {
		const files = prompt.files.slice(0, 6).join(', ') + (prompt.files.length > 6 ? ` and ${prompt.files.length - 6} more` : '');
		return [
			{text: `${prompt.slug} has ${prompt.files.length} uncommitted file${prompt.files.length === 1 ? '' : 's'}: ${files}`, color: 'yellowBright'},
			{text: `Commit them as: ${prompt.message}${prompt.editing ? '▏' : ''}`, bold: true},
			{text: prompt.editing ? 'Type the message · Enter commits · Esc stops editing' : `${key('merge.confirm')} commits · ${key('merge.edit-message')} edits the message · ${key('merge.close')} stops the merge and goes back`, dim: true},
		];
	}
	if (prompt?.kind === 'override') {
		return prompt.confirming
			? [
				{text: `Really merge ${prompt.slug} into ${prompt.base} although ${prompt.reason}?`, color: 'redBright', bold: true},
				{text: `${key('merge.override')} again merges it anyway; any other key stops here`, dim: true},
			]
			: [
				{text: `Not merged: ${prompt.reason}.`, color: 'redBright', bold: true, wrap: true},
				{text: `${key('merge.override')} merges anyway (asks again) · ${key('merge.close')} stops here and goes back`, dim: true},
			];
	}
	if (state.running) {
		return [];
	}
	return outcomeLines(state, key);
}

function outcomeLines(state: MergeState, key: KeyName): ViewLine[] {
	const lines: ViewLine[] = [];
	const merged = state.rows.filter(row => row.outcome?.kind === 'merged');
	const stopped = state.rows.find(row => row.outcome && row.outcome.kind !== 'merged');
	if (merged.length > 0) {
		lines.push({text: merged.map(row => describeOutcome(row.outcome!)).join('; '), color: 'greenBright', bold: true});
	}
	if (stopped?.outcome) {
		const {outcome} = stopped;
		if (outcome.kind === 'conflict') {
			const {conflict} = outcome;
			lines.push({text: `Conflict: ${stopped.target.slug} cannot be rebased onto ${conflict.base}; the rebase was aborted and its worktree is as it was.`, color: 'redBright', bold: true});
			lines.push({text: `Conflicting files: ${conflict.files.join(', ')}`});
			for (const commit of conflict.upstreamCommits.slice(0, 5)) {
				lines.push({text: `  ${commit.sha.slice(0, 7)} ${commit.subject} (${commit.files.join(', ')})`, color: 'yellow'});
			}
			lines.push({text: `${key('merge.send-conflict')} sends the agent: ${state.conflictMessage ?? ''}`, dim: true, wrap: true});
		} else {
			lines.push({text: describeOutcome(outcome), color: 'redBright', bold: true, wrap: true});
			if (outcome.kind === 'refused' && outcome.error.hint) {
				lines.push({text: outcome.error.hint, dim: true, wrap: true});
			}
		}
		const untouched = state.rows.slice(state.rows.indexOf(stopped) + 1).filter(row => !row.outcome);
		if (untouched.length > 0) {
			lines.push({text: `Not started, left as they were: ${untouched.map(row => row.target.slug).join(', ')}`, color: 'gray'});
		}
	}
	if (state.push) {
		lines.push({text: state.push.text, color: state.push.state === 'failed' ? 'redBright' : state.push.state === 'done' ? 'green' : 'yellow', wrap: true});
	}
	const next: string[] = [];
	if (merged.length > 0 && state.push?.state !== 'done') next.push(`${key('merge.push')} pushes the merged branch with its upstream`);
	if (merged.length > 0) next.push(`${key('cleanup.open')} on the grid cleans up merged sessions`);
	if (stopped?.outcome?.kind === 'conflict') next.push(`${key('merge.send-conflict')} sends the conflict to the agent`);
	next.push(`${key('merge.close')} back to the grid`);
	lines.push({text: next.join(' · '), dim: true, wrap: true});
	return lines;
}
