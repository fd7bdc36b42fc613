import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';
import { E2E_PASSWORD } from './tests/e2e/auth-helpers.ts';
import { CHROMIUM_ARGS } from './tests/e2e/chromium.ts';
import { E2E_SERVERS, serverUrl } from './tests/e2e/servers.ts';

/** Browsers cannot be downloaded on CI here; scripts/e2e.ts finds a system Chromium and passes it on. */
const executablePath =
	process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE ||
	(existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

export default defineConfig({
	testDir: 'tests/e2e',
	testMatch: '**/*.e2e.ts',
	outputDir: 'test-results',
	// One worker per server (tests/e2e/servers.ts): on a 2-core machine two browsers and two servers
	// keep both cores busy; the tests of one file run in order, on one server.
	workers: E2E_SERVERS,
	fullyParallel: false,
	forbidOnly: !!process.env.CI,
	timeout: 90_000,
	expect: { timeout: 20_000 },
	reporter: [['list']],
	use: {
		// Each worker's own server: tests/e2e/fixtures.ts sets baseURL per worker.
		baseURL: serverUrl(0),
		locale: 'pl-PL',
		trace: 'retain-on-failure',
		screenshot: 'only-on-failure',
		launchOptions: {
			executablePath,
			args: CHROMIUM_ARGS
		}
	},
	projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
	// A fresh database per server and run: each starts from the seeded region + demo data
	// (tests/e2e/server.ts). E2E_PREBUILT=1: `npm test` has built build-test/ already.
	webServer: Array.from({ length: E2E_SERVERS }, (_, i) => ({
		command: 'node tests/e2e/server.ts',
		url: `${serverUrl(i)}/`,
		// Build + first start of PGlite with PostGIS + seeding takes a few minutes on a busy CI box.
		timeout: 600_000,
		// E2E_REUSE_SERVER=1 lets a developer iterate against a server already running on the port.
		reuseExistingServer: process.env.E2E_REUSE_SERVER === '1',
		stdout: 'pipe',
		stderr: 'pipe',
		env: {
			// The run this server belongs to: the build and the template are prepared once per run.
			E2E_RUN: String(process.pid),
			HOST: '127.0.0.1',
			PORT: new URL(serverUrl(i)).port,
			ORIGIN: serverUrl(i),
			DATA_DIR: `.data-e2e/${i}`,
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
	}))
});
