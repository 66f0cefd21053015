import {readFile} from 'node:fs/promises';
import {randomUUID} from 'node:crypto';
import os from 'node:os';
import {describe, expect, it} from 'vitest';
import {ServiceProcess, type ServiceLaunch} from '../../../source/core/services/service-process.js';
import {processTable} from '../../helpers/proc.js';

/** Processes that inherited this test's mark. */
async function marked(mark: string): Promise<number[]> {
	const found: number[] = [];
	for (const {pid} of await processTable()) {
		const environ = await readFile(`/proc/${pid}/environ`, 'utf8').catch(() => '');
		if (environ.split('\0').includes(`SERVICE_TEST_MARK=${mark}`)) found.push(pid);
	}
	return found;
}

function launch(command: string, mark: string): ServiceLaunch {
	return {name: 'svc', command, cwd: os.tmpdir(), env: {PATH: process.env.PATH, SERVICE_TEST_MARK: mark}, cols: 80, rows: 24};
}

async function until(check: () => boolean, what: string): Promise<void> {
	for (let i = 0; i < 400 && !check(); i++) await new Promise(resolve => setTimeout(resolve, 25));
	if (!check()) throw new Error(`timed out waiting for ${what}`);
}

describe('a service process', () => {
	it('is not left running when stopped while it is still starting', async () => {
		const mark = randomUUID();
		const service = new ServiceProcess(launch('sleep 600 & sleep 600; wait', mark), () => {}, () => {});
		const starting = service.start();
		await service.stop();
		await starting;
		expect(service.snapshot.state).toBe('stopped');
		expect(await marked(mark)).toEqual([]);
		await service.dispose();
	});

	it('is not left running when disposed while it is still starting', async () => {
		const mark = randomUUID();
		const service = new ServiceProcess(launch('sleep 600', mark), () => {}, () => {});
		const starting = service.start();
		await service.dispose();
		await starting;
		expect(await marked(mark)).toEqual([]);
	});

	it('reports an exit by a signal as the shell does, 128 + its number', async () => {
		const mark = randomUUID();
		const service = new ServiceProcess(launch('kill -INT $$; sleep 5', mark), () => {}, () => {});
		await service.start();
		await until(() => service.snapshot.state === 'exited', 'the exit');
		expect(service.snapshot.exitCode).toBe(130);
		await service.dispose();
	});

	it('says why it could not start', async () => {
		const service = new ServiceProcess({...launch('true', 'x'), cwd: '/nonexistent/dir'}, () => {}, () => {});
		await service.start();
		expect(service.snapshot).toMatchObject({state: 'exited', error: expect.stringContaining('/nonexistent/dir does not exist') as string});
		await service.dispose();
	});
});
