/**
 * Which agent preset a session runs is remembered in the branch's git config, next to the base the worktree service
 * records, so a session left from an earlier run restarts with the same agent (and its resume arguments).
 * A session prepared without starting (`agentgrid new` without --start) also records its task: its agent has never
 * run, so its first start must give the task instead of resuming a conversation that does not exist.
 */
import {gitWithLockRetry, runGit, splitNul} from '../git/run-git.js';

const agentKey = (branch: string) => `branch.${branch}.agentgridAgent`;
const firstPromptKey = (branch: string) => `branch.${branch}.agentgridFirstPrompt`;
const taskKey = (branch: string) => `branch.${branch}.agentgridTask`;

export interface AgentMemory {
	agent?: string;
	/** Present until the agent first starts: the task it starts with ('' for none). */
	firstPrompt?: string;
	/** The task the session was made with, kept for its pane title (a shell session is never given it). */
	task?: string;
}

// Every write takes the repository's config lock: sessions spawned at once wait their turn instead of failing.
export async function rememberAgent(repoRoot: string, branch: string, agent: string): Promise<void> {
	await gitWithLockRetry(repoRoot, ['config', agentKey(branch), agent]);
}

/** Records the agent of a session that is prepared but not started, and the task its first start gives it. */
export async function rememberUnstarted(repoRoot: string, branch: string, agent: string, prompt: string): Promise<void> {
	await rememberAgent(repoRoot, branch, agent);
	await gitWithLockRetry(repoRoot, ['config', firstPromptKey(branch), prompt]);
	await rememberTask(repoRoot, branch, prompt);
}

export async function rememberTask(repoRoot: string, branch: string, task: string): Promise<void> {
	if (task.trim() === '') return;
	await gitWithLockRetry(repoRoot, ['config', taskKey(branch), task.trim()]);
}

export async function forgetFirstPrompt(repoRoot: string, branch: string): Promise<void> {
	const {firstPrompt} = (await readAgentMemory(repoRoot)).get(branch) ?? {};
	if (firstPrompt !== undefined) await gitWithLockRetry(repoRoot, ['config', '--unset', firstPromptKey(branch)]);
}

export async function readAgentMemory(repoRoot: string): Promise<Map<string, AgentMemory>> {
	// Exit code 1: no session has recorded anything yet. Git prints variable names in lower case.
	const {stdout} = await runGit(['config', '-z', '--get-regexp', '^branch\\..*\\.agentgrid(agent|firstprompt|task)$'], {cwd: repoRoot, okExitCodes: [0, 1]});
	const memory = new Map<string, AgentMemory>();
	for (const item of splitNul(stdout)) {
		const newline = item.indexOf('\n');
		if (newline < 0) continue;
		const name = item.slice(0, newline);
		const branch = name.slice('branch.'.length, name.lastIndexOf('.'));
		const value = item.slice(newline + 1);
		const entry = memory.get(branch) ?? {};
		if (name.endsWith('.agentgridagent')) entry.agent = value;
		else if (name.endsWith('.agentgridtask')) entry.task = value;
		else entry.firstPrompt = value;
		memory.set(branch, entry);
	}
	return memory;
}
