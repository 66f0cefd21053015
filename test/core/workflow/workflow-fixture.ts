/**
 * A temp repository with sessions and a test runner whose (trusted) test command fails when the worktree holds a
 * file named BROKEN, so a test can make any session's tests fail by committing that file.
 */
import {loadRepositorySettings, type RepositorySettings} from '../../../source/core/config/repository-settings.js';
import type {MergeDecisions, MergeDependencies, MergeStep, MergeTarget} from '../../../source/core/workflow/merge-pipeline.js';
import {TestResultStore, testResultsFile} from '../../../source/core/workflow/test-results.js';
import {TestRunner} from '../../../source/core/workflow/test-runner.js';
import {testIdentity} from '../../helpers/git-repo.js';
import {serviceFixture, type ServiceFixture} from '../git/fixture.js';

export const failingMarker = 'BROKEN';

export interface WorkflowFixture extends ServiceFixture {
	results: TestResultStore;
	runner: TestRunner;
	/** The repository settings the runner uses (with the test command). */
	repositorySettings: RepositorySettings;
	target(slug: string): Promise<MergeTarget>;
	/** A session with one commit writing `files`. */
	session(slug: string, files: Record<string, string>): Promise<MergeTarget>;
}

export async function workflowFixture(testCommand = `echo "testing $AGENTGRID_SESSION"; test ! -e ${failingMarker}`): Promise<WorkflowFixture> {
	const fixture = await serviceFixture();
	const settings = await loadRepositorySettings(fixture.repo.root);
	const repository = {...settings, exists: true, data: {...settings.data, testCommand}};
	const results = new TestResultStore(testResultsFile(fixture.repository.commonDir));
	const runner = new TestRunner({
		repoRoot: fixture.repo.root,
		gitCommonDir: fixture.repository.commonDir,
		repository,
		trust: 'trusted',
		env: {...process.env, ...testIdentity, PATH: process.env.PATH ?? '/usr/bin:/bin'},
		results,
	});
	const target = async (slug: string): Promise<MergeTarget> => {
		const info = (await fixture.service.listSessions()).find(session => session.slug === slug)!;
		return {slug, branch: info.branch, worktree: info.worktree, base: info.base};
	};
	return {
		...fixture,
		results,
		runner,
		repositorySettings: repository,
		target,
		async session(slug, files) {
			const created = await fixture.service.createSession({slug});
			await fixture.checkout(created.worktree).commit(`${slug} work`, files);
			return target(slug);
		},
	};
}

export interface Recorder {
	deps: MergeDependencies;
	steps: Map<string, MergeStep[]>;
	asked: string[];
}

/** Merge dependencies whose answers are scripted; every question asked is listed in `asked`. */
export function recorder(fixture: WorkflowFixture, answers: {commitMessage?: string | null; override?: boolean} = {}): Recorder {
	const steps = new Map<string, MergeStep[]>();
	const asked: string[] = [];
	const decisions: MergeDecisions = {
		commitMessage: async (target, files, suggested) => {
			asked.push(`commit ${target.slug}: ${files.join(',')} as "${suggested}"`);
			return answers.commitMessage === undefined ? suggested : answers.commitMessage;
		},
		overrideTests: async (target, reason) => {
			asked.push(`override ${target.slug}: ${reason}`);
			return answers.override ?? false;
		},
	};
	return {
		steps,
		asked,
		deps: {
			worktrees: fixture.service,
			tests: fixture.runner,
			testSize: () => ({cols: 80, rows: 24}),
			taskFile: 'AGENTGRID_TASK.md',
			decisions,
			observer: {steps: (target, list) => steps.set(target.slug, [...list])},
		},
	};
}
