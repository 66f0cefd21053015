import React from 'react';
import {Box, Text} from 'ink';
import {truncate} from './format.js';

interface Props {
	cols: number;
	rows: number;
	title: string;
	/** Headings flush left, their details indented by two spaces. */
	lines: string[];
	footer: string;
	offset: number;
}

/** How many lines the card shows at a size: the frame, title and footer take four rows. */
export function cardRoom(rows: number): number {
	return Math.max(0, Math.max(1, rows - 1) - 4);
}

/** A card of lines over the grid (the isolation card), scrolled to `offset`. */
export function CardView({cols, rows, title, lines, footer, offset: asked}: Props) {
	const height = Math.max(1, rows - 1);
	const room = cardRoom(rows);
	// A terminal grown taller shows the lines scrolled past again.
	const offset = Math.min(asked, Math.max(0, lines.length - room));
	const shown = lines.slice(offset, offset + room);
	const more = lines.length > room ? `lines ${offset + 1}-${offset + shown.length} of ${lines.length} · ` : '';
	return (
		<Box position="absolute" left={0} top={0} width={cols} height={height} flexDirection="column" borderStyle="round" borderColor="cyanBright" paddingX={1}>
			<Text bold color="cyanBright" wrap="truncate">{truncate(title, cols - 4)}</Text>
			{shown.map((line, index) => (
				<Text key={offset + index} wrap="truncate" color={line.startsWith('  ') ? undefined : 'cyan'}>{truncate(line, cols - 4)}</Text>
			))}
			<Box flexGrow={1} />
			<Text dimColor wrap="truncate">{truncate(`${more}${footer}`, cols - 4)}</Text>
		</Box>
	);
}
