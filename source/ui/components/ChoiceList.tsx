/**
 * A pick-one list (ink-select-input): ↑/↓ (or j/k, 1-9) and Enter choose, and each choice's keymap keys choose it at
 * once; the cancel command, or any key the list does not take, answers "none".
 */
import React, {useMemo} from 'react';
import {Text, useInput} from 'ink';
import SelectInput from 'ink-select-input';
import {inkKeyOf, keyFor, type CommandId, type Keymap, type KeySpace} from '../keymap/index.js';

export interface Choice {
	command: CommandId;
	label: string;
}

interface Props {
	keymap: Keymap;
	/** Where the choices' keys are looked up, in order. */
	spaces: readonly KeySpace[];
	choices: readonly Choice[];
	/** The chosen command, or undefined when the question was cancelled. */
	onChoose: (command: CommandId | undefined) => void;
	width: number;
	/** Start on "cancel" rather than the first choice: Enter alone must not lose work. */
	startOnCancel?: boolean;
}

/** Keys ink-select-input itself takes. */
const listKeys = new Set(['up', 'down', 'j', 'k', 'enter', '1', '2', '3', '4', '5', '6', '7', '8', '9']);

export function ChoiceList({keymap, spaces, choices, onChoose, width, startOnCancel = false}: Props) {
	const cancel = keyFor(keymap, 'choice.cancel');
	const items = useMemo(
		() => [
			...choices.map(choice => ({key: choice.command, value: choice.command as CommandId | undefined, label: `${keyFor(keymap, choice.command).padEnd(6)} ${choice.label}`.slice(0, Math.max(1, width - 2))})),
			{key: 'cancel', value: undefined, label: `${cancel.padEnd(6)} cancel`.slice(0, Math.max(1, width - 2))},
		],
		[choices, keymap, cancel, width],
	);
	useInput((input, key) => {
		const name = inkKeyOf(input, key);
		if (name === undefined) return;
		for (const space of spaces) {
			const command = keymap.lookup(space, name)?.command.id;
			if (command === 'choice.cancel') return onChoose(undefined);
			if (command && choices.some(choice => choice.command === command)) return onChoose(command);
		}
		if (!listKeys.has(name)) onChoose(undefined);
	});
	return <SelectInput items={items} initialIndex={startOnCancel ? choices.length : 0} onSelect={item => onChoose(item.value)} indicatorComponent={Pointer} />;
}

function Pointer({isSelected = false}: {isSelected?: boolean}) {
	return <Text color="cyanBright">{isSelected ? '❯ ' : '  '}</Text>;
}
