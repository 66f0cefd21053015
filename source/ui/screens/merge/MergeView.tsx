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

/** Rows the title and lines take at this width, wrapped lines counted by their length. */
export function textHeight(model: Pick<MergeViewModel, 'lines'>, cols: number): number {
	const width = Math.max(1, cols - 2);
	return 1 + model.lines.reduce((rows, line) => rows + (line.wrap ? Math.max(1, Math.ceil(line.text.length / width)) : 1), 0);
}

/**
 * How the merge screen splits its area: the text on top gets the rows it needs, the test gate's terminal the rest
 * (never fewer than a few rows, so its output stays readable).
 */
export function mergeLayout(size: {cols: number; rows: number}, neededTextRows: number): {textRows: number; terminal: ReturnType<typeof terminalBoxRects>} {
	const minTerminalRows = Math.min(8, Math.max(3, Math.floor(size.rows / 3)));
	const textRows = Math.max(1, Math.min(neededTextRows, size.rows - minTerminalRows));
	return {textRows, terminal: terminalBoxRects(size, textRows)};
}

export function MergeView({model, cols, rows}: {model: MergeViewModel; cols: number; rows: number}) {
	const layout = mergeLayout({cols, rows}, textHeight(model, cols));
	const height = model.terminal ? layout.textRows : rows;
	const visible = model.lines.slice(0, Math.max(0, height - 1));
	return (
		<>
			<Box position="absolute" left={0} top={0} width={cols} height={height} flexDirection="column" paddingX={1} overflow="hidden">
				<Box flexShrink={0}><Text bold color="cyanBright" wrap="truncate">{truncate(model.title, cols - 2)}</Text></Box>
				{visible.map((line, index) => (
					// flexShrink 0: lines that do not fit are cut at the bottom, never squeezed out of order.
					<Box key={index} flexShrink={0}>
						{line.wrap
							? <Text color={line.color} bold={line.bold} dimColor={line.dim} wrap="wrap">{line.text || ' '}</Text>
							: <Text color={line.color} bold={line.bold} dimColor={line.dim} wrap="truncate">{truncate(line.text, cols - 2) || ' '}</Text>}
					</Box>
				))}
			</Box>
			{model.terminal && <TerminalBox outer={layout.terminal.outer} title={model.terminal.title} color={model.terminal.color} />}
		</>
	);
}
