/**
 * The demo's repository: a small shop library with a test suite that needs nothing but Node (`node --test`), and
 * the scripts its demo agents follow. Each task is written so one screen of agentgrid has something to show: a
 * question that waits, work whose tests pass, and two edits of the same function that the radar flags and a merge
 * turns into a conflict to hand back.
 */

export interface DemoTask {
	slug: string;
	/** The task as the user would type it; the demo agent finds its script by this text. */
	prompt: string;
}

/** What a demo agent does for a task: command lines for demo/fake-agent.mjs, run in order. */
export interface DemoScript {
	/** The task text, or a regular expression (as `/…/`) for messages agentgrid sends, like a conflict hand-back. */
	match: string;
	steps: string[];
}

export const demoTasks: readonly DemoTask[] = [
	{slug: 'free-shipping', prompt: 'Add free shipping for orders over $50'},
	{slug: 'cart-total', prompt: 'Add a cart total with tests'},
	{slug: 'price-currency', prompt: 'Show prices with a currency symbol'},
	{slug: 'price-rounding', prompt: 'Round prices to whole cents'},
];

const price = `/** Formats an amount in cents for display. */
export function formatPrice(cents) {
	return (cents / 100).toFixed(2);
}
`;

const priceTest = `import assert from 'node:assert/strict';
import {test} from 'node:test';
import {formatPrice} from '../src/price.js';

test('formats cents', () => {
	assert.equal(formatPrice(1999), '19.99');
});
`;

const cart = `import {formatPrice} from './price.js';

/** One line of the cart, as shown at checkout. */
export function describeLine(item) {
	return \`\${item.quantity} x \${item.name} @ \${formatPrice(item.price)}\`;
}
`;

const cartTest = `import assert from 'node:assert/strict';
import {test} from 'node:test';
import {describeLine} from '../src/cart.js';

test('describes a line', () => {
	assert.equal(describeLine({name: 'Tea', quantity: 2, price: 450}), '2 x Tea @ 4.50');
});
`;

export const demoFiles: Readonly<Record<string, string>> = {
	'package.json': `${JSON.stringify({name: 'tiny-shop', private: true, type: 'module', scripts: {test: 'node --test'}}, null, 2)}\n`,
	'README.md': '# tiny-shop\n\nA small shop library for the agentgrid demo. Run the tests with `node --test`.\n',
	'src/price.js': price,
	'src/cart.js': cart,
	'test/price.test.js': priceTest,
	'test/cart.test.js': cartTest,
};

/** `text` with `from` replaced by `to`, which is taken literally (String.replace would read `$'` in it). */
const edit = (text: string, from: string, to: string): string => text.split(from).join(to);

/** File contents the scripts write, by key. */
const contents: Record<string, string> = {
	shipping: `/** Shipping in cents: free from $50. */
export function shippingFor(subtotalCents) {
	return subtotalCents >= 5000 ? 0 : 495;
}
`,
	shippingTest: `import assert from 'node:assert/strict';
import {test} from 'node:test';
import {shippingFor} from '../src/shipping.js';

test('free from $50', () => {
	assert.equal(shippingFor(5000), 0);
	assert.equal(shippingFor(4999), 495);
});
`,
	cartWithTotal: `${cart}
/** The sum of every line, in cents. */
export function cartTotal(items) {
	return items.reduce((sum, item) => sum + item.price * item.quantity, 0);
}
`,
	cartTestWithTotal: `${edit(cartTest, "import {describeLine} from '../src/cart.js';", "import {cartTotal, describeLine} from '../src/cart.js';")}
test('adds up the cart', () => {
	assert.equal(cartTotal([{price: 450, quantity: 2}, {price: 100, quantity: 3}]), 1200);
	assert.equal(cartTotal([]), 0);
});
`,
	priceCurrency: edit(price, 'return (cents / 100).toFixed(2);', "return '$' + (cents / 100).toFixed(2);"),
	priceCurrencyTest: edit(priceTest, "'19.99'", "'$19.99'"),
	cartTestCurrency: edit(cartTest, '@ 4.50', '@ $4.50'),
	priceRounding: edit(price, 'return (cents / 100).toFixed(2);', 'return (Math.round(cents) / 100).toFixed(2);'),
	priceRoundingTest: `${priceTest}
test('rounds fractions of a cent', () => {
	assert.equal(formatPrice(1999.6), '20.00');
});
`,
	priceBoth: edit(price, 'return (cents / 100).toFixed(2);', "return '$' + (Math.round(cents) / 100).toFixed(2);"),
	priceBothTest: `${edit(priceTest, "'19.99'", "'$19.99'")}
test('rounds fractions of a cent', () => {
	assert.equal(formatPrice(1999.6), '$20.00');
});
`,
};

const scripts: DemoScript[] = [
	{
		match: 'Add free shipping for orders over $50',
		steps: [
			'work 1500',
			'say Free shipping changes what customers pay at checkout. Shall I add it to src/shipping.js?',
			'ask',
			'write src/shipping.js shipping',
			'write test/shipping.test.js shippingTest',
			'run node --test',
			'commit Add free shipping for orders over $50',
		],
	},
	{
		match: 'Add a cart total with tests',
		steps: ['work 2500', 'write src/cart.js cartWithTotal', 'write test/cart.test.js cartTestWithTotal', 'run node --test', 'commit Add a cart total'],
	},
	{
		match: 'Show prices with a currency symbol',
		steps: [
			'work 3000',
			'write src/price.js priceCurrency',
			'write test/price.test.js priceCurrencyTest',
			'write test/cart.test.js cartTestCurrency',
			'run node --test',
			'commit Show prices with a dollar sign',
		],
	},
	{
		match: 'Round prices to whole cents',
		steps: ['work 3500', 'write src/price.js priceRounding', 'write test/price.test.js priceRoundingTest', 'run node --test', 'commit Round prices to whole cents'],
	},
	{
		// The merge screen's hand-back: rebase onto the base and keep both changes.
		match: '/conflict with ([^\\s:]+)/',
		steps: [
			'work 1500',
			'run git rebase $1',
			'write src/price.js priceBoth',
			'write test/price.test.js priceBothTest',
			'run git add -A',
			'run git rebase --continue',
			'run node --test',
			'say Rebased onto $1 and kept both changes: prices show a dollar sign and round to whole cents.',
		],
	},
];

/** The script file a demo agent reads (`--script`). */
export function demoScriptFile(): string {
	return `${JSON.stringify({scripts, contents}, null, '\t')}\n`;
}
