import React from 'react';
import {Box, Text} from 'ink';
import type {PaneView} from '../store.js';
import type {Rect} from '../../core/layout/types.js';
import {formatStatusAge, statusColor, statusGlyph, truncate} from './format.js';
import {formatCost, formatTokens} from '../../core/usage/prices.js';

interface Props {
	index: number;
	pane: PaneView;
	/** Place in the merge queue (1 first), or 0 when the session is not queued. */
	queued: number;
	rect: Rect;
	focused: boolean;
	mode: 'grid' | 'pane';
	now: number;
	/** Borders are drawn for every pane before any title, so a neighbour's border never covers a title. */
	part: 'border' | 'title';
}

/** Border and title of one pane; the interior stays blank because the pane painter fills it with the agent's cells. */
export function PaneFrame({index, pane, rect, focused, mode, now, queued, part}: Props) {
	const borderColor = focused ? (mode === 'pane' ? 'greenBright' : 'cyanBright') : 'gray';
	const status = pane.status === 'exited' && pane.exitCode !== undefined ? `exited ${pane.exitCode}` : pane.status;
	const badge = `${statusGlyph[pane.status]} ${status} ${formatStatusAge(now - pane.statusSince)}`;
	const name = `${index + 1} ${pane.slug}`;
	const tests = pane.tests ? ` · tests ${pane.tests.passed ? 'passed' : 'failed'}${pane.tests.stale ? ' (stale)' : ''}` : '';
	const usage = pane.usage ? ` · ${formatTokens(pane.usage.total)} ${formatCost(pane.usage)}` : '';
	const detail = `${usage} · ${pane.agent} · ${pane.branch}${pane.changedFiles > 0 ? ` · ${pane.changedFiles}±` : ''}${tests}`;
	// Distinct from a check mark, which would read as "tests passed".
	const queueText = queued > 0 ? `⇢queued ${queued} ` : '';
	const mergedText = pane.merged ? 'merged ' : '';
	const markers = pane.overlap === 'conflict' ? '⚡' : pane.overlap === 'shared' ? '≈' : '';
	// Scope breaches get their own marker: an edit in the wrong place matters before any conflict exists.
	const scopeText = pane.scope ? `⊘${pane.scope} ` : '';
	const room = rect.width - 4;
	const badgeText = truncate(` ${badge} `, Math.max(0, room - name.length - 2));
	const [mergedShown = '', queueShown = '', markerText = '', scopeShown = '', detailText = ''] = fitInOrder(
		[mergedText, queueText, markers === '' ? '' : `${markers} `, scopeText, detail],
		Math.max(0, room - name.length - 2 - badgeText.length),
	);
	if (part === 'border') {
		return (
			<>
				<Box
					position="absolute"
					left={rect.x}
					top={rect.y}
					width={rect.width}
					height={rect.height}
					borderStyle={focused ? 'bold' : 'single'}
					borderColor={borderColor}
				/>
				{pane.status === 'stopped' && rect.height > 4 && (
					<Box position="absolute" left={rect.x + 2} top={rect.y + 1} width={Math.max(1, rect.width - 4)} flexDirection="column">
						<Text color="gray" wrap="truncate">{`No agent running in ${pane.branch}.`}</Text>
						<Text color="gray" wrap="truncate">
							{pane.changedFiles === 0 ? 'No changes against its base.' : `${pane.changedFiles} file${pane.changedFiles === 1 ? '' : 's'} changed against its base.`}
						</Text>
						<Text color="gray" wrap="truncate">{`Press r to start ${pane.agent === '?' ? 'an agent' : pane.agent} here again.`}</Text>
					</Box>
				)}
			</>
		);
	}
	return (
		<Box position="absolute" left={rect.x + 1} top={rect.y} height={1}>
			<Text wrap="truncate">
				{pane.attention ? <Text color="magentaBright" bold>!</Text> : <Text color={borderColor}>{focused ? '━' : '─'}</Text>}
				<Text bold={focused} inverse={focused}>
					{` ${truncate(name, room)} `}
				</Text>
				<Text color={statusColor[pane.status]}>{badgeText}</Text>
				{mergedShown && <Text color="greenBright">{mergedShown}</Text>}
				{queueShown && <Text color="cyanBright" bold>{queueShown}</Text>}
				{markerText && <Text color={pane.overlap === 'conflict' ? 'redBright' : 'yellowBright'} bold>{markerText}</Text>}
				{scopeShown && <Text color="magentaBright" bold>{scopeShown}</Text>}
				<Text dimColor>{detailText}</Text>
			</Text>
		</Box>
	);
}

/** Each part truncated to what the parts before it left of `room`. */
function fitInOrder(parts: readonly string[], room: number): string[] {
	const shown: string[] = [];
	let left = room;
	for (const part of parts) {
		const fitted = truncate(part, left);
		left -= fitted.length;
		shown.push(fitted);
	}
	return shown;
}
