import React from 'react';
import {Box, Text} from 'ink';

export interface HelpSection {
	title: string;
	rows: Array<{keys: string; description: string; disabledReason?: string}>;
}

interface Props {
	cols: number;
	rows: number;
	sections: HelpSection[];
	/** First line shown, when the bindings do not fit (scrolled with ↑/↓). */
	offset: number;
}

type Line = {kind: 'title'; text: string} | {kind: 'row'; keys: string; description: string; disabledReason?: string} | {kind: 'gap'};

const columnWidth = 62;

/** Lines of the help in columns, column by column; sections stay whole where they fit. */
export function helpLayout(sections: HelpSection[], cols: number, rows: number): {columns: Line[][]; height: number; total: number} {
	const lines: Line[] = [];
	for (const section of sections) {
		if (lines.length > 0) lines.push({kind: 'gap'});
		lines.push({kind: 'title', text: section.title});
		for (const row of section.rows) lines.push({kind: 'row', ...row});
	}
	const height = Math.max(1, rows - 1 - 5);
	const count = Math.max(1, Math.min(Math.floor((cols - 4) / columnWidth), Math.ceil(lines.length / height)));
	const perColumn = Math.ceil(lines.length / count);
	const columns = Array.from({length: count}, (_, i) => lines.slice(i * perColumn, (i + 1) * perColumn));
	return {columns, height, total: perColumn};
}

/** Every binding with its description, generated from the keymap data; disabled ones say why. */
export function HelpOverlay({cols, rows, sections, offset}: Props) {
	const {columns, height, total} = helpLayout(sections, cols, rows);
	const start = Math.max(0, Math.min(offset, total - height));
	const width = Math.max(20, Math.floor((cols - 4) / columns.length));
	const keyWidth = Math.min(22, Math.floor(width / 3));
	const more = total > height;
	return (
		<Box position="absolute" left={0} top={0} width={cols} height={rows - 1} borderStyle="round" borderColor="cyan" flexDirection="column" paddingX={1} overflow="hidden">
			<Text bold color="cyanBright">agentgrid keys</Text>
			<Text dimColor wrap="truncate">{more ? `↑/↓ scroll (${start + 1}-${Math.min(total, start + height)} of ${total}) · any other key closes` : 'Press any key to close.'}</Text>
			<Box flexDirection="row" marginTop={1} height={height} overflow="hidden">
				{columns.map((column, c) => (
					<Box key={c} flexDirection="column" width={width}>
						{column.slice(start, start + height).map((line, i) =>
							line.kind === 'gap' ? (
								<Text key={i}> </Text>
							) : line.kind === 'title' ? (
								<Text key={i} bold underline wrap="truncate">{line.text}</Text>
							) : (
								<Text key={i} wrap="truncate" dimColor={line.disabledReason !== undefined}>
									<Text color="yellow">{`${line.keys.padEnd(keyWidth - 1)} `}</Text>
									{line.description}
									{line.disabledReason ? ` (${line.disabledReason})` : ''}
								</Text>
							),
						)}
					</Box>
				))}
			</Box>
		</Box>
	);
}
