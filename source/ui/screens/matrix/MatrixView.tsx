import React from 'react';
import {Box, Text} from 'ink';
import type {MatrixRow, TestMatrix} from '../../../core/workflow/test-matrix.js';
import {truncate} from '../../components/format.js';
import {TerminalBox, terminalBoxRects} from '../tests/TerminalBox.js';

/** Rows above a row's output: title and the selected row. */
export const matrixHeaderRows = 2;

const stateColor: Record<MatrixRow['state'], string> = {queued: 'gray', running: 'yellow', passed: 'green', failed: 'redBright', stopped: 'gray', error: 'redBright'};
const stateText: Record<MatrixRow['state'], string> = {queued: '· queued', running: '● running', passed: '✓ passed', failed: '✗ failed', stopped: '■ stopped', error: '✗ error'};

function seconds(ms: number | undefined): string {
	return ms === undefined ? '' : `${(ms / 1000).toFixed(1)}s`;
}

function versusBase(matrix: TestMatrix, row: MatrixRow): {text: string; color?: string} {
	if (row.base) return {text: row.state === 'failed' ? `${row.failures.length || 'some'} failing (baseline)` : 'baseline', color: 'cyan'};
	if (row.error) return {text: row.error, color: 'redBright'};
	const added = matrix.newFailures(row);
	if (added === undefined) return {text: ''};
	if (added.length === 0) return {text: row.state === 'failed' ? 'no new failures (fails as the base does)' : 'no new failures', color: 'green'};
	return {text: `${added.length} new: ${added.join(', ')}`, color: 'redBright'};
}

export function MatrixView({cols, rows, matrix, selected, showing, now}: {cols: number; rows: number; matrix: TestMatrix; selected: number; showing: number | undefined; now: number}) {
	const done = matrix.rows.filter(row => row.state !== 'queued' && row.state !== 'running').length;
	const title = `Test matrix · ${done} of ${matrix.rows.length} done${matrix.finished ? '' : ' · running'}`;
	if (showing !== undefined) {
		const row = matrix.rows[showing]!;
		const {outer} = terminalBoxRects({cols, rows}, matrixHeaderRows);
		return (
			<Box position="absolute" left={0} top={0} width={cols} height={rows} flexDirection="column">
				<Text bold color="cyanBright" wrap="truncate">{truncate(title, cols)}</Text>
				<Text wrap="truncate">{truncate(`${row.target.slug} · ${stateText[row.state]} · ${row.commit?.slice(0, 8) ?? ''} · Enter or Esc: back to the table`, cols)}</Text>
				<TerminalBox outer={outer} title={`${row.target.slug} (${row.target.worktree})`} color={stateColor[row.state]} />
			</Box>
		);
	}
	const label = (row: MatrixRow) => (row.base ? `${row.target.slug} (${row.target.branch})` : row.target.slug);
	const name = Math.max(8, ...matrix.rows.map(row => label(row).length));
	const header = `  ${'SESSION'.padEnd(name)}  ${'RESULT'.padEnd(10)}  ${'TIME'.padStart(7)}  ${'COMMIT'.padEnd(8)}  NEW FAILURES VS BASE`;
	return (
		<Box position="absolute" left={0} top={0} width={cols} height={rows} flexDirection="column">
			<Text bold color="cyanBright" wrap="truncate">{truncate(title, cols)}</Text>
			<Text dimColor wrap="truncate">{truncate(header, cols)}</Text>
			{matrix.rows.slice(0, Math.max(0, rows - 3)).map((row, index) => {
				const versus = versusBase(matrix, row);
				const time = row.state === 'running' && row.startedAt !== undefined ? now - row.startedAt : row.durationMs;
				return (
					<Text key={row.target.slug} wrap="truncate" inverse={index === selected}>
						{`${index === selected ? '❯' : ' '} ${label(row).padEnd(name)}  `}
						<Text color={stateColor[row.state]}>{stateText[row.state].padEnd(10)}</Text>
						{`  ${seconds(time).padStart(7)}  ${(row.commit?.slice(0, 8) ?? '').padEnd(8)}  `}
						<Text color={versus.color}>{truncate(versus.text, Math.max(0, cols - name - 36))}</Text>
					</Text>
				);
			})}
		</Box>
	);
}
