import React from 'react';
import {Box, Text} from 'ink';
import type {PaneView, ServiceBadge} from '../store.js';
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
	/** The key that restarts a stopped session, as bound, for the stopped pane's hint. */
	restartKey: string;
	/** The bottom border is the top border (and title) of a pane below. */
	bottomShared?: boolean;
}

/** Border and title of one pane; the interior stays blank because the pane painter fills it with the agent's cells. */
export function PaneFrame({index, pane, rect, focused, mode, now, queued, part, restartKey, bottomShared = false}: Props) {
	const borderColor = focused ? (mode === 'pane' ? 'greenBright' : 'cyanBright') : 'gray';
	const status = pane.status === 'exited' && pane.exitCode !== undefined ? `exited ${pane.exitCode}` : pane.status;
	const badge = `${statusGlyph[pane.status]} ${status} ${formatStatusAge(now - pane.statusSince)}`;
	const name = `${index + 1} ${pane.slug}${pane.view === undefined ? '' : ` ▸ ${pane.view}`}`;
	const tests = pane.tests ? ` · tests ${pane.tests.passed ? 'passed' : 'failed'}${pane.tests.stale ? ' (stale)' : ''}` : '';
	const usage = pane.usage ? ` · ${formatTokens(pane.usage.total)} ${formatCost(pane.usage)}` : '';
	const task = pane.task === undefined ? '' : ` · "${pane.task.replaceAll(/\s+/g, ' ')}"`;
	const detail = `${task}${usage} · ${pane.agent} · ${pane.branch}${(pane.changedFiles ?? 0) > 0 ? ` · ${pane.changedFiles}±` : ''}${tests}`;
	// Distinct from a check mark, which would read as "tests passed".
	const queueText = queued > 0 ? `⇢queued ${queued} ` : '';
	const mergedText = pane.merged ? 'merged ' : '';
	const markers = pane.overlap === 'conflict' ? '⚡' : pane.overlap === 'shared' ? '≈' : '';
	// Scope breaches get their own marker: an edit in the wrong place matters before any conflict exists.
	const scopeText = pane.scope ? `⊘${pane.scope} ` : '';
	const room = rect.width - 4;
	const badgeText = truncate(` ${badge} `, Math.max(0, room - name.length - 2));
	const afterBadge = Math.max(0, room - name.length - 2 - badgeText.length);
	const [mergedShown = '', queueShown = '', markerText = '', scopeShown = ''] = fitInOrder([mergedText, queueText, markers === '' ? '' : `${markers} `, scopeText], afterBadge);
	const used = mergedShown.length + queueShown.length + markerText.length + scopeShown.length;
	const services = fitServiceBadges(pane.services ?? [], pane.view, Math.max(0, afterBadge - used));
	const servicesWidth = services.reduce((width, badge) => width + badge.text.length, 0);
	const detailText = truncate(detail, Math.max(0, afterBadge - used - servicesWidth));
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
						{stoppedHint(pane, restartKey).map(line => <Text key={line} color="gray" wrap="truncate">{line}</Text>)}
					</Box>
				)}
			</>
		);
	}
	// The last screen from the log fills a stopped pane: what it is, and how to start the agent again, go on the bottom
	// border (unless a pane below has its title there; the title's badge and the status bar still say it).
	const bottom = pane.status === 'stopped' && pane.lastScreen && !bottomShared && rect.height > 2 && rect.width > 8 && (
		<Box position="absolute" left={rect.x + 2} top={rect.y + rect.height - 1} width={rect.width - 4} height={1}>
			<Text color="gray" wrap="truncate">{` ${stoppedHint(pane, restartKey).join(' ')} `}</Text>
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
					{mergedShown && <Text color="greenBright">{mergedShown}</Text>}
					{queueShown && <Text color="cyanBright" bold>{queueShown}</Text>}
					{markerText && <Text color={pane.overlap === 'conflict' ? 'redBright' : 'yellowBright'} bold>{markerText}</Text>}
					{scopeShown && <Text color="magentaBright" bold>{scopeShown}</Text>}
					{services.map(badge => <Text key={badge.key} color={badge.color} bold={badge.viewed} underline={badge.viewed}>{badge.text}</Text>)}
					<Text dimColor>{detailText}</Text>
				</Text>
			</Box>
		</>
	);
}

/** What a stopped pane says about itself. */
function stoppedHint(pane: PaneView, restartKey: string): string[] {
	return [
		`No agent running in ${pane.branch}.`,
		countLine(pane),
		`Press ${restartKey} to start ${pane.agent === '?' ? 'an agent' : pane.agent} here again.`,
	];
}

const serviceColor: Record<ServiceBadge['state'], string> = {up: 'greenBright', running: 'green', starting: 'yellow', exited: 'redBright', stopped: 'gray'};

/** A service's port and state in a title: `web :4101 ●` up, `◌` starting, `✗3` exited with 3, `■` stopped. */
export function serviceBadgeText(service: ServiceBadge): string {
	const port = service.port === undefined ? '' : ` :${service.port}`;
	const glyph = service.state === 'up' || service.state === 'running' ? '●' : service.state === 'starting' ? '◌' : service.state === 'exited' ? `✗${service.exitCode ?? ''}` : '■';
	return `${service.name}${port} ${glyph}`;
}

/** As many whole badges as fit in `room` (one space after each), with `+N` for those left out when that fits. */
function fitServiceBadges(services: readonly ServiceBadge[], view: string | undefined, room: number): Array<{key: string; text: string; color: string; viewed: boolean}> {
	const badges: Array<{key: string; text: string; color: string; viewed: boolean}> = [];
	let used = 0;
	for (const [index, service] of services.entries()) {
		const text = `${serviceBadgeText(service)} `;
		const rest = services.length - index - 1;
		const reserve = rest > 0 ? `+${rest} `.length : 0;
		if (used + text.length + reserve > room) {
			const more = `+${services.length - index} `;
			if (used + more.length <= room) badges.push({key: '+', text: more, color: 'gray', viewed: false});
			break;
		}
		badges.push({key: service.name, text, color: serviceColor[service.state], viewed: service.name === view});
		used += text.length;
	}
	return badges;
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

/** Short while there is no count: on a last screen's bottom border it shares one line with the restart key. */
function countLine(pane: PaneView): string {
	if (pane.changedFiles === undefined) return pane.countFailed ? 'Changes not counted.' : 'Counting its changes…';
	if (pane.changedFiles === 0) return 'No changes against its base.';
	return `${pane.changedFiles} file${pane.changedFiles === 1 ? '' : 's'} changed against its base.`;
}
