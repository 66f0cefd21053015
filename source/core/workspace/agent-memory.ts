/**
 * Which agent preset a session runs is remembered in the branch's git config, next to the base the worktree service
 * records, so a session left from an earlier run restarts with the same agent (and its resume arguments).
 */
import {execFile} from 'node:child_process';
import {promisify} from 'node:util';

const run = promisify(execFile);
const key = (branch: string) => `branch.${branch}.agentgridAgent`;

export async function rememberAgent(repoRoot: string, branch: string, agent: string): Promise<void> {
	await run('git', ['config', key(branch), agent], {cwd: repoRoot});
}

export async function readAgents(repoRoot: string): Promise<Map<string, string>> {
	const agents = new Map<string, string>();
	try {
		const {stdout} = await run('git', ['config', '-z', '--get-regexp', '^branch\\..*\\.agentgridagent$'], {cwd: repoRoot});
		for (const item of stdout.split('\0')) {
			const newline = item.indexOf('\n');
			if (newline < 0) continue;
			const name = item.slice(0, newline);
			agents.set(name.slice('branch.'.length, name.lastIndexOf('.')), item.slice(newline + 1));
		}
	} catch {
		// Exit code 1: no session has recorded an agent yet.
	}
	return agents;
}
