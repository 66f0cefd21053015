import React from 'react';
import {Box, Text} from 'ink';
import {truncate} from '../../components/format.js';
import {TerminalBox, terminalBoxRects} from './TerminalBox.js';

export const testsHeaderRows = 2;

export interface TestsViewModel {
	title: string;
	status: {text: string; tone: 'running' | 'passed' | 'failed' | 'info' | 'error'};
	/** A question shown instead of the status line (e.g. stop the running tests?). */
	question?: string;
	terminalTitle: string;
	/** Only when there is a terminal to show. */
	showTerminal: boolean;
}

const toneColor = {running: 'yellow', passed: 'greenBright', failed: 'redBright', info: 'gray', error: 'redBright'} as const;

export function TestsView({model, cols, rows}: {model: TestsViewModel; cols: number; rows: number}) {
	const box = terminalBoxRects({cols, rows}, testsHeaderRows);
	return (
		<>
			<Box position="absolute" left={0} top={0} width={cols} height={testsHeaderRows} flexDirection="column" paddingX={1}>
				<Text bold color="cyanBright" wrap="truncate">{truncate(model.title, cols - 2)}</Text>
				{model.question
					? <Text color="yellowBright" bold wrap="truncate">{truncate(model.question, cols - 2)}</Text>
					: <Text color={toneColor[model.status.tone]} bold={model.status.tone !== 'info'} wrap="truncate">{truncate(model.status.text, cols - 2)}</Text>}
			</Box>
			{model.showTerminal && <TerminalBox outer={box.outer} title={model.terminalTitle} color={toneColor[model.status.tone] === 'gray' ? 'cyan' : toneColor[model.status.tone]} />}
		</>
	);
}
