import React from 'react';
import {Box, Text} from 'ink';
import {truncate} from '../../components/format.js';
import {TerminalBox, terminalBoxRects} from '../tests/TerminalBox.js';

export interface ViewLine {
	text: string;
	color?: string;
	bold?: boolean;
	dim?: boolean;
	/** Long explanations wrap instead of being cut. */
	wrap?: boolean;
}

export interface MergeViewModel {
	title: string;
	lines: ViewLine[];
	/** The test gate's terminal, when this merge has run tests. */
	terminal?: {title: string; color: string};
}

/** How the merge screen splits its area: text on top, the test gate's terminal below once there is one. */
export function mergeLayout(size: {cols: number; rows: number}): {textRows: number; terminal: ReturnType<typeof terminalBoxRects>} {
	const terminalRows = Math.max(5, Math.floor(size.rows * 0.45));
	const textRows = Math.max(1, size.rows - terminalRows);
	return {textRows, terminal: terminalBoxRects(size, textRows)};
}

export function MergeView({model, cols, rows}: {model: MergeViewModel; cols: number; rows: number}) {
	const layout = mergeLayout({cols, rows});
	const height = model.terminal ? layout.textRows : rows;
	const visible = model.lines.slice(0, Math.max(0, height - 1));
	return (
		<>
			<Box position="absolute" left={0} top={0} width={cols} height={height} flexDirection="column" paddingX={1} overflow="hidden">
				<Text bold color="cyanBright" wrap="truncate">{truncate(model.title, cols - 2)}</Text>
				{visible.map((line, index) => (
					line.wrap
						? <Text key={index} color={line.color} bold={line.bold} dimColor={line.dim} wrap="wrap">{line.text || ' '}</Text>
						: <Text key={index} color={line.color} bold={line.bold} dimColor={line.dim} wrap="truncate">{truncate(line.text, cols - 2) || ' '}</Text>
				))}
			</Box>
			{model.terminal && <TerminalBox outer={layout.terminal.outer} title={model.terminal.title} color={model.terminal.color} />}
		</>
	);
}
