/**
 * Merging several sessions in order. Each one is rebased onto its base as the previous merge left it and tested
 * there; the first one that does not land stops the queue, and the sessions after it are not touched at all.
 */
import {describeOutcome, mergeSession, type MergeDependencies, type MergeOutcome, type MergeTarget} from './merge-pipeline.js';

export interface QueueResult {
	/** Every session that landed, in order. */
	merged: MergeOutcome[];
	/** The outcome that stopped the queue, if one did. */
	stopped: MergeOutcome | undefined;
	/** Sessions after the stop, left exactly as they were. */
	untouched: MergeTarget[];
}

export interface QueueObserver {
	/** Before a session's merge starts: its position in the queue. */
	starting?(target: MergeTarget, index: number): void;
	finished?(outcome: MergeOutcome, index: number): void;
}

export async function mergeQueue(targets: readonly MergeTarget[], deps: MergeDependencies, observer: QueueObserver = {}): Promise<QueueResult> {
	const merged: MergeOutcome[] = [];
	for (const [index, target] of targets.entries()) {
		observer.starting?.(target, index);
		const outcome = await mergeSession(target, deps);
		observer.finished?.(outcome, index);
		if (outcome.kind !== 'merged') {
			return {merged, stopped: outcome, untouched: targets.slice(index + 1)};
		}
		merged.push(outcome);
	}
	return {merged, stopped: undefined, untouched: []};
}

export function describeQueue(result: QueueResult): string {
	const landed = result.merged.map(outcome => outcome.slug);
	const parts = [landed.length > 0 ? `merged ${landed.join(', ')}` : 'nothing merged'];
	if (result.stopped) {
		parts.push(`stopped at ${describeOutcome(result.stopped)}`);
	}
	if (result.untouched.length > 0) {
		parts.push(`not started: ${result.untouched.map(target => target.slug).join(', ')}`);
	}
	return parts.join('; ');
}
