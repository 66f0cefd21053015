import React from 'react';
import {Box, Text} from 'ink';
import type {ChangeOrigin} from '../../../core/git/worktree-service.js';
import type {DiffLine} from '../../../core/review/file-diff.js';
import {displayText, truncateStart} from './display-text.js';
import type {ReviewLayout} from './review-layout.js';
import {paint, type StyleName} from './sgr.js';

export interface FileRow {
	key: string;
	letter: string;
	path: string;
	/** "+12 -3", or "binary". */
	counts: string;
	origin: ChangeOrigin;
	selected: boolean;
}

export type DiffBody =
	| {kind: 'lines'; numberWidth: number; rows: Array<{line: DiffLine; cursor: boolean}>}
	| {kind: 'message'; text: string; tone: 'info' | 'error'};

export interface NoteView {
	target: string;
	/** The visible note rows, already scrolled so the cursor row is among them. */
	rows: string[];
	cursorRow: number;
	cursorColumn: number;
}

/** Only what is on screen: the visible slice of the file list and of the diff. */
export interface ReviewViewModel {
	layout: ReviewLayout;
	title: string;
	summary: string;
	files: FileRow[];
	countsWidth: number;
	header?: {letter: string; path: string; detail: string; position: string};
	body: DiffBody;
	note?: NoteView;
}

const originStyle: Record<ChangeOrigin, StyleName> = {committed: 'green', staged: 'cyan', unstaged: 'yellow', untracked: 'magenta'};
const letterStyle: Record<string, StyleName> = {A: 'green', D: 'red', M: 'yellow', R: 'cyan', C: 'cyan', T: 'magenta', U: 'brightRed'};

/** One file of the list as a single styled string. */
export function fileRowText(file: FileRow, layout: ReviewLayout, countsWidth: number): string {
	const originWidth = layout.listShowsOrigin ? 10 : 0;
	// Letter and space, path, space, counts, origin, and a space before the rule.
	const pathWidth = Math.max(1, layout.listWidth - 2 - countsWidth - 1 - originWidth - 1);
	const inverse = file.selected && 'inverse';
	return [
		paint(file.letter, letterStyle[file.letter], 'bold', inverse),
		paint(` ${truncateStart(file.path, pathWidth).padEnd(pathWidth)} `, inverse),
		paint(file.counts.padStart(countsWidth), file.counts === 'binary' && 'magenta', inverse),
		layout.listShowsOrigin ? paint(` ${file.origin.padEnd(9)}`, originStyle[file.origin], inverse) : '',
	].join('');
}

/** One diff line as a single styled string: old and new numbers (highlighted on the cursor line), marker, text. */
export function diffRowText(line: DiffLine, cursor: boolean, numberWidth: number, width: number): string {
	const hasNumbers = line.kind === 'context' || line.kind === 'added' || line.kind === 'removed';
	const old = hasNumbers && line.oldNumber !== undefined ? String(line.oldNumber) : '';
	const fresh = hasNumbers && line.newNumber !== undefined ? String(line.newNumber) : '';
	const gutter = paint(`${old.padStart(numberWidth)} ${fresh.padStart(numberWidth)} `, cursor ? 'inverse' : 'dim');
	const textWidth = Math.max(1, width - (numberWidth * 2 + 2) - 1);
	switch (line.kind) {
		case 'added':
			return gutter + paint(`+${displayText(line.text, textWidth)}`, 'green');
		case 'removed':
			return gutter + paint(`-${displayText(line.text, textWidth)}`, 'red');
		case 'context':
			return `${gutter} ${displayText(line.text, textWidth)}`;
		case 'hunk':
			return gutter + paint(displayText(line.text, textWidth + 1), 'cyan');
		default:
			return gutter + paint(displayText(line.text, textWidth + 1), 'dim', line.kind === 'note' && 'italic');
	}
}

function FileList({model}: {model: ReviewViewModel}) {
	const {layout, countsWidth} = model;
	return (
		<Box flexDirection="column" width={layout.listWidth} height={layout.bodyHeight} overflow="hidden">
			{model.files.map(file => (
				<Text key={file.key} wrap="truncate">{fileRowText(file, layout, countsWidth)}</Text>
			))}
		</Box>
	);
}

function DiffColumn({model}: {model: ReviewViewModel}) {
	const {layout, header, body} = model;
	return (
		<Box flexDirection="column" width={layout.diffWidth} height={layout.bodyHeight} marginLeft={layout.listWidth > 0 ? 1 : 0} overflow="hidden">
			{header ? (
				<Box width={layout.diffWidth}>
					<Text wrap="truncate">{paint(header.letter, letterStyle[header.letter], 'bold') + paint(` ${header.path}`, 'bold') + paint(`  ${header.detail}`, 'dim')}</Text>
					<Box flexGrow={1} />
					<Text dimColor>{` ${header.position}`}</Text>
				</Box>
			) : (
				<Text> </Text>
			)}
			{body.kind === 'message' ? (
				<Text wrap="truncate" color={body.tone === 'error' ? 'redBright' : undefined} dimColor={body.tone === 'info'}>{body.text}</Text>
			) : (
				body.rows.map(({line, cursor}, index) => (
					<Text key={index} wrap="truncate">{diffRowText(line, cursor, body.numberWidth, layout.diffWidth)}</Text>
				))
			)}
		</Box>
	);
}

function NoteEditor({note, width}: {note: NoteView; width: number}) {
	return (
		<Box flexDirection="column" width={width}>
			<Text wrap="truncate" bold color="yellowBright">{`Feedback for the agent in ${note.target}`}</Text>
			{note.rows.map((row, index) => {
				if (index !== note.cursorRow) return <Text key={index} wrap="truncate">{displayText(row, width) || ' '}</Text>;
				const chars = [...row];
				const before = chars.slice(0, note.cursorColumn).join('');
				const at = chars[note.cursorColumn] ?? ' ';
				const after = chars.slice(note.cursorColumn + 1).join('');
				// Keep the cursor in view on a line longer than the editor.
				const skip = Math.max(0, before.length - width + 2);
				return (
					<Text key={index} wrap="truncate">
						{displayText(before.slice(skip), width)}
						<Text inverse>{at}</Text>
						{displayText(after, width)}
					</Text>
				);
			})}
			<Text wrap="truncate" dimColor>Enter sends it and focuses the agent · Alt+Enter or Ctrl+J new line · Esc cancels</Text>
		</Box>
	);
}

/** The full-screen review: title, file list beside the selected file's diff, and the feedback editor when open. */
export function ReviewView({model, cols, rows}: {model: ReviewViewModel; cols: number; rows: number}) {
	return (
		<Box position="absolute" left={0} top={0} width={cols} height={rows} borderStyle="round" borderColor="cyan" flexDirection="column" paddingX={1}>
			<Box width={model.layout.innerWidth}>
				<Text bold color="cyanBright" wrap="truncate">{model.title}</Text>
				<Box flexGrow={1} />
				<Text wrap="truncate">{` ${model.summary}`}</Text>
			</Box>
			<Box flexDirection="row" height={model.layout.bodyHeight}>
				{model.layout.listWidth > 0 && <FileList model={model} />}
				{model.layout.listWidth > 0 && <Box width={1} height={model.layout.bodyHeight} borderStyle="single" borderColor="gray" borderTop={false} borderBottom={false} borderRight={false} />}
				<DiffColumn model={model} />
			</Box>
			{model.note && <NoteEditor note={model.note} width={model.layout.innerWidth} />}
		</Box>
	);
}
