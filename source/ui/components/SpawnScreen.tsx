import React, {useMemo, useState} from 'react';
import {Box, Text, useInput} from 'ink';
import TextInput from 'ink-text-input';
import SelectInput from 'ink-select-input';

export interface AgentChoice {
	name: string;
	label: string;
	installed: boolean;
	/** Why it cannot be chosen, e.g. "claude not found on PATH". */
	reason?: string;
}

export interface SpawnRequest {
	prompt: string;
	slug: string;
	agent: string;
	base: string;
}

export interface SpawnProgress {
	steps: Array<{label: string; state: 'running' | 'done' | 'failed'; detail?: string; startedAt?: number}>;
	error?: string;
	/** The clock the running step's elapsed time is shown against, ticking once a second. */
	now?: number;
}

interface Props {
	cols: number;
	rows: number;
	agents: AgentChoice[];
	defaultAgent: string;
	defaultBase: string;
	/** Uncommitted paths in the main checkout: they will not be in the new worktree. */
	mainCheckoutChanges: string[];
	suggestSlug: (prompt: string) => string;
	validateSlug: (slug: string) => string | undefined;
	progress?: SpawnProgress;
	onSubmit: (request: SpawnRequest) => void;
	onCancel: () => void;
	/** Esc while the session is being set up: stops the running setup command. */
	onStop?: () => void;
}

const fields = ['prompt', 'slug', 'agent', 'base'] as const;

/** The highlighted agent gets the pointer; Enter still spawns from any field (the form's own key, not the list's). */
function AgentPointer({isSelected = false}: {isSelected?: boolean}) {
	return <Text color="greenBright">{isSelected ? '❯ ' : '  '}</Text>;
}

/** ink-select-input hands an item component its label; the row finds its agent by that. */
function agentRow(agents: readonly AgentChoice[]) {
	const byLabel = new Map(agents.map(choice => [choice.label, choice]));
	return function AgentRow({isSelected = false, label}: {isSelected?: boolean; label: string}) {
		const choice = byLabel.get(label) ?? {name: label, label, installed: false};
		return (
			<Text color={isSelected ? (choice.installed ? 'greenBright' : 'red') : undefined} dimColor={!choice.installed && !isSelected} wrap="truncate">
				{choice.label}
				{choice.installed ? '' : `  (${choice.reason ?? 'not installed'})`}
			</Text>
		);
	};
}
type Field = (typeof fields)[number];

/**
 * Enter spawns from any field, so the defaults cost one keystroke after the prompt; Tab/Shift+Tab reach the others.
 */
export function SpawnScreen(props: Props) {
	const {cols, rows, agents, progress} = props;
	const [field, setField] = useState<Field>('prompt');
	const [prompt, setPrompt] = useState('');
	const [slug, setSlug] = useState('');
	const [slugEdited, setSlugEdited] = useState(false);
	const initialAgent = Math.max(0, agents.findIndex(a => a.name === props.defaultAgent));
	const [agentIndex, setAgentIndex] = useState(initialAgent);
	const [base, setBase] = useState(props.defaultBase);
	const effectiveSlug = slugEdited ? slug : props.suggestSlug(prompt);
	const slugError = effectiveSlug === '' ? 'type a task or a name' : props.validateSlug(effectiveSlug);
	const agent = agents[agentIndex];
	const agentItems = useMemo(() => agents.map((choice, index) => ({key: choice.name, value: index, label: choice.label})), [agents]);
	const AgentRow = useMemo(() => agentRow(agents), [agents]);
	const busy = progress !== undefined && progress.error === undefined;

	useInput((input, key) => {
		if (busy) {
			if (key.escape) props.onStop?.();
			return;
		}
		if (key.escape) {
			props.onCancel();
			return;
		}
		if (key.tab) {
			const step = key.shift ? -1 : 1;
			setField(fields[(fields.indexOf(field) + step + fields.length) % fields.length]);
			return;
		}
		if (key.return) {
			if (slugError || !agent?.installed || base.trim() === '') return;
			props.onSubmit({prompt: prompt.trim(), slug: effectiveSlug, agent: agent.name, base: base.trim()});
		}
	});

	const label = (name: Field, text: string) => (
		<Text color={field === name ? 'cyanBright' : undefined} bold={field === name}>
			{(field === name ? '› ' : '  ') + text.padEnd(8)}
		</Text>
	);
	const submitBlocker = slugError ?? (!agent?.installed ? `${agent?.label ?? 'agent'}: ${agent?.reason ?? 'not installed'}` : base.trim() === '' ? 'base branch is empty' : undefined);

	return (
		<Box position="absolute" left={0} top={0} width={cols} height={rows - 1} borderStyle="round" borderColor="cyan" flexDirection="column" paddingX={1}>
			<Text bold color="cyanBright">New session</Text>
			{props.mainCheckoutChanges.length > 0 && (
				<Text color="yellow" wrap="truncate">
					{`⚠ ${props.mainCheckoutChanges.length} uncommitted change(s) in the main checkout will not be in the new worktree: ${props.mainCheckoutChanges.slice(0, 3).join(', ')}${props.mainCheckoutChanges.length > 3 ? ', …' : ''}`}
				</Text>
			)}
			<Box marginTop={1}>
				{label('prompt', 'Task')}
				<TextInput value={prompt} onChange={setPrompt} focus={field === 'prompt' && !busy} placeholder="what should the agent do? (optional)" />
			</Box>
			<Box>
				{label('slug', 'Name')}
				<TextInput
					value={effectiveSlug}
					onChange={value => {
						setSlugEdited(true);
						setSlug(value);
					}}
					focus={field === 'slug' && !busy}
				/>
				<Text dimColor>{slugError ? '' : '  branch from this name'}</Text>
			</Box>
			<Box flexDirection="row">
				{label('agent', 'Agent')}
				<SelectInput
					items={agentItems}
					initialIndex={initialAgent}
					isFocused={field === 'agent' && !busy}
					onHighlight={item => setAgentIndex(item.value)}
					onSelect={item => setAgentIndex(item.value)}
					indicatorComponent={AgentPointer}
					itemComponent={AgentRow}
				/>
			</Box>
			<Box>
				{label('base', 'Base')}
				<TextInput value={base} onChange={setBase} focus={field === 'base' && !busy} />
			</Box>
			<Box marginTop={1}>
				{busy ? <Text dimColor>Esc stops the setup (the worktree is kept)</Text> : submitBlocker ? <Text color="red">{`✗ ${submitBlocker}`}</Text> : <Text dimColor>Enter spawns · Tab next field · ↑↓ choose agent · Esc cancel</Text>}
			</Box>
			{progress && (
				<Box flexDirection="column" marginTop={1}>
					{progress.steps.map(step => (
						<Text key={step.label} color={step.state === 'failed' ? 'red' : step.state === 'done' ? 'green' : 'yellow'} wrap="truncate">
							{`${step.state === 'done' ? '✓' : step.state === 'failed' ? '✗' : '…'} ${step.label}${step.detail ? `  ${step.detail}` : ''}${step.state === 'running' && step.startedAt !== undefined && progress.now !== undefined && progress.now - step.startedAt >= 1000 ? `  (${Math.floor((progress.now - step.startedAt) / 1000)} s)` : ''}`}
						</Text>
					))}
					{progress.error && <Text color="redBright" wrap="wrap">{progress.error}</Text>}
				</Box>
			)}
		</Box>
	);
}
