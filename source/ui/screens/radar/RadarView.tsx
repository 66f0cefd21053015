import React from 'react';
import {Box, Text} from 'ink';
import type {OverlapSession} from '../../../core/git/worktree-service.js';
import type {RadarRow} from '../../../core/radar/radar-view.js';
import {formatAge} from '../../components/format.js';
import {displayPath} from '../../../core/git/raw-path.js';
import {describeBreach} from '../../../core/scope/scope-check.js';

export interface RadarViewModel {
	rows: RadarRow[];
	sessions: OverlapSession[];
	selected: number;
	refreshing: boolean;
	/** When the shown report was made, and how long it took; undefined before the first one. */
	at?: number;
	durationMs?: number;
	error?: string;
	now: number;
}

function rowText(row: RadarRow): {marker: string; color: string; text: string} {
	if (row.kind === 'scope') {
		return {marker: '⊘', color: 'magentaBright', text: `${describeBreach({...row, kind: row.breach})}: ${row.paths.map(displayPath).join(', ')}`};
	}
	if (row.kind === 'pair') {
		const names = `${row.a} ↔ ${row.b}`;
		if (row.conflicts.length > 0) {
			return {marker: '⚡', color: 'redBright', text: `${names}   predicted conflict in ${count(row.conflicts.length, 'file')}: ${row.conflicts.join(', ')}`};
		}
		return {marker: '≈', color: 'yellowBright', text: `${names}   ${count(row.shared.length, 'shared file')}, merges cleanly: ${row.shared.join(', ')}`};
	}
	if (row.conflicts.length > 0) {
		return {marker: '⚡', color: 'redBright', text: `${row.slug} vs ${row.base}   conflicts with ${row.base}'s new commits in ${row.conflicts.join(', ')}`};
	}
	return {marker: '✓', color: 'green', text: `${row.slug} vs ${row.base}   ${row.base} moved on; merges cleanly`};
}

function count(n: number, noun: string): string {
	return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function detailLines(row: RadarRow | undefined, sessions: OverlapSession[]): Array<{text: string; color?: string; dim?: boolean}> {
	if (!row) return [];
	if (row.kind === 'scope') {
		const scope = sessions.find(s => s.slug === row.slug)?.scope;
		const what = row.breach === 'foreign' ? `owned by ${row.owner}` : row.breach === 'avoided' ? 'in paths it must avoid' : 'outside what it owns';
		return [
			{text: `${row.slug}${scope && scope.owns.length > 0 ? ` owns ${scope.owns.join(', ')}` : ''}${scope && scope.avoid.length > 0 ? `, avoids ${scope.avoid.join(', ')}` : ''}`, color: 'cyanBright'},
			...row.paths.map(file => ({text: `  ⊘ ${displayPath(file)}   ${what}`, color: 'magentaBright'})),
			{text: row.breach === 'foreign' ? `Ask ${row.slug} to leave these to ${row.owner}, or re-scope one of them.` : `Ask ${row.slug} to keep to its scope, or widen it.`, dim: true},
		];
	}
	if (row.kind === 'base') {
		return [
			{text: `${row.slug} against the current tip of ${row.base}`, color: 'cyanBright'},
			...(row.conflicts.length > 0
				? [...row.conflicts.map(file => ({text: `  ⚡ ${file}`, color: 'redBright'})), {text: 'Rebase the session onto its base (or ask its agent to) before merging.', dim: true}]
				: [{text: '  No conflict expected; a rebase will apply cleanly.', dim: true}]),
		];
	}
	const conflicts = new Set(row.conflicts);
	const files = [...new Set([...row.conflicts, ...row.shared])].sort();
	const described = (slug: string) => {
		const session = sessions.find(s => s.slug === slug);
		return session ? `${slug} (${count(session.changedFiles.length, 'changed file')}${session.includesUncommitted ? ', uncommitted work included' : ''})` : slug;
	};
	return [
		{text: `${described(row.a)}  and  ${described(row.b)}`, color: 'cyanBright'},
		...files.map(file => (conflicts.has(file) ? {text: `  ⚡ ${displayPath(file)}   conflicts`, color: 'redBright'} : {text: `  ≈ ${displayPath(file)}   changed by both, merges cleanly`, color: 'yellowBright'})),
		{
			text: row.conflicts.length > 0
				? 'Merge one of them first, then have the other rebase and resolve; or re-scope one so they stop touching these files.'
				: 'Both can be merged; the second will need a rebase first.',
			dim: true,
		},
	];
}

/** The radar: pairs of sessions that touch the same files, the predicted conflicts, and each session against its base. */
export function RadarView({cols, rows, model}: {cols: number; rows: number; model: RadarViewModel}) {
	const inner = Math.max(1, rows - 2);
	const listHeight = Math.max(1, Math.min(model.rows.length, Math.floor((inner - 3) / 2)));
	const first = Math.max(0, Math.min(model.selected - Math.floor(listHeight / 2), model.rows.length - listHeight));
	const visible = model.rows.slice(first, first + listHeight);
	const details = detailLines(model.rows[model.selected], model.sessions).slice(0, Math.max(0, inner - listHeight - 4));
	const status = model.at === undefined
		? (model.refreshing ? 'checking…' : 'not checked yet')
		: `${count(model.sessions.length, 'session')} compared · checked ${formatAge(model.now - model.at)} ago in ${(model.durationMs! / 1000).toFixed(1)} s${model.refreshing ? ' · checking again…' : ''}`;
	return (
		<Box position="absolute" left={0} top={0} width={cols} height={rows} borderStyle="round" borderColor="cyan" flexDirection="column" paddingX={1}>
			<Text wrap="truncate">
				<Text bold color="cyanBright">Overlap radar</Text>
				<Text dimColor>{`   ${status}`}</Text>
			</Text>
			{model.error ? <Text color="red" wrap="truncate">{`Last check failed: ${model.error}`}</Text> : <Text> </Text>}
			{model.rows.length === 0 ? (
				<Text dimColor wrap="truncate">{model.at === undefined ? 'Comparing the sessions…' : 'No two sessions change the same files, none edits outside its scope, and no base moved.'}</Text>
			) : (
				visible.map((row, index) => {
					const {marker, color, text} = rowText(row);
					const isSelected = first + index === model.selected;
					return (
						<Text key={`${first + index}`} wrap="truncate" inverse={isSelected}>
							{isSelected ? '❯ ' : '  '}
							<Text color={color}>{marker}</Text>
							{` ${text}`}
						</Text>
					);
				})
			)}
			<Text> </Text>
			{details.map((line, index) => (
				<Text key={`d${index}`} wrap="truncate" color={line.color} dimColor={line.dim}>{line.text}</Text>
			))}
		</Box>
	);
}
