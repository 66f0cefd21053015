import React from 'react';
import {Box, Text} from 'ink';

import type {HelpSection} from '../keymap/index.js';
import {truncate} from './format.js';

export type {HelpSection};

interface Props {
	cols: number;
	rows: number;
	sections: HelpSection[];
	/** First line shown, when the bindings do not fit (scrolled with ↑/↓). */
	offset: number;
}

type Line = {kind: 'title'; text: string} | ({kind: 'row'} & HelpSection['rows'][number]) | {kind: 'gap'};

/** Wide enough for keys, a description and the command id side by side. */
const columnWidth = 78;
/** Cells between columns, so one column's text never runs into the next. */
const gutter = 3;

/** One row fitted to `width`: keys, description (cut first), the id the key bindings take (dropped when too narrow). */
export function helpRow(row: HelpSection['rows'][number], width: number, keyWidth: number, idWidth: number): {keys: string; description: string; id: string} {
	const keys = truncate(row.keys, keyWidth - 1).padEnd(keyWidth);
	const id = width - keyWidth >= idWidth + 26 ? `  ${(row.id ?? '').padEnd(idWidth)}` : '';
	const description = truncate(`${row.description}${row.disabledReason ? ` (${row.disabledReason})` : ''}`, Math.max(0, width - keyWidth - id.length));
	return {keys, description: description.padEnd(width - keyWidth - id.length), id};
}

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
	const width = Math.max(10, Math.floor((cols - 4) / columns.length) - gutter);
	const rowsShown = sections.flatMap(section => section.rows);
	const keyWidth = Math.min(22, Math.floor(width / 3), Math.max(...rowsShown.map(row => row.keys.length)) + 2);
	const idWidth = Math.max(...rowsShown.map(row => row.id?.length ?? 0));
	const more = total > height;
	return (
		<Box position="absolute" left={0} top={0} width={cols} height={rows - 1} borderStyle="round" borderColor="cyan" flexDirection="column" paddingX={1} overflow="hidden">
			<Text bold color="cyanBright">agentgrid keys</Text>
			<Text dimColor wrap="truncate">{`${more ? `↑/↓ scroll (${start + 1}-${Math.min(total, start + height)} of ${total}) · any other key closes` : 'Press any key to close.'} Last column: the command id for keybindings.`}</Text>
			<Box flexDirection="row" marginTop={1} height={height} overflow="hidden">
				{columns.map((column, c) => (
					<Box key={c} flexDirection="column" width={width} marginRight={c < columns.length - 1 ? gutter : 0}>
						{column.slice(start, start + height).map((line, i) =>
							line.kind === 'gap' ? (
								<Text key={i}> </Text>
							) : line.kind === 'title' ? (
								<Text key={i} bold underline wrap="truncate">{line.text}</Text>
							) : (
								<HelpLine key={i} {...helpRow(line, width, keyWidth, idWidth)} disabled={line.disabledReason !== undefined} />
							),
						)}
					</Box>
				))}
			</Box>
		</Box>
	);
}

function HelpLine({keys, description, id, disabled}: {keys: string; description: string; id: string; disabled: boolean}) {
	return (
		<Text wrap="truncate" dimColor={disabled}>
			<Text color="yellow">{keys}</Text>
			{description}
			<Text color="gray">{id}</Text>
		</Text>
	);
}
