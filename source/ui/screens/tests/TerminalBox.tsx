import React from 'react';
import {Box, Text} from 'ink';
import type {Rect} from '../../../core/layout/types.js';
import {truncate} from '../../components/format.js';

/** The border around a live terminal; its interior stays blank for the compositor to paint the terminal's cells. */
export function TerminalBox({outer, title, color}: {outer: Rect; title: string; color: string}) {
	return (
		<>
			<Box position="absolute" left={outer.x} top={outer.y} width={outer.width} height={outer.height} borderStyle="round" borderColor={color} />
			<Box position="absolute" left={outer.x + 2} top={outer.y} height={1}>
				<Text color={color} wrap="truncate">{truncate(` ${title} `, Math.max(0, outer.width - 4))}</Text>
			</Box>
		</>
	);
}

/** A terminal box filling the area below `top` rows of the screen: its border and its interior. */
export function terminalBoxRects(size: {cols: number; rows: number}, top: number, height = size.rows - top): {outer: Rect; inner: Rect} {
	const outer = {x: 0, y: top, width: size.cols, height: Math.max(2, height)};
	return {outer, inner: {x: 1, y: top + 1, width: Math.max(1, size.cols - 2), height: Math.max(1, outer.height - 2)}};
}
