import {describe, expect, it} from 'vitest';
import {KeyParser} from '../../../source/ui/input/key-parser.js';
import {InputRouter, type InputTarget, type RoutedKey} from '../../../source/ui/input/router.js';
import {ManualClock} from './manual-clock.js';

function paneRouter() {
	const pane: string[] = [];
	const commands: string[] = [];
	let target: InputTarget = 'pane';
	const router = new InputRouter(
		{
			target: () => target,
			prefixByte: () => 0x1c,
			toPane: data => pane.push(data),
			toForm: () => {},
			gridKey: () => {},
			prefixKey: (key: RoutedKey) => {
				commands.push(key.sequence);
				if (key.sequence === 'g') target = 'grid';
			},
		},
		onKey => new KeyParser(event => onKey({...event, ctrl: event.ctrl ?? false, alt: event.alt ?? false, shift: event.shift ?? false} as RoutedKey)),
	);
	return {router, pane, commands, typed: () => pane.join('')};
}

describe('the input router in pane mode', () => {
	it('takes the prefix and one key in one read as a command', () => {
		const {router, commands, typed} = paneRouter();
		router.feed('\x1cz');
		expect(commands).toEqual(['z']);
		expect(typed()).toBe('');
	});

	it('takes the prefix and its key in separate reads as a command', () => {
		const {router, commands, typed} = paneRouter();
		router.feed('ab');
		router.feed('\x1c');
		router.feed('\x1b[A');
		expect(commands).toEqual(['\x1b[A']);
		expect(typed()).toBe('ab');
	});

	it('sends a prefix typed twice as the byte itself', () => {
		const {router, commands, typed} = paneRouter();
		router.feed('\x1c');
		router.feed('\x1c');
		expect(commands).toEqual([]);
		expect(typed()).toBe('\x1c');
	});

	it('takes a burst holding the prefix as an unbracketed paste, byte for byte', () => {
		const {router, commands, typed} = paneRouter();
		const paste = 'line one\x1cg and more\x1c\x1c\r';
		router.feed(paste);
		expect(commands).toEqual([]);
		expect(typed()).toBe(paste);
	});

	it('takes a short burst that is not the prefix and one key as pasted text too', () => {
		const {router, commands, typed} = paneRouter();
		router.feed('a\x1cgx');
		router.feed('\x1cg');
		expect(typed()).toBe('a\x1cgx');
		expect(commands).toEqual(['g']);
	});

	it('keeps the prefix inside a bracketed paste split across reads as text', () => {
		const {router, commands, typed} = paneRouter();
		router.feed('\x1b[20');
		router.feed('0~x');
		router.feed('\x1c');
		router.feed('g\x1b[201~');
		expect(commands).toEqual([]);
		expect(typed()).toBe('\x1b[200~x\x1cg\x1b[201~');
	});

	it('takes the prefix in the kitty keyboard protocol form as the prefix', () => {
		const {router, commands, typed} = paneRouter();
		router.feed('\x1b[92;5u');
		router.feed('z');
		router.feed('\x1b[92;5:1uz');
		router.feed('\x1b[97;5u');
		expect(commands).toEqual(['z', 'z']);
		expect(typed()).toBe('\x1b[97;5u');
	});

	it('sends Alt+Ctrl+\\ (ESC and the prefix byte) to the agent as a key of its own', () => {
		const {router, commands, typed} = paneRouter();
		router.feed('\x1b\x1c');
		router.feed('\r');
		expect(commands).toEqual([]);
		expect(typed()).toBe('\x1b\x1c\r');
	});
	it('takes no key release reported by the kitty protocol as the key after the prefix', () => {
		const {router, commands, typed} = paneRouter();
		for (const read of ['\x1b[92;5u', '\x1b[92;5:3u', 'g', '\x1b[103;1:3u']) router.feed(read);
		expect(commands).toEqual(['g']);
		expect(typed()).toBe('');
	});

	it('counts a press and its release as one keystroke, so the prefix and its key with releases in one read are a command', () => {
		const {router, commands, typed} = paneRouter();
		router.feed('\x1b[92;5u\x1b[92;5:3ug\x1b[103;1:3u');
		expect(commands).toEqual(['g']);
		expect(typed()).toBe('');
	});

	it('sends the prefix typed twice in its kitty form as typed', () => {
		const {router, commands, typed} = paneRouter();
		router.feed('\x1b[92;5u');
		router.feed('\x1b[92;5u');
		expect(commands).toEqual([]);
		expect(typed()).toBe('\x1b[92;5u');
	});

	it('takes a prefix press and release in one read as the prefix', () => {
		const {router, commands, typed} = paneRouter();
		router.feed('\x1b[92;5u\x1b[92;5:3u');
		router.feed('\x1b[92;5u');
		router.feed('\x1b[92;5:3u');
		expect(commands).toEqual([]);
		// The second press and its release are the agent's, nothing of the first.
		expect(typed()).toBe('\x1b[92;5u\x1b[92;5:3u');
	});

});

/** A pane-mode router with mouse reporting on, as the grid runs it, on a clock the test moves. */
function mouseRouter() {
	const pane: string[] = [];
	const reports: string[] = [];
	const clock = new ManualClock();
	const router = new InputRouter(
		{
			target: () => 'pane',
			prefixByte: () => 0x1c,
			toPane: data => pane.push(data),
			toForm: () => {},
			gridKey: () => {},
			prefixKey: () => {},
			mouse: sequence => reports.push(sequence),
		},
		onKey => new KeyParser(event => onKey({...event, ctrl: event.ctrl ?? false, alt: event.alt ?? false, shift: event.shift ?? false} as RoutedKey)),
		{clock},
	);
	return {router, reports, clock, typed: () => pane.join('')};
}

describe('mouse reports in pane mode', () => {
	const sgr = '\u001B[<64;12;7M';
	const x10 = '\u001B[M`,\'';

	it('decodes a report split at every byte as one report, with typing around it intact', () => {
		for (const report of [sgr, x10]) {
			for (let cut = 1; cut < report.length; cut++) {
				const {router, reports, typed, clock} = mouseRouter();
				router.feed(`ab${report.slice(0, cut)}`);
				clock.advance(5);
				router.feed(`${report.slice(cut)}cd`);
				clock.advance(1000);
				expect({cut, reports}).toEqual({cut, reports: [report]});
				expect(typed()).toBe('abcd');
			}
		}
	});

	it('decodes a report whose rest comes in a third read', () => {
		const {router, reports, typed} = mouseRouter();
		router.feed('\u001B');
		router.feed('[<0;3');
		router.feed(';4M');
		expect(reports).toEqual(['\u001B[<0;3;4M']);
		expect(typed()).toBe('');
	});

	it('sends the Escape key on after a short wait when nothing follows it', () => {
		const {router, reports, typed, clock} = mouseRouter();
		router.feed('\u001B');
		expect(typed()).toBe('');
		clock.advance(25);
		expect(typed()).toBe('\u001B');
		// Escape then a key, well apart: both reach the program as typed.
		router.feed('j');
		expect(typed()).toBe('\u001Bj');
		expect(reports).toEqual([]);
	});

	it('sends an unfinished sequence on as typed when its rest never comes', () => {
		const {router, typed, clock} = mouseRouter();
		router.feed('\u001B[<1;2');
		clock.advance(99);
		expect(typed()).toBe('');
		clock.advance(1);
		expect(typed()).toBe('\u001B[<1;2');
	});

	it('keeps the rest of a report that came after its ESC was sent on out of the program', () => {
		const {router, reports, typed, clock} = mouseRouter();
		router.feed('\u001B');
		clock.advance(200);
		router.feed('[<65;1;1Mx');
		expect(reports).toEqual(['\u001B[<65;1;1M']);
		expect(typed()).toBe('\u001Bx');
	});

	it('passes arrow keys and other sequences through whole', () => {
		const {router, reports, typed} = mouseRouter();
		router.feed('\u001B[A');
		router.feed('\u001B[1;5C');
		router.feed('\u001BOP');
		expect(typed()).toBe('\u001B[A\u001B[1;5C\u001BOP');
		expect(reports).toEqual([]);
	});

	it('leaves report-like text inside a bracketed paste alone', () => {
		const {router, reports, typed, clock} = mouseRouter();
		router.feed('\u001B[200~paste \u001B[<0;1;1M here');
		router.feed('\u001B[201~');
		clock.advance(1000);
		expect(reports).toEqual([]);
		expect(typed()).toBe('\u001B[200~paste \u001B[<0;1;1M here\u001B[201~');
	});
});
