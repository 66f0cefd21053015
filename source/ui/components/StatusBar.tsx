import React from 'react';
import {Box, Text} from 'ink';
import type {GridState} from '../store.js';
import {truncate} from './format.js';
import {formatCost, formatTokens} from '../../core/usage/prices.js';
import {totalUsage} from '../../core/usage/usage-tracker.js';

interface Props {
	state: GridState;
	hints: string;
	repoName: string;
}

const modeLabel = (state: GridState) => (state.overlay?.kind === 'screen' ? ` ${state.overlay.scope.toUpperCase()} ` : state.copy ? ' COPY ' : state.mode === 'pane' ? ' PANE ' : ' GRID ');
const prefixLabel = (state: GridState) => ` prefix ${state.prefixLabel} `;

/** How many sessions wait for the user, and the tokens and cost of all sessions together. */
export function summaryLabel(state: GridState): string {
	const waiting = state.panes.filter(pane => pane.status === 'waiting').length;
	const used = state.panes.flatMap(pane => (pane.usage ? [pane.usage] : []));
	const parts = [
		...(waiting > 0 ? [`◆ ${waiting} waiting`] : []),
		...(used.length > 0 ? [`Σ ${formatTokens(totalUsage(used).total)} ${formatCost(totalUsage(used))}`] : []),
	];
	return parts.length > 0 ? ` ${parts.join(' · ')} ` : '';
}

/** Cells left for the message or the key hints, so hints are chosen to fit instead of being cut. */
export function hintRoom(state: GridState, repoName: string): number {
	return Math.max(0, state.cols - modeLabel(state).length - prefixLabel(state).length - summaryLabel(state).length - repoName.length - 3);
}

/** One line: mode, prefix key, a message or confirmation when there is one, else the most useful key hints. */
export function StatusBar({state, hints, repoName}: Props) {
	const mode = modeLabel(state);
	const prefix = prefixLabel(state);
	const confirm = state.overlay?.kind === 'confirm' ? state.overlay : null;
	const room = hintRoom(state, repoName);
	const summary = summaryLabel(state);
	let body: React.ReactNode;
	if (confirm) {
		body = <Text color="yellowBright" bold>{truncate(` ${confirm.message} `, room)}</Text>;
	} else if (state.message) {
		body = <Text color={state.message.kind === 'error' ? 'redBright' : 'cyanBright'}>{truncate(` ${state.message.text} `, room)}</Text>;
	} else {
		body = <Text dimColor>{truncate(` ${hints}`, room)}</Text>;
	}
	return (
		<Box position="absolute" left={0} top={state.rows - 1} width={state.cols} height={1}>
			<Text wrap="truncate">
				<Text inverse bold color={state.copy ? 'yellow' : state.mode === 'pane' ? 'green' : 'cyan'}>{mode}</Text>
				<Text color="gray">{prefix}</Text>
				{body}
			</Text>
			<Box flexGrow={1} />
			{summary !== '' && <Text color={summary.includes('waiting') ? 'magentaBright' : undefined} wrap="truncate">{summary}</Text>}
			<Text dimColor wrap="truncate">{` ${repoName} `}</Text>
		</Box>
	);
}
