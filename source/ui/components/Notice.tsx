import React from 'react';
import {Box, Text} from 'ink';

interface Props {
	cols: number;
	rows: number;
	title: string;
	lines: string[];
}

/** A centred message filling the grid area: the empty state and the too-small warning. */
export function Notice({cols, rows, title, lines}: Props) {
	return (
		<Box position="absolute" left={0} top={0} width={cols} height={Math.max(1, rows - 1)} flexDirection="column" alignItems="center" justifyContent="center">
			<Text bold color="cyanBright" wrap="truncate">{title}</Text>
			{lines.map(line => (
				<Text key={line} dimColor wrap="truncate">{line}</Text>
			))}
		</Box>
	);
}
