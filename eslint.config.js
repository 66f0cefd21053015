// Lint and format rules: typescript-eslint's recommended checks, the code's one style (tabs, single quotes,
// semicolons, 1TBS braces, `{a}` without inner spaces), React's hook rules, and the layering ARCHITECTURE.md states.
import stylistic from '@stylistic/eslint-plugin';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const uiLibraries = ['ink', 'ink-*', 'react', 'react/*', '@xterm/*'];

export default tseslint.config(
	{ignores: ['dist/**', 'node_modules/**', 'coverage/**']},
	...tseslint.configs.recommended,
	{
		plugins: {'@stylistic': stylistic},
		rules: {
			'@stylistic/indent': ['error', 'tab', {SwitchCase: 1}],
			'@stylistic/quotes': ['error', 'single', {avoidEscape: true}],
			'@stylistic/semi': ['error', 'always'],
			'@stylistic/brace-style': ['error', '1tbs', {allowSingleLine: true}],
			// list-style, which replaces it, also rules on line breaks, where the code leaves the choice to the writer.
			'@stylistic/object-curly-spacing': ['error', 'never'],
			'@stylistic/comma-dangle': ['error', 'always-multiline'],
			'@stylistic/eol-last': 'error',
			'@stylistic/no-trailing-spaces': 'error',
			'@stylistic/keyword-spacing': 'error',
			'@stylistic/space-infix-ops': 'error',
			// Destructuring a property away to keep the rest is how an object loses a field here.
			'@typescript-eslint/no-unused-vars': ['error', {ignoreRestSiblings: true}],
		},
	},
	{
		files: ['**/*.tsx'],
		plugins: {'react-hooks': reactHooks},
		rules: reactHooks.configs.recommended.rules,
	},
	{
		// The shim keeps to old syntax, so that an old Node reaches its version check (no `catch {}` without a binding).
		files: ['bin/agentgrid.js'],
		rules: {'@typescript-eslint/no-unused-vars': ['error', {caughtErrors: 'none'}]},
	},
	{
		files: ['source/core/**'],
		rules: {'no-restricted-imports': ['error', {patterns: [{group: ['ink', 'ink-*', 'react', 'react/*'], message: 'source/core is usable without a terminal: no Ink or React here.'}]}]},
	},
	{
		files: ['source/server/attach-client.ts', 'source/server/connect.ts', 'source/server/channel.ts', 'source/server/protocol.ts', 'source/server/ssh-transport.ts', 'source/commands/attach.ts'],
		rules: {'no-restricted-imports': ['error', {patterns: [{group: uiLibraries, message: 'The attach client stays thin: no React, Ink or xterm.'}]}]},
	},
);
