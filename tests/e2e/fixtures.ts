import { test as base } from '@playwright/test';
import { serverUrl } from './servers.ts';

export * from '@playwright/test';

/**
 * Playwright's `test` with `baseURL` pointing at this worker's own server (tests/e2e/servers.ts),
 * so `page.goto('/')`, the `request` fixture and every helper that takes `baseURL` reach it.
 */
export const test = base.extend({
	// eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern
	baseURL: async ({}, use, testInfo) => use(serverUrl(testInfo.parallelIndex))
});
