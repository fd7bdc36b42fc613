import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { defineConfig } from 'vitest/config';
import { sveltekit } from '@sveltejs/kit/vite';
import { svelteTesting } from '@testing-library/svelte/vite';
import { DB_WORKERS } from './tests/db/paths.ts';

// `npm test` (scripts/test.ts) compiles the messages once, then builds, lints and runs Vitest side
// by side with MESSAGES_COMPILED=1: the plugin's compile empties and rewrites src/lib/paraglide,
// which another process reading it at that moment finds missing. Its output is the same as that of
// `npm run i18n` (same project, outdir and strategy).
const compileMessages = process.env.MESSAGES_COMPILED !== '1';

export default defineConfig({
	plugins: [
		sveltekit(),
		compileMessages &&
			paraglideVitePlugin({
				project: './project.inlang',
				outdir: './src/lib/paraglide',
				emitTsDeclarations: true,
				strategy: ['url', 'cookie', 'baseLocale']
			})
	],
	test: {
		expect: { requireAssertions: true },
		// One test file per core side by side (Vitest wants one count for all projects): a
		// database test file has its own PGlite copy, and each worker its own PostgreSQL database.
		maxWorkers: DB_WORKERS,
		// A worker runs its test files one after another in one process, importing the libraries
		// (PGlite, PostGIS, Svelte…) once instead of once per file: half the run's time. A file that
		// needs the app's once-read environment of its own stubs it and imports the app afresh
		// (vi.resetModules, as tests/http/app.ts does).
		isolate: false,
		projects: [
			{
				extends: './vite.config.ts',
				test: {
					name: 'unit',
					environment: 'node',
					include: ['src/**/*.spec.ts', 'scripts/**/*.spec.ts', 'tests/*.spec.ts'],
					exclude: ['src/**/*.svelte.spec.ts']
				}
			},
			{
				extends: './vite.config.ts',
				// Components rendered in jsdom with @testing-library/svelte: the plugin resolves the
				// browser build of Svelte (effects, bindings and focus run as on a page) and unmounts
				// each test's components after it.
				plugins: [svelteTesting()],
				test: {
					name: 'component',
					environment: 'jsdom',
					include: ['src/**/*.svelte.spec.ts']
				}
			},
			{
				extends: './vite.config.ts',
				test: {
					name: 'db',
					environment: 'node',
					// SQL/RLS tests on every backend, and requests through the hooks to the route
					// handlers on a PGlite copy (tests/http/app.ts); both start from the template below.
					include: ['tests/db/**/*.spec.ts', 'tests/http/**/*.spec.ts'],
					globalSetup: ['tests/db/global-setup.ts'],
					setupFiles: ['tests/db/worker-database.ts'],
					testTimeout: 60_000,
					hookTimeout: 180_000
				}
			}
		]
	}
});
