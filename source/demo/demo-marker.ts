/**
 * A demo repository is marked inside its git directory, where no commit and no worktree sees it, so the server
 * started for it (and again after a restart, with `agentgrid demo --keep`) shows the demo's guide.
 */
import {access, writeFile} from 'node:fs/promises';
import path from 'node:path';

const markerName = 'agentgrid-demo';

export async function markDemo(gitCommonDir: string): Promise<void> {
	await writeFile(path.join(gitCommonDir, markerName), 'This repository was made by `agentgrid demo`.\n');
}

export async function isDemo(gitCommonDir: string): Promise<boolean> {
	return access(path.join(gitCommonDir, markerName)).then(() => true, () => false);
}
