/**
 * The socket directory is the only thing between other users and typing into the agents: it must be the user's
 * own, closed to everyone else, and not a link to somewhere else. Real directories, real modes and owners.
 */
import {createHash} from 'node:crypto';
import {chmod, chown, mkdir, stat, symlink} from 'node:fs/promises';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {ensureSocketDirectory, socketDirectory, socketPathFor} from '../../source/server/socket-path.js';
import {makeTempDir} from '../helpers/git-repo.js';
import {rm} from 'node:fs/promises';

const dirs: string[] = [];
afterEach(async () => {
	for (const dir of dirs.splice(0)) await rm(dir, {recursive: true, force: true});
});

async function temp(): Promise<string> {
	const dir = await makeTempDir('agentgrid-sockets-');
	dirs.push(dir);
	return dir;
}

describe('socket directory', () => {
	it('prefers XDG_RUNTIME_DIR, else a per-user directory in /tmp', () => {
		expect(socketDirectory({XDG_RUNTIME_DIR: '/run/user/1000'})).toBe('/run/user/1000/agentgrid');
		expect(socketDirectory({})).toBe(`/tmp/agentgrid-${process.getuid!()}`);
		expect(socketDirectory({AGENTGRID_SOCKET_DIR: '/x/y', XDG_RUNTIME_DIR: '/run/user/1000'})).toBe('/x/y');
	});

	it('creates a missing directory with mode 700', async () => {
		const dir = path.join(await temp(), 'new', 'agentgrid');
		await ensureSocketDirectory(dir);
		expect((await stat(dir)).mode & 0o777).toBe(0o700);
	});

	it('refuses a directory others can enter, naming its mode and how to fix it', async () => {
		const dir = path.join(await temp(), 'open');
		await mkdir(dir);
		await chmod(dir, 0o777);
		await expect(ensureSocketDirectory(dir)).rejects.toMatchObject({code: 'socket-dir-unsafe', message: expect.stringContaining('its mode is 777; it must be 700'), hint: expect.stringContaining('chmod 700')});
		await chmod(dir, 0o750);
		await expect(ensureSocketDirectory(dir)).rejects.toMatchObject({message: expect.stringContaining('its mode is 750')});
	});

	it.runIf(process.getuid?.() === 0)('refuses a directory that belongs to another user', async () => {
		const dir = path.join(await temp(), 'foreign');
		await mkdir(dir, {mode: 0o700});
		await chown(dir, 65534, 65534);
		await expect(ensureSocketDirectory(dir)).rejects.toMatchObject({code: 'socket-dir-unsafe', message: expect.stringContaining('it belongs to user 65534, not to you (0)')});
	});

	it('refuses a symbolic link, even to a safe directory', async () => {
		const base = await temp();
		await mkdir(path.join(base, 'real'), {mode: 0o700});
		await symlink(path.join(base, 'real'), path.join(base, 'link'));
		await expect(ensureSocketDirectory(path.join(base, 'link'))).rejects.toMatchObject({message: expect.stringContaining('symbolic link')});
	});

	it('gives each repository its own short socket name, the same from any of its worktrees', async () => {
		const base = await temp();
		const a = await socketPathFor(base, '/home/me/projects/a very long repository name with spaces/.git');
		const b = await socketPathFor(base, '/home/me/projects/other/.git');
		expect(a).not.toBe(b);
		expect(path.basename(a)).toMatch(/^a_very_long_repository_n-[0-9a-f]{12}\.sock$/);
		expect(Buffer.byteLength(a)).toBeLessThan(107);
	});

	it('names a repository\'s socket as earlier versions did, so a client finds a server that an older one started', async () => {
		const base = await temp();
		for (const commonDir of ['/home/me/projects/app/.git', '/srv/répertoire 日本/.git', path.join(base, 'missing', '.git')]) {
			const name = path.basename(await socketPathFor(base, commonDir));
			expect(name.slice(-'0123456789ab.sock'.length, -'.sock'.length)).toBe(createHash('sha256').update(commonDir).digest('hex').slice(0, 12));
		}
		expect(path.basename(await socketPathFor(base, '/home/me/projects/app/.git'))).toBe('app-ac425de2ac3f.sock');
	});
});
