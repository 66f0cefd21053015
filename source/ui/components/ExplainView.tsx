import React from 'react';
import {Box, Text} from 'ink';
import {truncate} from './format.js';

interface Props {
	cols: number;
	rows: number;
	title: string;
	lines: string[];
	footer: string;
}

/** Why the focused session has its status, over the grid (from `explainLines`, as `agentgrid status --explain`). */
export function ExplainView({cols, rows, title, lines, footer}: Props) {
	const height = Math.max(1, rows - 1);
	const room = Math.max(0, height - 4);
	return (
		<Box position="absolute" left={0} top={0} width={cols} height={height} flexDirection="column" borderStyle="round" borderColor="cyanBright" paddingX={1}>
			<Text bold color="cyanBright" wrap="truncate">{truncate(title, cols - 4)}</Text>
			{lines.slice(0, room).map((line, index) => (
				<Text key={index} wrap="truncate" bold={index === 0} color={index === 1 ? 'yellowBright' : line.startsWith('  ') ? undefined : 'cyan'}>{truncate(line, cols - 4)}</Text>
			))}
			<Box flexGrow={1} />
			<Text dimColor wrap="truncate">{truncate(footer, cols - 4)}</Text>
		</Box>
	);
}
