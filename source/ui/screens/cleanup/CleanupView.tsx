import React from 'react';
import {Box, Text} from 'ink';
import {inProgressAdvice, inProgressWord} from '../../../core/git/worktree-admin.js';
import {ChoiceList} from '../../components/ChoiceList.js';
import {formatAge, truncate} from '../../components/format.js';
import type {CommandId, Keymap} from '../../keymap/index.js';
import type {Question} from './cleanup-actions.js';
import type {CleanupRow} from './cleanup-rows.js';

export interface CleanupViewModel {
	rows: CleanupRow[] | undefined;
	selected: number;
	marked: ReadonlySet<string>;
	/** The open question; `id` tells one question from the next, so each starts at its first choice. */
	question?: {question: Question; id: number};
	busy?: string;
	error?: string;
	now: number;
}

function stateOf(row: CleanupRow): {text: string; color?: string} {
	if (row.inProgress) return {text: inProgressWord(row.inProgress), color: 'yellow'};
	if (row.movedTo) return {text: 'moved', color: 'yellow'};
	if (row.kind === 'orphan') return {text: 'orphaned', color: 'yellow'};
	if (row.kind === 'branch') return {text: 'branch only', color: 'gray'};
	return row.running ? {text: 'running', color: 'green'} : {text: 'stopped'};
}

function orphanNote(row: CleanupRow): string {
	if (row.movedTo) return ` (moved to ${row.movedTo}: reconnect it with git worktree repair "${row.movedTo}")`;
	return row.kind === 'orphan' ? ' (directory gone; if you moved it: git worktree repair <new location>)' : '';
}

const pad = (text: string, width: number) => truncate(text, width).padEnd(width);

/** One line per worktree or branch; the selected row's paths, and any question, below the table. */
export function CleanupView({cols, rows, model, keymap, onAnswer}: {cols: number; rows: number; model: CleanupViewModel; keymap: Keymap; onAnswer: (command: CommandId | undefined) => void}) {
	const list = model.rows ?? [];
	const question = model.question?.question;
	const slugWidth = Math.min(28, Math.max(8, ...list.map(row => row.slug.length)));
	const questionHeight = question ? question.lines.length + question.choices.length + 4 : 0;
	const inner = Math.max(1, rows - 2);
	const tableHeight = Math.max(1, Math.min(list.length, inner - 6 - Math.min(questionHeight, Math.floor(inner / 2))));
	const first = Math.max(0, Math.min(model.selected - Math.floor(tableHeight / 2), list.length - tableHeight));
	const selected = list[model.selected];
	const questionLines = question ? question.lines.slice(0, Math.max(1, inner - tableHeight - 8)) : [];
	const hiddenLines = question ? question.lines.length - questionLines.length : 0;
	return (
		<Box position="absolute" left={0} top={0} width={cols} height={rows} borderStyle="round" borderColor="cyan" flexDirection="column" paddingX={1}>
			<Text wrap="truncate">
				<Text bold color="cyanBright">Cleanup</Text>
				<Text dimColor>{model.rows === undefined ? '   reading worktrees and branches…' : `   ${list.length} session${list.length === 1 ? '' : 's'} (worktrees and branches) · ${model.marked.size} marked`}</Text>
			</Text>
			<Text dimColor wrap="truncate">{`    ${pad('session', slugWidth)}  ${pad('state', 11)}  ${pad('merged', 6)}  ${pad('dirty', 5)}  ${pad('ahead', 9)}  ${pad('files', 5)}  ${pad('age', 4)}  branch`}</Text>
			{model.rows !== undefined && list.length === 0 && <Text dimColor>No agentgrid worktrees or branches: nothing to clean up.</Text>}
			{list.slice(first, first + tableHeight).map((row, index) => {
				const at = first + index;
				const state = stateOf(row);
				const ahead = row.baseExists ? `+${row.ahead}${row.behind > 0 ? ` -${row.behind}` : ''}` : 'no base';
				return (
					<Text key={row.branch} wrap="truncate" inverse={at === model.selected}>
						{at === model.selected ? '❯ ' : '  '}
						<Text color="greenBright">{model.marked.has(row.branch) ? '✓ ' : '  '}</Text>
						{`${pad(row.slug, slugWidth)}  `}
						<Text color={state.color}>{pad(state.text, 11)}</Text>
						{'  '}
						<Text color={row.merged ? 'green' : undefined}>{pad(row.merged ? 'merged' : row.kind === 'branch' || row.ahead > 0 ? 'no' : '-', 6)}</Text>
						{'  '}
						<Text color={row.dirty ? 'yellow' : undefined}>{pad(row.dirty ? 'dirty' : '', 5)}</Text>
						{`  ${pad(ahead, 9)}  ${pad(String(row.changedFiles), 5)}  ${pad(row.lastActivity === undefined ? '?' : formatAge(model.now - row.lastActivity), 4)}  ${row.branch}`}
					</Text>
				);
			})}
			<Text> </Text>
			{selected && !question && (
				<Text dimColor wrap="truncate">{selected.kind === 'branch' ? `${selected.branch}: no worktree; base ${selected.base}` : `${selected.worktree ?? ''}${orphanNote(selected)} · base ${selected.base}`}</Text>
			)}
			{selected?.inProgress && !question && <Text color="yellow" wrap="truncate">{inProgressAdvice(selected.slug, selected.inProgress)}</Text>}
			{model.busy && <Text color="cyan" wrap="truncate">{model.busy}</Text>}
			{model.error && <Text color="red" wrap="truncate">{model.error}</Text>}
			{question && (
				<Box flexDirection="column" borderStyle="round" borderColor={question.danger ? 'red' : 'yellow'} paddingX={1}>
					<Text bold color={question.danger ? 'redBright' : 'yellowBright'} wrap="truncate">{question.title}</Text>
					{questionLines.map((line, index) => (
						<Text key={`q${index}`} wrap="truncate">{line}</Text>
					))}
					{hiddenLines > 0 && <Text dimColor>{`  … and ${hiddenLines} more lines`}</Text>}
					<ChoiceList key={model.question!.id} keymap={keymap} spaces={['choice']} choices={question.choices} onChoose={onAnswer} width={cols - 8} startOnCancel={question.danger === true} />
				</Box>
			)}
		</Box>
	);
}
