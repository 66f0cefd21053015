/**
 * Token and cost sums from transcripts written in the agents' own formats (test/fixtures/usage), checked against
 * sums worked out by hand in the comments below.
 */
import {appendFile, mkdir, mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {claudeProjectDir} from '../../../source/core/usage/claude-usage.js';
import {defaultPrices, formatCost, formatTokens, priceFor} from '../../../source/core/usage/prices.js';
import {totalUsage, UsageTracker} from '../../../source/core/usage/usage-tracker.js';
import type {UsageSummary} from '../../../source/core/usage/prices.js';

const fixtures = path.join(import.meta.dirname, '../../fixtures/usage');
let dir: string;
let worktree: string;
let env: NodeJS.ProcessEnv;

async function fixture(name: string, to: string): Promise<void> {
	await mkdir(path.dirname(to), {recursive: true});
	await writeFile(to, (await readFile(path.join(fixtures, name), 'utf8')).replaceAll('__WORKTREE__', worktree));
}

function tracker(prices = defaultPrices) {
	const seen = new Map<string, UsageSummary>();
	const usage = new UsageTracker({env, prices, onChange: (id, summary) => seen.set(id, summary)});
	return {usage, seen};
}

beforeEach(async () => {
	dir = await mkdtemp(path.join(os.tmpdir(), 'agentgrid-usage-'));
	worktree = path.join(dir, 'repo.worktrees', 'fix-login');
	await mkdir(worktree, {recursive: true});
	env = {HOME: path.join(dir, 'home')};
});

afterEach(async () => {
	await rm(dir, {recursive: true, force: true});
});

describe('Claude Code transcripts', () => {
	it('counts each response once, sub-agents included, and waits for a partial last line', async () => {
		const project = claudeProjectDir(worktree, env);
		expect(path.basename(project)).toBe(worktree.replaceAll(/[^A-Za-z0-9]/g, '-'));
		const session = path.join(project, '5b1f0c1e-1111-4222-8333-944455556666.jsonl');
		await fixture('claude-session.jsonl', session);
		await fixture('claude-subagent.jsonl', path.join(project, '5b1f0c1e-1111-4222-8333-944455556666', 'subagents', 'agent-a1b2c3.jsonl'));
		const {usage, seen} = tracker();
		// A pass with nothing to follow yet must not keep later passes from running.
		await usage.refresh();
		usage.track('fix-login', worktree);
		await usage.refresh();
		const first = seen.get('fix-login')!;
		// msg_01 (sonnet, written twice) 100/50/1000/2000, msg_02 (opus 4.1) 10/20/0/3000, msg_03 (unknown) 7/3/0/0,
		// msg_05 (haiku, sub-agent, written twice) 40/60/200/0; msg_04 is still a partial line.
		expect(first.tokens).toEqual({input: 157, output: 133, cacheWrite: 1200, cacheRead: 5000});
		expect(first.total).toBe(6490);
		expect(first.responses).toBe(4);
		// sonnet (100×3 + 50×15 + 1000×3.75 + 2000×0.3) = 5400, opus 4.1 (10×15 + 20×75 + 3000×1.5) = 6150,
		// haiku 4.5 (40×1 + 60×5 + 200×1.25) = 590 dollar-millionths; the unknown model is counted, not priced.
		expect(first.cost).toBeCloseTo(0.01214, 10);
		expect(first.unpriced).toEqual(['claude-mystery-9']);
		expect(formatTokens(first.total)).toBe('6.5k');
		expect(formatCost(first)).toBe('$0.01+');

		// The rest of the last line arrives: msg_04 (sonnet) 1/2/0/0 = 33 more.
		await appendFile(session, await readFile(path.join(fixtures, 'claude-session-rest.txt'), 'utf8'));
		await usage.refresh();
		const second = seen.get('fix-login')!;
		expect(second.tokens).toEqual({input: 158, output: 135, cacheWrite: 1200, cacheRead: 5000});
		expect(second.responses).toBe(5);
		expect(second.cost).toBeCloseTo(0.012173, 10);

		// Nothing new: nothing reported again.
		seen.clear();
		await usage.refresh();
		expect(seen.size).toBe(0);
	});

	it('reads on the timer only the sessions whose agent printed something, and one pass more after', async () => {
		const project = claudeProjectDir(worktree, env);
		const session = path.join(project, '5b1f0c1e-1111-4222-8333-944455556666.jsonl');
		await fixture('claude-session.jsonl', session);
		const response = (n: number) => `${JSON.stringify({parentUuid: 'a-6', isSidechain: false, cwd: worktree, sessionId: '5b1f0c1e-1111-4222-8333-944455556666', message: {id: `msg_1${n}`, type: 'message', role: 'assistant', model: 'claude-sonnet-4-5-20250929', content: [{type: 'text', text: 'More.'}], usage: {input_tokens: 1, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 1}}, requestId: `req_1${n}`, type: 'assistant', uuid: `b-${n}`, timestamp: '2026-12-01T10:01:00.000Z'})}\n`;
		const {usage, seen} = tracker();
		usage.track('fix-login', worktree);
		const pass = async () => {
			seen.clear();
			await usage.refreshActive();
			return seen.get('fix-login')?.responses;
		};
		// The first timer pass reads what an earlier run logged.
		expect(await pass()).toBe(3);
		// Logged while the pane printed nothing: an idle grid reads nothing.
		await appendFile(session, await readFile(path.join(fixtures, 'claude-session-rest.txt'), 'utf8'));
		expect(await pass()).toBeUndefined();
		usage.activity('fix-login');
		expect(await pass()).toBe(4);
		// One pass more reads what was logged just after the last output; then none until new output.
		await appendFile(session, response(1));
		expect(await pass()).toBe(5);
		await appendFile(session, response(2));
		expect(await pass()).toBeUndefined();
		// An explicit refresh (the one at start) reads every session, active or not, even when asked during a timer pass
		// that reads only the active ones.
		const other = path.join(dir, 'repo.worktrees', 'other');
		await mkdir(other, {recursive: true});
		usage.track('other', other);
		await usage.refreshActive();
		const otherLog = path.join(claudeProjectDir(other, env), '6c2a1d2f-2222-4333-8444-a55566667777.jsonl');
		await mkdir(path.dirname(otherLog), {recursive: true});
		await appendFile(otherLog, response(3));
		await appendFile(session, response(4));
		usage.activity('fix-login');
		seen.clear();
		const timerPass = usage.refreshActive();
		await usage.refresh();
		await timerPass;
		expect(seen.get('fix-login')?.responses).toBe(7);
		expect(seen.get('other')?.responses).toBe(1);
	});

	it('takes prices from settings over the built-in table', async () => {
		const project = claudeProjectDir(worktree, env);
		await fixture('claude-session.jsonl', path.join(project, 's.jsonl'));
		const {usage, seen} = tracker({...defaultPrices, 'claude-mystery': {input: 1000, output: 1000}});
		usage.track('fix-login', worktree);
		await usage.refresh();
		// The built-in sums (5400 + 6150) plus (7 + 3) × 1000 for the priced mystery model.
		expect(seen.get('fix-login')!.cost).toBeCloseTo(0.02155, 10);
		expect(seen.get('fix-login')!.unpriced).toEqual([]);
		expect(priceFor('anthropic/claude-sonnet-4-5', defaultPrices)).toEqual(defaultPrices['claude-sonnet-4']);
		expect(priceFor('claude-opus-4-5-20251101', defaultPrices)).toEqual(defaultPrices['claude-opus-4-5']);
	});
});

describe('Codex rollouts', () => {
	it('counts the increases of the running total per model, only in rollouts of the worktree', async () => {
		const sessions = path.join(env.HOME!, '.codex', 'sessions', '2026', '12', '01');
		await fixture('codex-rollout.jsonl', path.join(sessions, 'rollout-2026-12-01T10-00-00-0199a1b2.jsonl'));
		const other = (await readFile(path.join(fixtures, 'codex-rollout.jsonl'), 'utf8')).replaceAll('__WORKTREE__', path.join(dir, 'elsewhere'));
		await writeFile(path.join(sessions, 'rollout-2026-12-01T11-00-00-0199ffff.jsonl'), other);
		const {usage, seen} = tracker();
		usage.track('fix-login', worktree);
		await usage.refresh();
		const summary = seen.get('fix-login')!;
		// gpt-5-codex: 1000 in (400 cached), 200 out; the repeated total adds nothing; gpt-5-mini: 500 in (all cached), 60 out.
		expect(summary.byModel).toEqual({
			'gpt-5-codex': {input: 600, output: 200, cacheWrite: 0, cacheRead: 400},
			'gpt-5-mini': {input: 0, output: 60, cacheWrite: 0, cacheRead: 500},
		});
		expect(summary.total).toBe(1760);
		expect(summary.responses).toBe(2);
		// (600×1.25 + 200×10 + 400×0.125) + (60×2 + 500×0.025) = 2800 + 132.5 dollar-millionths.
		expect(summary.cost).toBeCloseTo(0.0029325, 10);
		expect(totalUsage([summary, undefined, summary])).toEqual({total: 3520, cost: summary.cost * 2, unpriced: []});
	});
});
