import {isMainThread, workerData} from 'node:worker_threads';

/**
 * Whether V8's memory reducer is off in this process, as the client starts the server (`--no-memory-reducer`): the
 * idle reclaim (idle-reclaim.ts) then stands in for it. A worker thread's `process.execArgv` holds only its own
 * options, so the thread that starts it passes the answer in its workerData (see git/git-thread.ts).
 */
export function memoryReducerOff(): boolean {
	if (isMainThread) return process.execArgv.includes('--no-memory-reducer');
	return (workerData as {memoryReducerOff?: unknown} | null)?.memoryReducerOff === true;
}
