import type {SetupEvent} from './setup-job.js';

/** A setup or teardown event as plain lines for a terminal: each step once, its output indented under it. */
export function formatSetupEvent(event: SetupEvent): string {
	switch (event.type) {
		case 'step-started':
			return `▸ ${event.title}\n`;
		case 'output':
			return indent(event.text);
		case 'step-finished':
			return '';
		case 'step-skipped':
			return indent(`skipped: ${event.reason}\n`);
		case 'step-failed':
			return `✗ ${event.title}\n`;
	}
}

function indent(text: string): string {
	return text.replaceAll(/^(?=.)/gmu, '    ');
}
