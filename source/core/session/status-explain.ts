/**
 * An explanation of a status as lines of text, for `agentgrid status --explain` and the grid's explain view: the
 * deciding signal and what it carried, what the hooks and the screen rules each say, and what came before.
 */
import type {SessionStatus, StatusExplanation} from './status.js';

const shownHistory = 6;
const shownSignals = 10;

/** `ago` turns a past time (epoch ms) into "12s ago". */
function ago(at: number, now: number): string {
	const seconds = Math.max(0, Math.round((now - at) / 1000));
	if (seconds < 60) return `${seconds}s ago`;
	const minutes = Math.floor(seconds / 60);
	if (minutes < 60) return `${minutes}m ${seconds % 60}s ago`;
	return `${Math.floor(minutes / 60)}h ${minutes % 60}m ago`;
}

function clock(at: number): string {
	return new Date(at).toTimeString().slice(0, 8);
}

function because(status: SessionStatus): string {
	const detail = status.detail === undefined ? '' : status.source === 'hook' ? ` (${status.detail})` : ` ${JSON.stringify(status.detail)}`;
	return `${status.reason}${detail}`;
}

export function explainLines(name: string, explanation: StatusExplanation, now: number): string[] {
	const {status, screen, hook} = explanation;
	const lines = [
		`${name} is ${status.kind} since ${clock(status.since)} (${ago(status.since, now)})`,
		`  because: ${because(status)}  [signal: ${status.source}]`,
	];
	if (hook) lines.push(`  hooks say: ${hook.kind}, from ${hook.event}${hook.detail ? ` (${hook.detail})` : ''} ${ago(hook.at, now)}`);
	else lines.push('  hooks say: nothing yet (none has reported in this run)');
	lines.push(`  screen rules say: ${screen.kind}: ${screen.reason}${screen.detail ? ` ${JSON.stringify(screen.detail)}` : ''}`);
	const activity = [
		explanation.lastOutputAt === undefined ? 'no output yet' : `last output ${ago(explanation.lastOutputAt, now)}`,
		explanation.lastInputAt === undefined ? 'no typing yet' : `last typed ${ago(explanation.lastInputAt, now)}`,
	];
	lines.push(`  ${activity.join(', ')}`);
	if (explanation.history.length > 0) {
		lines.push('Before:');
		for (const previous of explanation.history.slice(0, shownHistory)) {
			lines.push(`  ${clock(previous.since)}  ${previous.kind.padEnd(8)} ${because(previous)}`);
		}
	}

	if (explanation.signals.length > 0) {
		lines.push('Signals, latest first:');
		for (const signal of explanation.signals.slice(0, shownSignals)) lines.push(`  ${clock(signal.at)}  ${signal.text}`);
	}

	return lines;
}
