import React from 'react';
import {Box, Text} from 'ink';
import type {GridState} from '../store.js';
import {truncate} from './format.js';

interface Props {
	state: GridState;
	hints: string;
	repoName: string;
}

const modeLabel = (state: GridState) => (state.overlay?.kind === 'screen' ? ` ${state.overlay.scope.toUpperCase()} ` : state.copy ? ' COPY ' : state.mode === 'pane' ? ' PANE ' : ' GRID ');
const prefixLabel = (state: GridState) => ` prefix ${state.prefixLabel} `;

/** Cells left for the message or the key hints, so hints are chosen to fit instead of being cut. */
export function hintRoom(state: GridState, repoName: string): number {
	return Math.max(0, state.cols - modeLabel(state).length - prefixLabel(state).length - repoName.length - 3);
}

/** One line: mode, prefix key, a message or confirmation when there is one, else the most useful key hints. */
export function StatusBar({state, hints, repoName}: Props) {
	const mode = modeLabel(state);
	const prefix = prefixLabel(state);
	const confirm = state.overlay?.kind === 'confirm' ? state.overlay : null;
	const room = hintRoom(state, repoName);
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
			<Text dimColor wrap="truncate">{` ${repoName} `}</Text>
		</Box>
	);
}
