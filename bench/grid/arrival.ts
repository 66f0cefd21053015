import type {OuterTerminal} from '../../test/helpers/outer-terminal.js';

/**
 * When the output chunk arrived after which the screen first passes `test`, in ms since `started`: the moment a user
 * sees it, not the next poll of the screen (waitFor looks every 25 ms, which would round every figure up to its step).
 */
export async function arrivalOf(outer: OuterTerminal, started: number, test: (screen: string) => boolean, what: string, timeoutMs = 30_000): Promise<number> {
	return new Promise((resolve, reject) => {
		let done = false;
		const timeout = setTimeout(() => {
			done = true;
			subscription.dispose();
			reject(new Error(`${what} not within ${timeoutMs / 1000} s:\n${outer.text()}`));
		}, timeoutMs);
		const subscription = outer.process.onData(() => {
			const arrived = performance.now();
			// Parsing is asynchronous: check once everything up to this chunk is on the screen.
			outer.term.write('', () => {
				if (done || !test(outer.text())) return;
				done = true;
				clearTimeout(timeout);
				subscription.dispose();
				resolve(arrived - started);
			});
		});
	});
}
