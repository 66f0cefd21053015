/**
 * The isolation card's text: what isolates one session (the `isolation` of `agentgrid ls --json`), as lines. Lines
 * that start with two spaces belong to the heading above them.
 */
import type {Isolation, IsolationService} from './isolation.js';

const stateText: Record<IsolationService['state'], string> = {
	up: '● up',
	running: '● running',
	starting: '◌ starting',
	exited: '✗ exited',
	stopped: '■ stopped',
	untrusted: '■ not run: the repository file is not trusted',
};

export function serviceLine(service: IsolationService, nameWidth: number): string {
	const port = service.port === undefined ? '' : `:${service.port}`;
	const state = service.state === 'exited' && service.exitCode !== undefined ? `✗ exited ${service.exitCode}` : stateText[service.state];
	return `  ${service.name.padEnd(nameWidth)}  ${port.padEnd(6)}  ${state}  ${service.command}`;
}

export function isolationLines(isolation: Isolation): string[] {
	const lines = [
		`Worktree  ${isolation.worktree}`,
		`Branch    ${isolation.branch}   (base ${isolation.base})`,
		`Ports     ${isolation.ports.length === 0 ? 'none' : isolation.ports.join(', ')}${isolation.index === undefined ? '' : `   (session index ${isolation.index})`}`,
	];
	if (isolation.services.length === 0) {
		lines.push('Services  none');
	} else {
		lines.push(`Services  ${isolation.services.length}`);
		const width = Math.max(...isolation.services.map(service => service.name.length));
		for (const service of isolation.services) lines.push(serviceLine(service, width));
	}
	lines.push(`Owns      ${isolation.owns.length === 0 ? 'nothing in particular' : isolation.owns.join('  ')}`);
	lines.push(`Avoids    ${isolation.avoid.length === 0 ? 'nothing in particular' : isolation.avoid.join('  ')}`);
	lines.push(`Linked    ${isolation.linkFiles.length === 0 ? 'nothing' : isolation.linkFiles.join('  ')}`);
	lines.push(`Teardown  ${isolation.teardownCommands === 0 ? 'no commands' : `${isolation.teardownCommands} command${isolation.teardownCommands === 1 ? '' : 's'} run on removal`}`);
	const variables = Object.entries(isolation.env);
	lines.push(`Environment  ${variables.length === 0 ? 'none (no ports or index reserved yet)' : `${variables.length} variables (secret values masked)`}`);
	for (const [name, value] of variables) lines.push(`  ${name}=${value}`);
	return lines;
}
