import React, {useMemo, useState} from 'react';
import {Box, Text, useInput} from 'ink';
import SelectInput from 'ink-select-input';
import {fitHints, inkKeyOf, keyFor, type Keymap} from '../keymap/index.js';
import {TextField} from './text-field/TextField.js';
import {Notice} from './Notice.js';
import {describeOverlaps, ownedOverlaps, parseScopeInput, splitDoneWhen} from '../../core/scope/scope-input.js';

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
	/** Present only when typed: the paths the session owns, must avoid, and what "done" means. */
	owns?: string[];
	avoid?: string[];
	doneWhen?: string[];
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
	keymap: Keymap;
	agents: AgentChoice[];
	defaultAgent: string;
	defaultBase: string;
	/** Uncommitted paths in the main checkout: they will not be in the new worktree. */
	mainCheckoutChanges: string[];
	/** What the live sessions own, to warn when the new scope overlaps it. */
	liveScopes?: ReadonlyArray<{slug: string; owns: readonly string[]}>;
	suggestSlug: (prompt: string) => string;
	validateSlug: (slug: string) => string | undefined;
	progress?: SpawnProgress;
	onSubmit: (request: SpawnRequest) => void;
	onCancel: () => void;
	/** Esc while the session is being set up: stops the running setup command. */
	onStop?: () => void;
}

const fields = ['prompt', 'slug', 'agent', 'base', 'owns', 'avoid', 'done'] as const;
/** The scope fields, left out of a terminal too short for them (agentgrid new --owns/--avoid/--done-when sets them). */
const scopeFields: readonly Field[] = ['owns', 'avoid', 'done'];

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

/** Label column: '› ' and the field name. */
const labelWidth = 12;
/** Border and padding around the form. */
const frameCols = 4;
const frameRows = 3;

/**
 * How the form fits a terminal: whether to keep its blank lines, whether the three scope fields fit, how many agents
 * the list shows; undefined when it cannot fit at all. The scope fields go before the blank lines and the agent rows.
 */
export function spawnLayout(cols: number, rows: number, extraLines: number, agentCount: number): {gaps: boolean; scope: boolean; agentRows: number} | undefined {
	const inner = rows - frameRows;
	// Title, task, name, base, footer, and any warning or progress lines; the agent list gets what is left.
	const fixed = 5 + extraLines;
	if (cols - frameCols - labelWidth < 12) return undefined;
	const wanted = Math.min(agentCount, 3);
	for (const [scope, gaps] of [[true, true], [true, false], [false, true]] as const) {
		const left = inner - fixed - (scope ? scopeFields.length : 0) - (gaps ? 2 : 0);
		if (left >= wanted) return {gaps, scope, agentRows: Math.max(1, Math.min(agentCount, left))};
	}
	const tight = inner - fixed;
	return tight >= 1 ? {gaps: false, scope: false, agentRows: Math.min(agentCount, tight)} : undefined;
}

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
	const [owns, setOwns] = useState('');
	const [avoid, setAvoid] = useState('');
	const [doneWhen, setDoneWhen] = useState('');
	const scopeInput = parseScopeInput(owns, avoid);
	const overlaps = 'scope' in scopeInput ? ownedOverlaps(scopeInput.scope.owns, props.liveScopes ?? []) : [];
	const effectiveSlug = slugEdited ? slug : props.suggestSlug(prompt);
	const slugError = effectiveSlug === '' ? 'type a task or a name' : props.validateSlug(effectiveSlug);
	const agent = agents[agentIndex];
	const agentItems = useMemo(() => agents.map((choice, index) => ({key: choice.name, value: index, label: choice.label})), [agents]);
	const AgentRow = useMemo(() => agentRow(agents), [agents]);
	const busy = progress !== undefined && progress.error === undefined;

	// Once the session is being made its name is taken (by itself): the checks are about what is typed, not what was sent.
	const submitBlocker = progress !== undefined ? undefined : slugError ?? (!agent?.installed ? `${agent?.label ?? 'agent'}: ${agent?.reason ?? 'not installed'}` : base.trim() === '' ? 'base branch is empty' : 'error' in scopeInput ? scopeInput.error : undefined);
	const warning = (props.mainCheckoutChanges.length > 0 ? 1 : 0) + (overlaps.length > 0 ? 1 : 0);
	const progressLines = progress ? progress.steps.length + (progress.error ? 2 : 0) + 1 : 0;
	const layout = spawnLayout(cols, rows, warning + progressLines, agents.length);
	const {keymap} = props;
	useInput((input, key) => {
		const name = inkKeyOf(input, key);
		const command = name === undefined ? undefined : keymap.lookup('form', name)?.command.id;
		if (busy) {
			if (command === 'form.cancel') props.onStop?.();
			return;
		}
		switch (command) {
			case 'form.cancel':
				props.onCancel();
				return;
			case 'form.next-field':
			case 'form.previous-field': {
				const step = command === 'form.previous-field' ? -1 : 1;
				const shown = layout?.scope ? fields : fields.filter(name => !scopeFields.includes(name));
				setField(shown[(shown.indexOf(field) + step + shown.length) % shown.length]);
				return;
			}
			case 'form.submit': {
				if (submitBlocker || !('scope' in scopeInput)) return;
				const done = splitDoneWhen(doneWhen);
				props.onSubmit({
					prompt: prompt.trim(),
					slug: effectiveSlug,
					agent: agent!.name,
					base: base.trim(),
					...(scopeInput.scope.owns.length > 0 ? {owns: scopeInput.scope.owns} : {}),
					...(scopeInput.scope.avoid.length > 0 ? {avoid: scopeInput.scope.avoid} : {}),
					...(done.length > 0 ? {doneWhen: done} : {}),
				});
				return;
			}
		}
	});

	const label = (name: Field, text: string) => (
		<Text color={field === name ? 'cyanBright' : undefined} bold={field === name}>
			{(field === name ? '› ' : '  ') + text.padEnd(labelWidth - 2)}
		</Text>
	);
	if (!layout) {
		return <Notice cols={cols} rows={rows} title="Terminal too small" lines={[`${cols}x${rows} cannot fit the new-session form.`, `Enlarge the window, or ${keyFor(keymap, 'form.cancel')} to go back.`]} />;
	}
	const fieldWidth = cols - frameCols - labelWidth;
	const nameNote = '  branch from this name';
	const footer = busy
		? `${keyFor(keymap, 'form.cancel')} stops the setup (the worktree is kept)`
		: fitHints(
			[
				{keys: keyFor(keymap, 'form.submit'), label: 'start', keep: true},
				{keys: keyFor(keymap, 'form.next-field'), label: 'next field'},
				{keys: '↑↓', label: 'agent'},
				{keys: keyFor(keymap, 'form.cancel'), label: 'cancel', keep: true},
			],
			fieldWidth + labelWidth,
		);

	return (
		<Box position="absolute" left={0} top={0} width={cols} height={rows - 1} borderStyle="round" borderColor="cyan" flexDirection="column" paddingX={1} overflow="hidden">
			<Text bold color="cyanBright">New session</Text>
			{props.mainCheckoutChanges.length > 0 && (
				<Text color="yellow" wrap="truncate">
					{`⚠ ${props.mainCheckoutChanges.length} uncommitted change(s) in the main checkout will not be in the new worktree: ${props.mainCheckoutChanges.slice(0, 3).join(', ')}${props.mainCheckoutChanges.length > 3 ? ', …' : ''}`}
				</Text>
			)}
			<Box marginTop={layout.gaps ? 1 : 0}>
				{label('prompt', 'Task')}
				<TextField value={prompt} onChange={setPrompt} focus={field === 'prompt' && !busy} width={fieldWidth} placeholder="what should the agent do? (optional)" />
			</Box>
			<Box>
				{label('slug', 'Name')}
				<TextField
					value={effectiveSlug}
					onChange={value => {
						setSlugEdited(true);
						setSlug(value);
					}}
					focus={field === 'slug' && !busy}
					width={slugError || fieldWidth - [...effectiveSlug].length - 1 < nameNote.length ? fieldWidth : fieldWidth - nameNote.length}
				/>
				<Text dimColor wrap="truncate">{slugError || fieldWidth - [...effectiveSlug].length - 1 < nameNote.length ? '' : nameNote}</Text>
			</Box>
			<Box flexDirection="row" height={layout.agentRows}>
				{label('agent', 'Agent')}
				<SelectInput
					items={agentItems}
					initialIndex={initialAgent}
					limit={layout.agentRows}
					isFocused={field === 'agent' && !busy}
					onHighlight={item => setAgentIndex(item.value)}
					onSelect={item => setAgentIndex(item.value)}
					indicatorComponent={AgentPointer}
					itemComponent={AgentRow}
				/>
			</Box>
			<Box>
				{label('base', 'Base')}
				<TextField value={base} onChange={setBase} focus={field === 'base' && !busy} width={fieldWidth} />
			</Box>
			{layout.scope && (
				<>
					<Box>
						{label('owns', 'Owns')}
						<TextField value={owns} onChange={setOwns} focus={field === 'owns' && !busy} width={fieldWidth} placeholder="paths it owns, e.g. src/auth/ test/auth/ (optional)" />
					</Box>
					<Box>
						{label('avoid', 'Avoid')}
						<TextField value={avoid} onChange={setAvoid} focus={field === 'avoid' && !busy} width={fieldWidth} placeholder="paths it must not touch (optional)" />
					</Box>
					<Box>
						{label('done', 'Done when')}
						<TextField value={doneWhen} onChange={setDoneWhen} focus={field === 'done' && !busy} width={fieldWidth} placeholder="what done means; separate items with ; (optional)" />
					</Box>
				</>
			)}
			{overlaps.length > 0 && <Text color="yellow" wrap="truncate">{`⚠ ${describeOverlaps(overlaps)}`}</Text>}
			<Box marginTop={layout.gaps ? 1 : 0}>
				{submitBlocker ? <Text color="red" wrap="truncate">{`✗ ${submitBlocker}`}</Text> : <Text dimColor wrap="truncate">{footer}</Text>}
			</Box>
			{progress && (
				<Box flexDirection="column">
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
