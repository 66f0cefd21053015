/**
 * Asks the outer terminal for its foreground and background colours (OSC 10/11) once at startup, so agents that ask
 * their pane (Codex colours its input box from the answer) get the user's real colours. A DA1 request follows the
 * queries: every terminal answers DA1, and answers in order, so its reply means "no colour answer is coming" and we
 * need not wait for the timeout on terminals that ignore OSC 10/11.
 */
export interface OuterColors {
	foreground: string;
	background: string;
}

export const defaultColors: OuterColors = {foreground: '#d0d0d0', background: '#000000'};

const oscReply = /\u001B\](10|11);rgba?:([0-9a-f]+)\/([0-9a-f]+)\/([0-9a-f]+)(?:\/[0-9a-f]+)?(?:\u0007|\u001B\\)/gi;
const da1Reply = /\u001B\[\?[\d;]*c/;

function toHex(component: string): string {
	// Components have 1-4 hex digits; scale to 8 bits.
	const max = 16 ** component.length - 1;
	return Math.round((Number.parseInt(component, 16) / max) * 255)
		.toString(16)
		.padStart(2, '0');
}

export function parseColorReplies(text: string): Partial<OuterColors> {
	const result: Partial<OuterColors> = {};
	for (const match of text.matchAll(oscReply)) {
		const hex = `#${toHex(match[2])}${toHex(match[3])}${toHex(match[4])}`;
		if (match[1] === '10') result.foreground = hex;
		else result.background = hex;
	}
	return result;
}

export async function queryOuterColors(
	input: NodeJS.ReadableStream,
	write: (data: string) => void,
	timeoutMs = 300,
): Promise<OuterColors> {
	let received = '';
	return new Promise(resolve => {
		const finish = () => {
			clearTimeout(timer);
			input.off('data', onData);
			resolve({...defaultColors, ...parseColorReplies(received)});
		};
		const onData = (chunk: Buffer | string) => {
			received += chunk.toString();
			if (da1Reply.test(received)) finish();
		};
		const timer = setTimeout(finish, timeoutMs);
		input.on('data', onData);
		write('\u001B]10;?\u001B\\\u001B]11;?\u001B\\\u001B[c');
	});
}
