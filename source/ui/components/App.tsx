import React, {useSyncExternalStore} from 'react';
import {Box, Text} from 'ink';
import type {ConfirmAction, GridState, Store} from '../store.js';
import {keyFor, type CommandId, type Keymap} from '../keymap/index.js';
import {ChoiceList} from './ChoiceList.js';
import type {Rect} from '../../core/layout/types.js';
import {PaneFrame} from './PaneFrame.js';
import {StatusBar} from './StatusBar.js';
import {HelpOverlay, type HelpSection} from './HelpOverlay.js';
import {Notice} from './Notice.js';
import {ExplainView} from './ExplainView.js';
import {CardView} from './CardView.js';
import {SpawnScreen, type AgentChoice, type SpawnProgress, type SpawnRequest} from './SpawnScreen.js';

export interface SpawnModel {
	agents: AgentChoice[];
	defaultAgent: string;
	defaultBase: string;
	mainCheckoutChanges: string[];
	/** What each live session owns, for the form's overlap warning. */
	liveScopes: Array<{slug: string; owns: string[]}>;
	progress?: SpawnProgress;
}

export interface AppModel {
	store: Store<GridState>;
	keymap: Keymap;
	repoName: string;
	/** Outer rectangles of the visible panes, by pane index; computed by the controller so painter and chrome agree. */
	frames: (state: GridState) => Array<{index: number; rect: Rect}>;
	tooSmall: (state: GridState) => boolean;
	hints: (state: GridState) => string;
	helpSections: (state: GridState) => HelpSection[];
	spawn: Store<SpawnModel>;
	suggestSlug: (prompt: string) => string;
	validateSlug: (slug: string) => string | undefined;
	onSpawn: (request: SpawnRequest) => void;
	onCancelSpawn: () => void;
	/** The answer to the question in the status bar: the chosen command, or undefined when cancelled. */
	onAnswer: (command: CommandId | undefined) => void;
	onStopSpawn: () => void;
	/** Why a session has its status, as lines. */
	explain: (id: string) => {title: string; lines: string[]; footer: string};
	/** The open workflow screen's view. */
	screenView: (state: GridState) => React.ReactElement | null;
}

const answerLabel: Record<ConfirmAction, string> = {
	'close': 'stop its agent (worktree and branch stay)',
	'remove-empty': 'remove its worktree and branch',
	'detach': 'detach: the agents keep running',
	'quit': 'stop the running agents and quit',
};

export function App({model}: {model: AppModel}) {
	const state = useSyncExternalStore(model.store.subscribe, model.store.get);
	const spawn = useSyncExternalStore(model.spawn.subscribe, model.spawn.get);
	const {cols, rows} = state;
	let body: React.ReactNode;
	if (state.overlay?.kind === 'screen') {
		body = model.screenView(state);
	} else if (state.overlay?.kind === 'help') {
		body = <HelpOverlay cols={cols} rows={rows} sections={model.helpSections(state)} offset={state.overlay.offset ?? 0} />;
	} else if (state.overlay?.kind === 'explain') {
		const explained = model.explain(state.overlay.id);
		body = <ExplainView cols={cols} rows={rows} title={explained.title} lines={explained.lines} footer={explained.footer} />;
	} else if (state.overlay?.kind === 'card') {
		body = <CardView cols={cols} rows={rows} title={state.overlay.title} lines={state.overlay.lines} footer={state.overlay.footer} offset={state.overlay.offset} />;
	} else if (state.overlay?.kind === 'spawn') {
		body = (
			<SpawnScreen
				cols={cols}
				rows={rows}
				keymap={model.keymap}
				{...spawn}
				suggestSlug={model.suggestSlug}
				validateSlug={model.validateSlug}
				onSubmit={model.onSpawn}
				onCancel={model.onCancelSpawn}
				onStop={model.onStopSpawn}
			/>
		);
	} else if (state.panes.length === 0 && state.loading) {
		body = <Notice cols={cols} rows={rows} title="Reading sessions…" lines={[]} />;
	} else if (state.panes.length === 0) {
		body = (
			<Notice
				cols={cols}
				rows={rows}
				title="No sessions yet"
				lines={[`Press ${keyFor(model.keymap, 'session.new')} to start an agent in a new worktree.`, `Press ${keyFor(model.keymap, 'help')} for every key, ${keyFor(model.keymap, 'quit')} to quit.`]}
			/>
		);
	} else if (model.tooSmall(state)) {
		body = (
			<Notice
				cols={cols}
				rows={rows}
				title="Terminal too small"
				lines={[`${cols}x${rows} cannot fit ${state.panes.length} panes.`, `Enlarge the window, or press ${keyFor(model.keymap, 'pane.zoom')} to zoom the focused pane.`]}
			/>
		);
	} else {
		const frames = model.frames(state);
		// The focused frame is drawn last so that its highlighted border wins on shared edges.
		const ordered = [...frames.filter(f => f.index !== state.focus), ...frames.filter(f => f.index === state.focus)];
		const frame = ({index, rect}: {index: number; rect: Rect}, part: 'border' | 'title') => (
			<PaneFrame
				key={`${state.panes[index].id}-${part}`}
				index={index}
				pane={state.panes[index]}
				rect={rect}
				focused={index === state.focus}
				mode={state.mode}
				now={state.now}
				queued={state.marked.indexOf(state.panes[index].id) + 1}
				bottomShared={frames.some(other => other.index !== index && other.rect.y === rect.y + rect.height - 1)}
				part={part}
				restartKey={keyFor(model.keymap, 'session.restart')}
			/>
		);
		body = [...ordered.map(f => frame(f, 'border')), ...ordered.map(f => frame(f, 'title'))];
	}
	return (
		<Box width={cols} height={rows}>
			{body}
			{state.overlay?.kind === 'confirm' && (
				<Box position="absolute" left={0} top={Math.max(0, rows - 1 - (state.overlay.answers.length + 4))} width={cols} height={Math.min(rows - 1, state.overlay.answers.length + 4)} borderStyle="round" borderColor="yellow" flexDirection="column" paddingX={1} overflow="hidden">
					<Text bold color="yellowBright" wrap="truncate">{state.overlay.message}</Text>
					<ChoiceList keymap={model.keymap} spaces={['quit', 'choice']} choices={state.overlay.answers.map(answer => ({command: answer.command, label: answerLabel[answer.action]}))} onChoose={model.onAnswer} width={cols - 4} />
				</Box>
			)}
			<StatusBar state={state} hints={model.hints(state)} repoName={model.repoName} />
		</Box>
	);
}
