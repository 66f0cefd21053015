/**
 * A one-line text field with readline editing (see line-editor.ts) and the cursor drawn where the next character
 * goes. Controlled: the form owns the value; the field owns the cursor, which moves to the end whenever the value
 * changes from outside (a suggested name, a reset), so typing continues where the text visibly ends.
 */
import React, {useRef, useState} from 'react';
import {Text, useInput} from 'ink';
import {editLine, visibleWindow, type LineState} from './line-editor.js';

export interface TextFieldProps {
	value: string;
	onChange: (value: string) => void;
	/** Whether keys go to this field. */
	focus: boolean;
	/** Shown dimmed while the value is empty. */
	placeholder?: string;
	/** Cells the field may use; longer text scrolls sideways to keep the cursor visible. */
	width: number;
}

export function TextField({value, onChange, focus, placeholder, width}: TextFieldProps) {
	const [line, setLine] = useState<LineState>({value, cursor: [...value].length});
	// Keys can arrive faster than renders: each edit starts from the last one, not from the last render.
	const latest = useRef(line);
	const current: LineState = value === line.value ? line : {value, cursor: [...value].length, killed: line.killed};

	useInput(
		(input, key) => {
			const base = latest.current.value === value ? latest.current : current;
			const next = editLine(base, input, key);
			if (!next) return;
			latest.current = next;
			setLine(next);
			if (next.value !== value) onChange(next.value);
		},
		{isActive: focus},
	);

	if (value === '' && placeholder) {
		const shown = [...placeholder].slice(0, Math.max(0, width - 1)).join('');
		return focus ? (
			<Text wrap="truncate">
				<Text inverse>{shown.slice(0, 1) || ' '}</Text>
				<Text dimColor>{shown.slice(1)}</Text>
			</Text>
		) : (
			<Text dimColor wrap="truncate">{shown}</Text>
		);
	}
	const view = visibleWindow(current.value, focus ? current.cursor : 0, width);
	if (!focus) return <Text wrap="truncate">{[...current.value].slice(0, width).join('')}</Text>;
	const chars = [...view.text];
	return (
		<Text wrap="truncate">
			{chars.slice(0, view.cursor).join('')}
			<Text inverse>{chars[view.cursor] ?? ' '}</Text>
			{chars.slice(view.cursor + 1).join('')}
		</Text>
	);
}
