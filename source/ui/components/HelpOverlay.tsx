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
}

/** Every binding with its description, generated from the keymap data; disabled ones say why. */
export function HelpOverlay({cols, rows, sections}: Props) {
	const keyWidth = Math.min(18, Math.max(...sections.flatMap(s => s.rows.map(r => r.keys.length)), 4) + 2);
	return (
		<Box position="absolute" left={0} top={0} width={cols} height={rows - 1} borderStyle="round" borderColor="cyan" flexDirection="column" paddingX={1}>
			<Text bold color="cyanBright">agentgrid keys</Text>
			<Text dimColor>Press any key to close.</Text>
			<Box flexDirection="row" flexWrap="wrap" columnGap={4}>
				{sections.map(section => (
					<Box key={section.title} flexDirection="column" marginTop={1} width={Math.max(30, Math.floor((cols - 8) / 2))}>
						<Text bold underline>{section.title}</Text>
						{section.rows.map(row => (
							<Text key={row.keys + row.description} wrap="truncate" dimColor={row.disabledReason !== undefined}>
								<Text color="yellow">{row.keys.padEnd(keyWidth)}</Text>
								{row.description}
								{row.disabledReason ? ` (${row.disabledReason})` : ''}
							</Text>
						))}
					</Box>
				))}
			</Box>
		</Box>
	);
}
