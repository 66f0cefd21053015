import type {SessionStatusName} from '../store.js';

/** Coarse on purpose: the title changes at most once a second, and once a minute after the first minute. */
export function formatAge(ms: number): string {
	const seconds = Math.max(0, Math.floor(ms / 1000));
	if (seconds < 60) return `${seconds}s`;
	const minutes = Math.floor(seconds / 60);
	if (minutes < 60) return `${minutes}m`;
	const hours = Math.floor(minutes / 60);
	if (hours < 48) return `${hours}h`;
	return `${Math.floor(hours / 24)}d`;
}

/**
 * Time in a status, for pane titles: whole minutes only, so an idle grid redraws its titles once a minute instead of
 * every second (a chrome frame costs milliseconds of CPU; idle must cost nothing).
 */
export function formatStatusAge(ms: number): string {
	const minutes = Math.floor(Math.max(0, ms) / 60_000);
	if (minutes < 1) return '<1m';
	if (minutes < 60) return `${minutes}m`;
	const hours = Math.floor(minutes / 60);
	return hours < 48 ? `${hours}h` : `${Math.floor(hours / 24)}d`;
}

export const statusColor: Record<SessionStatusName, string> = {
	starting: 'cyan',
	busy: 'yellow',
	waiting: 'magentaBright',
	idle: 'green',
	exited: 'gray',
	stopped: 'gray',
};

export const statusGlyph: Record<SessionStatusName, string> = {
	starting: '◌',
	busy: '●',
	waiting: '◆',
	idle: '○',
	exited: '■',
	stopped: '■',
};

/** Cuts to `width` columns with an ellipsis; titles are ASCII-dominated, slugs are ASCII by construction. */
export function truncate(text: string, width: number): string {
	if (width <= 0) return '';
	if (text.length <= width) return text;
	return width === 1 ? '…' : `${text.slice(0, width - 1)}…`;
}
