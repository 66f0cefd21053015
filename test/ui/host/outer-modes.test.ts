import {describe, expect, it} from 'vitest';
import {gridInputModes, inputModeChange, leaveFullScreen} from '../../../source/ui/host/outer-modes.js';

describe('outer input modes', () => {
	it('pushes a pane\'s kitty keyboard flags onto the terminal and pops them when the pane lets go', () => {
		const pane = {...gridInputModes, kittyFlags: 7};
		expect(inputModeChange(gridInputModes, pane)).toBe('\u001B[>7u');
		expect(inputModeChange(pane, {...pane, kittyFlags: 1})).toBe('\u001B[<u\u001B[>1u');
		expect(inputModeChange(pane, gridInputModes)).toBe('\u001B[<u');
		expect(inputModeChange(gridInputModes, gridInputModes)).toBe('');
		expect(leaveFullScreen).toContain('\u001B[<u');
	});
});
