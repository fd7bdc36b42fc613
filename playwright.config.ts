import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';
import { E2E_PASSWORD, USERS as E2E_USERS } from './tests/e2e/auth-helpers.ts';

// E2E_PORT lets parallel checkouts run their suites side by side.
const PORT = Number(process.env.E2E_PORT ?? 4173);
const BASE_URL = `http://127.0.0.1:${PORT}`;

/** Browsers cannot be downloaded on CI here; scripts/e2e.ts finds a system Chromium and passes it on. */
const executablePath =
	process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE ||
	(existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

export default defineConfig({
	testDir: 'tests/e2e',
	testMatch: '**/*.e2e.ts',
	outputDir: 'test-results',
	// One worker: the machine has two cores and the server runs PostGIS in WebAssembly.
	workers: 1,
	fullyParallel: false,
	forbidOnly: !!process.env.CI,
	timeout: 90_000,
	expect: { timeout: 20_000 },
	reporter: [['list']],
	use: {
		baseURL: BASE_URL,
		locale: 'pl-PL',
		trace: 'retain-on-failure',
		screenshot: 'only-on-failure',
		launchOptions: {
			executablePath,
			// WebGL through SwiftShader in headless Chromium; no background traffic to a network
			// that refuses it (see NOTES.md, "Browser tests").
			args: [
				'--headless=new',
				'--no-sandbox',
				'--disable-gpu',
				'--enable-unsafe-swiftshader',
				'--use-angle=swiftshader',
				'--disable-background-networking',
				'--disable-component-update',
				'--no-first-run',
				'--disable-sync'
			]
		}
	},
	projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
	webServer: {
		// A fresh embedded database each run: the suite sees exactly the seeded region + demo data.
		// Staff accounts come from `npm run user:create`, the documented way, so the suite
		// also proves that a created admin can sign in. Passwords: tests/e2e/auth-helpers.ts.
		// E2E_PREBUILT=1: `npm test` has built build-test/ already, beside the Vitest run.
		command: [
			"node -e \"require('node:fs').rmSync('.data-e2e', { recursive: true, force: true })\"",
			...(process.env.E2E_PREBUILT === '1' ? [] : ['npm run build:test']),
			`npm run -s user:create -- ${Object.entries(E2E_USERS)
				.map(([role, email]) => `--email ${email} --role ${role}`)
				.join(' ')}`,
			'node build-test'
		].join(' && '),
		url: `${BASE_URL}/`,
		// Build + first start of PGlite with PostGIS + seeding takes a few minutes on a busy CI box.
		timeout: 600_000,
		// E2E_REUSE_SERVER=1 lets a developer iterate against a server already running on the port.
		reuseExistingServer: process.env.E2E_REUSE_SERVER === '1',
		stdout: 'pipe',
		stderr: 'pipe',
		env: {
			HOST: '127.0.0.1',
			PORT: String(PORT),
			ORIGIN: BASE_URL,
			DATA_DIR: '.data-e2e',
			// The browser suite runs on the embedded database even where CI sets DATABASE_URL for the
			// database tests: it is the zero-install path that `npm start` takes.
			DATABASE_URL: '',
			// Photos up to 10 MB travel in multipart bodies (adapter-node's default limit is 512 kB).
			BODY_SIZE_LIMIT: '12M',
			// The suite submits many reports from one address, each test in a new browser; limits
			// stay on, but roomier (per browser, per network, new browsers per network).
			RATE_LIMIT_REPORTS: '60/10m,600/1d',
			RATE_LIMIT_REPORTS_IP: '600/10m,6000/1d',
			RATE_LIMIT_NEW_DEVICES: '600/10m,6000/1d',
			DEMO: '1',
			USER_PASSWORD: E2E_PASSWORD,
			// Never resolvable (RFC 2606): the app must fall back to its offline style
			// deterministically, whatever network the test machine has.
			PUBLIC_BASEMAP_STYLE_URL: 'https://basemap.invalid/style.json'
		}
	}
});
