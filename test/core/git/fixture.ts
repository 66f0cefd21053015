import {afterEach} from 'vitest';
import {openRepository, type Repository} from '../../../source/core/git/repository.js';
import {WorktreeService, type WorktreeOptions} from '../../../source/core/git/worktree-service.js';
import {createTempRepo, type TempRepo, type TempRepoOptions, wrapCheckout} from '../../helpers/git-repo.js';

export interface ServiceFixture {
	repo: TempRepo;
	repository: Repository;
	service: WorktreeService;
	/** The checkout of a session created through the service, with the TempRepo conveniences. */
	checkout(worktree: string): TempRepo;
}

const cleanups: Array<() => Promise<void>> = [];

afterEach(async () => {
	await Promise.all(cleanups.splice(0).map(async cleanup => cleanup()));
});

/** A temp repository with a WorktreeService on it, removed after the test. */
export async function serviceFixture(options: WorktreeOptions & {repo?: TempRepoOptions} = {}): Promise<ServiceFixture> {
	const repo = await createTempRepo(options.repo ?? {files: {'README.md': '# test\n', 'src/app.txt': 'one\ntwo\nthree\n'}});
	cleanups.push(repo.cleanup);
	const repository = await openRepository(repo.root);
	return {repo, repository, service: new WorktreeService(repository, options), checkout: worktree => wrapCheckout(worktree, repo.dir)};
}

export function onCleanup(cleanup: () => Promise<void>): void {
	cleanups.push(cleanup);
}
