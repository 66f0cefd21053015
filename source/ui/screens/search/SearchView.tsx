import React from 'react';
import {Box, Text} from 'ink';
import type {HistoryMatch} from '../../../core/terminal/terminal-history.js';
import {truncate} from '../../components/format.js';
import type {SearchResult} from './search-screen.js';

export interface SearchHit {
	id: string;
	slug: string;
	match: HistoryMatch;
	/** The text of the hit's first row. */
	line: string;
}

interface Props {
	cols: number;
	rows: number;
	text: string;
	result: SearchResult | undefined;
	selected: number;
	context: Array<{row: number; text: string; hit: boolean}>;
	pending: boolean;
}

/** One hit's row: the session, the line number and the line with the hit marked. */
function HitRow({hit, selected, width}: {hit: SearchHit; selected: boolean; width: number}) {
	const number = `${hit.match.row + 1}`.padStart(7);
	const room = Math.max(10, width - number.length - 3);
	// Keep the hit in view on long lines: start a little before it.
	const from = Math.max(0, Math.min(hit.match.col - 10, hit.line.length - room));
	const end = hit.match.endRow === hit.match.row ? hit.match.endCol : hit.line.length;
	const shown = hit.line.slice(from, from + room);
	const start = Math.max(0, hit.match.col - from);
	const stop = Math.max(start, Math.min(shown.length, end - from));
	return (
		<Text wrap="truncate" inverse={selected}>
			<Text dimColor={!selected}>{number}  </Text>
			{shown.slice(0, start)}
			<Text backgroundColor="yellow" color="black">{shown.slice(start, stop)}</Text>
			{shown.slice(stop)}
		</Text>
	);
}

export function SearchView({cols, rows, text, result, selected, context, pending}: Props) {
	const width = cols - 4;
	const total = result?.counts.reduce((sum, c) => sum + c.count, 0) ?? 0;
	const capped = result?.counts.some(c => c.capped) ?? false;
	const summary = !result
		? text === '' ? 'Type a regular expression (smart case) to search the history of every pane.' : pending ? 'searching…' : ''
		: total === 0
			? `no match${result.query.literal ? ' (searched as plain text)' : ''}`
			: `${total}${capped ? '+' : ''} hit${total === 1 ? '' : 's'} in ${result.counts.length} session${result.counts.length === 1 ? '' : 's'}: ${result.counts.map(c => `${c.slug} ${c.count}${c.capped ? '+' : ''}`).join(', ')} · ${result.durationMs.toFixed(0)} ms`;
	const contextHeight = context.length > 0 ? context.length + 2 : 0;
	const listHeight = Math.max(1, rows - 6 - contextHeight);
	const hits = result?.hits ?? [];
	const first = Math.max(0, Math.min(selected - Math.floor(listHeight / 2), hits.length - listHeight));
	const lines: React.ReactNode[] = [];
	let previous = first > 0 ? hits[first - 1]?.slug : undefined;
	for (let i = first; i < hits.length && lines.length < listHeight; i++) {
		const hit = hits[i];
		if (hit.slug !== previous) {
			lines.push(<Text key={`s${i}`} bold color="cyanBright">{truncate(hit.slug, width)}</Text>);
			previous = hit.slug;
			if (lines.length >= listHeight) break;
		}
		lines.push(<HitRow key={i} hit={hit} selected={i === selected} width={width} />);
	}
	return (
		<Box position="absolute" left={0} top={0} width={cols} height={rows} borderStyle="round" borderColor="cyan" flexDirection="column" paddingX={1} overflow="hidden">
			<Text bold color="cyanBright">Search every pane</Text>
			<Text wrap="truncate">
				<Text color="yellowBright">/</Text>
				{text}
				<Text inverse> </Text>
			</Text>
			<Text dimColor wrap="truncate">{truncate(summary, width)}</Text>
			<Box flexDirection="column" height={listHeight} overflow="hidden">{lines}</Box>
			{context.length > 0 ? (
				<Box flexDirection="column" borderStyle="single" borderColor="gray" borderLeft={false} borderRight={false} borderBottom={false}>
					{context.map(line => (
						<Text key={line.row} wrap="truncate" dimColor={!line.hit} bold={line.hit}>
							{`${line.row + 1}`.padStart(7)}  {line.text}
						</Text>
					))}
				</Box>
			) : null}
		</Box>
	);
}
