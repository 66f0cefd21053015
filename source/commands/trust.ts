import {loadRepositorySettings} from '../core/config/repository-settings.js';
import {repositoryCommands} from '../core/config/trust.js';
import {openRepository} from '../core/git/repository.js';
import {parseArgs, UsageError, type OptionSpec} from './parse-args.js';
import type {Command} from './types.js';
import {openUserSettings, trustStoreFor} from './workspace.js';

const usage = `Usage:
  agentgrid trust            allow the commands (and environment) of this repository's .agentgrid.json
  agentgrid trust --status   only say whether the file is trusted and what it would run or set
  agentgrid trust --revoke   withdraw the trust

Trust is remembered for this repository path and this exact file content; any change to the file must be trusted
again. Read the file before trusting it: its setup and test commands run on your machine, and its "env" reaches
every process of a session. Until it is trusted, only env values made of placeholders alone ("{{port}}") apply, and
never to variables that decide what runs (PATH, BASH_ENV, LD_*, GIT_*, NODE_OPTIONS...).
`;

const trustOptions: OptionSpec = {flags: ['status', 'revoke']};

export const trustCommand: Command = {
	name: 'trust',
	summary: 'allow the commands in this repository\'s .agentgrid.json to run',
	usage,
	options: trustOptions,
	async run(args, context) {
		const parsed = parseArgs(args, trustOptions, usage);
		if (parsed.positionals.length > 0 || parsed.flags.size > 1) {
			throw new UsageError('Unexpected arguments.', usage);
		}
		const [repo, userSettings] = await Promise.all([openRepository(context.cwd), openUserSettings(context)]);
		const store = trustStoreFor(userSettings);
		const settings = await loadRepositorySettings(repo.root);
		if (parsed.flags.has('revoke')) {
			await store.revoke(repo.root);
			context.stdout(`Trust withdrawn for ${settings.file}.\n`);
			return 0;
		}
		if (!settings.exists) {
			context.stdout(`There is no ${settings.file}; there is nothing to trust.\n`);
			return 0;
		}
		const commands = repositoryCommands(settings).map(line => `  ${line}\n`).join('');
		const status = await store.status(repo.root, settings);
		if (status === 'not-needed') {
			context.stdout(`${settings.file} contains no commands and sets no variable that needs trust; it needs no trust.\n`);
			return 0;
		}
		if (parsed.flags.has('status')) {
			const states = {trusted: 'is trusted', untrusted: 'is not trusted', changed: 'has changed since it was trusted'} as const;
			context.stdout(`${settings.file} ${states[status]}. What it runs or sets:\n${commands}`);
			return status === 'trusted' ? 0 : 1;
		}
		await store.trust(repo.root, settings);
		const note = status === 'trusted' ? ' (it already was)' : status === 'changed' ? ' (its new content)' : '';
		context.stdout(`Trusted ${settings.file}${note}, content sha256 ${settings.contentHash!.slice(0, 12)}. These may now run or be set:\n${commands}`);
		return 0;
	},
};
