/**
 * What tokens cost, as data: US dollars per million tokens by model, matched by the longest name the model's id
 * starts with ("claude-sonnet-4-5-20250929" takes "claude-sonnet-4-5"). Users override or add models in their
 * settings (`prices`); a model with no price has its tokens counted and its cost left out, and is named as such.
 */
export interface ModelPrice {
	input: number;
	output: number;
	/** Writing the prompt cache (Claude: 1.25 × input when not given). */
	cacheWrite?: number;
	/** Reading the prompt cache, OpenAI's cached input (0.1 × input when not given). */
	cacheRead?: number;
}

export type PriceTable = Readonly<Record<string, ModelPrice>>;

/** List prices of the providers' public price pages (standard tier, 5-minute cache writes). */
export const defaultPrices: PriceTable = {
	'claude-opus-4-5': {input: 5, output: 25, cacheWrite: 6.25, cacheRead: 0.5},
	'claude-opus-4-6': {input: 5, output: 25, cacheWrite: 6.25, cacheRead: 0.5},
	'claude-opus-4': {input: 15, output: 75, cacheWrite: 18.75, cacheRead: 1.5},
	'claude-sonnet-4': {input: 3, output: 15, cacheWrite: 3.75, cacheRead: 0.3},
	'claude-3-7-sonnet': {input: 3, output: 15, cacheWrite: 3.75, cacheRead: 0.3},
	'claude-3-5-sonnet': {input: 3, output: 15, cacheWrite: 3.75, cacheRead: 0.3},
	'claude-haiku-4-5': {input: 1, output: 5, cacheWrite: 1.25, cacheRead: 0.1},
	'claude-3-5-haiku': {input: 0.8, output: 4, cacheWrite: 1, cacheRead: 0.08},
	'gpt-5': {input: 1.25, output: 10, cacheRead: 0.125},
	'gpt-5-mini': {input: 0.25, output: 2, cacheRead: 0.025},
	'gpt-5-nano': {input: 0.05, output: 0.4, cacheRead: 0.005},
	'gpt-4.1': {input: 2, output: 8, cacheRead: 0.5},
	'gpt-4.1-mini': {input: 0.4, output: 1.6, cacheRead: 0.1},
	'o3': {input: 2, output: 8, cacheRead: 0.5},
	'o4-mini': {input: 1.1, output: 4.4, cacheRead: 0.275},
	'codex-mini': {input: 1.5, output: 6, cacheRead: 0.375},
};

export interface TokenCounts {
	/** Prompt tokens not read from the cache. */
	input: number;
	output: number;
	cacheWrite: number;
	cacheRead: number;
}

export const noTokens: TokenCounts = {input: 0, output: 0, cacheWrite: 0, cacheRead: 0};

export function addTokens(a: TokenCounts, b: TokenCounts): TokenCounts {
	return {input: a.input + b.input, output: a.output + b.output, cacheWrite: a.cacheWrite + b.cacheWrite, cacheRead: a.cacheRead + b.cacheRead};
}

export function totalTokens(tokens: TokenCounts): number {
	return tokens.input + tokens.output + tokens.cacheWrite + tokens.cacheRead;
}

/** The price of a model: the entry with the longest name its id starts with ("anthropic/" and the like dropped). */
export function priceFor(model: string, table: PriceTable): ModelPrice | undefined {
	const id = model.slice(model.lastIndexOf('/') + 1).toLowerCase();
	let best: string | undefined;
	for (const name of Object.keys(table)) {
		if (id.startsWith(name.toLowerCase()) && (best === undefined || name.length > best.length)) best = name;
	}

	return best === undefined ? undefined : table[best];
}

export function costOf(tokens: TokenCounts, price: ModelPrice): number {
	const cacheWrite = price.cacheWrite ?? price.input * 1.25;
	const cacheRead = price.cacheRead ?? price.input * 0.1;
	return (tokens.input * price.input + tokens.output * price.output + tokens.cacheWrite * cacheWrite + tokens.cacheRead * cacheRead) / 1_000_000;
}

/** What a session used: tokens by model, with the estimated cost of those that have a price. */
export interface UsageSummary {
	tokens: TokenCounts;
	/** All tokens, cache included. */
	total: number;
	/** Estimated US dollars, for the models with a price. */
	cost: number;
	/** Models seen that have no price: their tokens are counted, their cost is not in `cost`. */
	unpriced: string[];
	/** API responses counted (each once). */
	responses: number;
	byModel: Record<string, TokenCounts>;
}

export function summarize(byModel: ReadonlyMap<string, TokenCounts>, responses: number, table: PriceTable): UsageSummary {
	let tokens = noTokens;
	let cost = 0;
	const unpriced: string[] = [];
	for (const [model, counts] of byModel) {
		tokens = addTokens(tokens, counts);
		const price = priceFor(model, table);
		if (price) cost += costOf(counts, price);
		else if (totalTokens(counts) > 0) unpriced.push(model);
	}

	return {tokens, total: totalTokens(tokens), cost, unpriced, responses, byModel: Object.fromEntries(byModel)};
}

/** "950", "12.3k", "4.1M": for pane titles. */
export function formatTokens(count: number): string {
	if (count < 1000) return String(count);
	if (count < 1_000_000) return `${(count / 1000).toFixed(count < 10_000 ? 1 : 0)}k`;
	return `${(count / 1_000_000).toFixed(count < 10_000_000 ? 1 : 0)}M`;
}

/** "$0.42", "$12", "<$0.01"; a "+" says that models without a price are left out. */
export function formatCost(summary: Pick<UsageSummary, 'cost' | 'unpriced'>): string {
	const more = summary.unpriced.length > 0 ? '+' : '';
	if (summary.cost === 0 && more) return '$?';
	if (summary.cost > 0 && summary.cost < 0.01) return `<$0.01${more}`;
	return `$${summary.cost < 10 ? summary.cost.toFixed(2) : Math.round(summary.cost)}${more}`;
}
