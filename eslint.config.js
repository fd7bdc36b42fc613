import prettier from 'eslint-config-prettier';
import path from 'node:path';
import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import { defineConfig, includeIgnoreFile } from 'eslint/config';
import globals from 'globals';
import ts from 'typescript-eslint';

const gitignorePath = path.resolve(import.meta.dirname, '.gitignore');

export default defineConfig(
	// Generated output (Paraglide's src/lib/paraglide, .svelte-kit, builds) is git-ignored and
	// so never linted.
	includeIgnoreFile(gitignorePath),
	js.configs.recommended,
	// Type-aware rules: they read the TypeScript types, so they catch what syntax alone cannot
	// (a promise nobody awaits, an async function passed where a void callback is expected, an
	// `any` flowing out of JSON into typed code).
	ts.configs.recommendedTypeChecked,
	svelte.configs.recommended,
	prettier,
	svelte.configs.prettier,
	{
		languageOptions: {
			globals: { ...globals.browser, ...globals.node },
			parserOptions: {
				// Each file is checked with the tsconfig.json nearest to it: the root one (which
				// extends .svelte-kit/tsconfig.json) for src/ and tests/, scripts/tsconfig.json for
				// the command-line scripts. SvelteKit's tsconfig leaves the service worker out (it
				// runs with the WebWorker library, named in the file itself), so it gets a program
				// of its own with the root compiler options.
				projectService: {
					allowDefaultProject: ['src/service-worker.ts']
				},
				// Set for every file, not only .svelte ones: the one TypeScript service rebuilds
				// all its programs whenever this list changes, which happened on every switch
				// between a .ts and a .svelte file (most of the lint time).
				extraFileExtensions: ['.svelte'],
				tsconfigRootDir: import.meta.dirname
			}
		},
		rules: {
			// typescript-eslint strongly recommend that you do not use the no-undef lint rule on TypeScript projects.
			// see: https://typescript-eslint.io/troubleshooting/faqs/eslint/#i-get-errors-from-the-no-undef-rule-about-global-variables-not-being-defined-even-though-there-are-no-typescript-errors
			'no-undef': 'off'
		}
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
		languageOptions: {
			parserOptions: {
				parser: ts.parser
			}
		}
	},
	{
		rules: {
			// A promise that is neither awaited nor handled loses its rejection: the error never
			// reaches the user or the log. Fire-and-forget calls say so with `void`.
			'@typescript-eslint/no-floating-promises': 'error',
			// An async function where a void callback is expected (an event handler, forEach)
			// runs unobserved; its rejection is lost in the same way.
			'@typescript-eslint/no-misused-promises': 'error',
			// A <button> without a type submits its form: every button says which it is.
			'svelte/button-has-type': 'error'
		}
	},
	{
		// Tests: doubles stand in for async APIs (fetch, SvelteKit's resolve, a document generator)
		// and are `async` to match the signature they replace, with nothing to await inside. The
		// values tests check come untyped on purpose: response bodies (`await response.json()`)
		// and vitest's asymmetric matchers (`expect.any(String)`, typed `any`), and the assertion
		// itself is the check of their shape. Doubles of database drivers reject with what drivers
		// reject with (plain objects carrying a SQLSTATE), typed `unknown`. The promise rules
		// stay on.
		files: ['**/*.spec.ts', 'tests/**/*.ts'],
		rules: {
			'@typescript-eslint/require-await': 'off',
			'@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingUnknown: true }],
			'@typescript-eslint/no-unsafe-argument': 'off',
			'@typescript-eslint/no-unsafe-assignment': 'off',
			'@typescript-eslint/no-unsafe-call': 'off',
			'@typescript-eslint/no-unsafe-member-access': 'off',
			'@typescript-eslint/no-unsafe-return': 'off'
		}
	},
	{
		// The config files at the root are outside every tsconfig (SvelteKit's covers src/ and
		// tests/); type-aware rules have no program to read them with.
		files: ['*.js', 'playwright.config.ts'],
		extends: [ts.configs.disableTypeChecked]
	}
);
