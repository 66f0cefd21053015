/**
 * Which agent preset a session runs is remembered in the branch's git config, next to the base the worktree service
 * records, so a session left from an earlier run restarts with the same agent (and its resume arguments).
 */
import {runGit, splitNul} from '../git/run-git.js';

const key = (branch: string) => `branch.${branch}.agentgridAgent`;

export async function rememberAgent(repoRoot: string, branch: string, agent: string): Promise<void> {
	await runGit(['config', key(branch), agent], {cwd: repoRoot});
}

export async function readAgents(repoRoot: string): Promise<Map<string, string>> {
	// Exit code 1: no session has recorded an agent yet.
	const {stdout} = await runGit(['config', '-z', '--get-regexp', '^branch\\..*\\.agentgridagent$'], {cwd: repoRoot, okExitCodes: [0, 1]});
	const agents = new Map<string, string>();
	for (const item of splitNul(stdout)) {
		const newline = item.indexOf('\n');
		if (newline < 0) continue;
		const name = item.slice(0, newline);
		agents.set(name.slice('branch.'.length, name.lastIndexOf('.')), item.slice(newline + 1));
	}
	return agents;
}
