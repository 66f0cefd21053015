import {describe, expect, it} from 'vitest';
import {HeadlessTerminal} from '../../../source/core/terminal/headless-terminal.js';
import {Screen} from '../../../source/ui/render/screen.js';

const write = (term: HeadlessTerminal, data: string) => new Promise<void>(resolve => term.write(data, resolve));
const until = async (check: () => boolean, ms = 2000) => {
	const deadline = Date.now() + ms;
	while (!check()) {
		if (Date.now() > deadline) throw new Error('condition not met in time');
		await new Promise(resolve => setTimeout(resolve, 5));
	}
};

describe('Screen', () => {
	it('holds a pane while its program is inside synchronized output, and shows the finished frame', async () => {
		let out = '';
		const screen = new Screen(40, 10, 60, data => (out += data));
		const pane = new HeadlessTerminal({cols: 20, rows: 5});
		screen.setLayers([{surface: pane, rect: {x: 1, y: 1, width: 20, height: 5}}]);
		await until(() => out.length > 0);
		out = '';
		await write(pane, '\u001B[?2026hhalf-drawn');
		screen.paneChanged(true);
		await new Promise(resolve => setTimeout(resolve, 30));
		expect(out).not.toContain('half-drawn');
		await write(pane, ' frame\u001B[?2026l');
		screen.paneChanged(true);
		await until(() => out.includes('half-drawn') && out.includes('frame')).catch(error => {
			throw new Error(`${error.message}: ${JSON.stringify(out)}`);
		});
		screen.dispose();
	});

	it('composes nothing while nobody is shown the output, and draws the next viewer everything, meanwhile included', async () => {
		let out = '';
		let shown = false;
		const screen = new Screen(40, 10, 60, data => (out += data), () => shown);
		const pane = new HeadlessTerminal({cols: 20, rows: 5});
		screen.setLayers([{surface: pane, rect: {x: 0, y: 2, width: 20, height: 5}}]);
		await write(screen.chrome, 'chrome line');
		for (let index = 0; index < 6; index++) {
			await write(pane, `${index === 0 ? '' : '\r\n'}output-${index}`);
			screen.paneChanged(index % 2 === 0);
		}
		screen.requestPaint();
		await new Promise(resolve => setTimeout(resolve, 60));
		expect(out).toBe('');
		// A viewer arrives: the host shows it and unfreezes the screen, as an attach does.
		shown = true;
		screen.freeze(false);
		await until(() => out.length > 0);
		const viewer = new HeadlessTerminal({cols: 40, rows: 10});
		await write(viewer, out);
		expect(viewer.screenText().map(line => line.trimEnd()).slice(0, 7)).toEqual(['chrome line', '', 'output-1', 'output-2', 'output-3', 'output-4', 'output-5']);
		screen.dispose();
		viewer.dispose();
	});

	it('gives up holding a pane whose program never ends its synchronized update', async () => {
		let out = '';
		const screen = new Screen(40, 10, 60, data => (out += data));
		const pane = new HeadlessTerminal({cols: 20, rows: 5});
		screen.setLayers([{surface: pane, rect: {x: 0, y: 0, width: 20, height: 5}}]);
		await until(() => out.length > 0);
		out = '';
		const started = Date.now();
		await write(pane, '\u001B[?2026hstuck');
		screen.paneChanged(false);
		await until(() => out.includes('stuck'), 2000);
		expect(Date.now() - started).toBeGreaterThanOrEqual(100);
		screen.dispose();
	});

	it('composes Ink output written with bare line feeds as a terminal would', async () => {
		let out = '';
		const screen = new Screen(20, 4, 60, data => (out += data));
		screen.writeChrome('first\nsecond');
		await until(() => out.includes('second'));
		expect(out).toContain('\u001B[2;1Hsecond');
		screen.dispose();
	});
});
