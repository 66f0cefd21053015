/**
 * The environment a client starts the server with, and how the server takes back what the client added, so that no
 * pane program, hook or git process it starts inherits it.
 */

/** The descriptor on which the server says "ready" (or why it could not start) to the client that started it. */
export const readyFdVariable = 'AGENTGRID_READY_FD';
/** Which of the allocator's variables the client added for the server alone, comma-separated. */
const addedVariable = 'AGENTGRID_SERVER_ONLY_ENV';

/**
 * glibc's malloc raises its trim threshold each time a freed block was large enough to have been mapped on its own,
 * after which the memory the server's threads free stays in their arenas. Held at glibc's starting value (128 KiB),
 * an idle server with 8 sessions gives back about 17 MB of the 117 MB it held. Setting it also stops glibc moving its
 * mmap threshold up, so blocks of 128 KiB or more are always mapped and unmapped on their own; neither streaming nor
 * a flood measured slower for it in `npm run bench`. A value the user set is theirs, and passes on to panes as usual.
 */
const allocatorTuning: Record<string, string> = {MALLOC_TRIM_THRESHOLD_: '131072'};

export function serverLaunchEnvironment(env: NodeJS.ProcessEnv, readyFd: number): NodeJS.ProcessEnv {
	const added = Object.keys(allocatorTuning).filter(name => env[name] === undefined);
	return {
		...env,
		...Object.fromEntries(added.map(name => [name, allocatorTuning[name]])),
		[readyFdVariable]: String(readyFd),
		...(added.length > 0 ? {[addedVariable]: added.join(',')} : {}),
	};
}

/** Removes, in place, what the client added to `env` for the server alone; returns the ready descriptor if any. */
export function takeLaunchVariables(env: NodeJS.ProcessEnv): number | undefined {
	const readyFd = env[readyFdVariable] === undefined ? undefined : Number(env[readyFdVariable]);
	for (const name of (env[addedVariable] ?? '').split(',')) if (Object.hasOwn(allocatorTuning, name)) delete env[name];
	delete env[addedVariable];
	delete env[readyFdVariable];
	return readyFd;
}
