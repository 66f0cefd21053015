import React from 'react';
import {Box, Text} from 'ink';
import type {PaneView} from '../store.js';
import type {Rect} from '../../core/layout/types.js';
import {formatStatusAge, statusColor, statusGlyph, truncate} from './format.js';
import {formatCost, formatTokens} from '../../core/usage/prices.js';

interface Props {
	index: number;
	pane: PaneView;
	marked: boolean;
	rect: Rect;
	focused: boolean;
	mode: 'grid' | 'pane';
	now: number;
	/** Borders are drawn for every pane before any title, so a neighbour's border never covers a title. */
	part: 'border' | 'title';
	/** The bottom border is the top border (and title) of a pane below. */
	bottomShared?: boolean;
}

/** Border and title of one pane; the interior stays blank because the pane painter fills it with the agent's cells. */
export function PaneFrame({index, pane, rect, focused, mode, now, marked, part, bottomShared = false}: Props) {
	const borderColor = focused ? (mode === 'pane' ? 'greenBright' : 'cyanBright') : 'gray';
	const status = pane.status === 'exited' && pane.exitCode !== undefined ? `exited ${pane.exitCode}` : pane.status;
	const badge = `${statusGlyph[pane.status]} ${status} ${formatStatusAge(now - pane.statusSince)}`;
	const name = `${index + 1} ${pane.slug}`;
	const tests = pane.tests ? ` · tests ${pane.tests.passed ? 'passed' : 'failed'}${pane.tests.stale ? ' (stale)' : ''}` : '';
	const usage = pane.usage ? ` · ${formatTokens(pane.usage.total)} ${formatCost(pane.usage)}` : '';
	const detail = `${usage} · ${pane.agent} · ${pane.branch}${pane.changedFiles > 0 ? ` · ${pane.changedFiles}±` : ''}${tests}`;
	const markers = `${marked ? '✓' : ''}${pane.overlap === 'conflict' ? '⚡' : pane.overlap === 'shared' ? '≈' : ''}`;
	// Scope breaches get their own marker: an edit in the wrong place matters before any conflict exists.
	const scopeText = pane.scope ? `⊘${pane.scope} ` : '';
	const room = rect.width - 4;
	const badgeText = truncate(` ${badge} `, Math.max(0, room - name.length - 2));
	const markerText = markers === '' ? '' : truncate(`${markers} `, Math.max(0, room - name.length - 2 - badgeText.length));
	const scopeShown = truncate(scopeText, Math.max(0, room - name.length - 2 - badgeText.length - markerText.length));
	const detailText = truncate(detail, Math.max(0, room - name.length - 2 - badgeText.length - markerText.length - scopeShown.length));
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
				{pane.status === 'stopped' && !pane.lastScreen && rect.height > 4 && (
					<Box position="absolute" left={rect.x + 2} top={rect.y + 1} width={Math.max(1, rect.width - 4)} flexDirection="column">
						{stoppedHint(pane).map(line => <Text key={line} color="gray" wrap="truncate">{line}</Text>)}
					</Box>
				)}
			</>
		);
	}
	// The last screen from the log fills a stopped pane: what it is, and how to start the agent again, go on the bottom
	// border (unless a pane below has its title there; the title's badge and the status bar still say it).
	const bottom = pane.status === 'stopped' && pane.lastScreen && !bottomShared && rect.height > 2 && rect.width > 8 && (
		<Box position="absolute" left={rect.x + 2} top={rect.y + rect.height - 1} width={rect.width - 4} height={1}>
			<Text color="gray" wrap="truncate">{` ${stoppedHint(pane).join(' ')} `}</Text>
		</Box>
	);
	return (
		<>
			{bottom}
			<Box position="absolute" left={rect.x + 1} top={rect.y} height={1}>
				<Text wrap="truncate">
					{pane.attention ? <Text color="magentaBright" bold>!</Text> : <Text color={borderColor}>{focused ? '━' : '─'}</Text>}
					<Text bold={focused} inverse={focused}>
						{` ${truncate(name, room)} `}
					</Text>
					<Text color={statusColor[pane.status]}>{badgeText}</Text>
					{markerText && <Text color={pane.overlap === 'conflict' ? 'redBright' : 'yellowBright'} bold>{markerText}</Text>}
					{scopeShown && <Text color="magentaBright" bold>{scopeShown}</Text>}
					<Text dimColor>{detailText}</Text>
				</Text>
			</Box>
		</>
	);
}

/** What a stopped pane says about itself. */
function stoppedHint(pane: PaneView): string[] {
	return [
		`No agent running in ${pane.branch}.`,
		pane.changedFiles === 0 ? 'No changes against its base.' : `${pane.changedFiles} file${pane.changedFiles === 1 ? '' : 's'} changed against its base.`,
		`Press r to start ${pane.agent === '?' ? 'an agent' : pane.agent} here again.`,
	];
}
