import { expect, test, type Browser, type Page } from '@playwright/test';
import { signIn } from './auth-helpers';
import { ALL_PAGES, localized, resolvePath, type PageEntry } from './pages';

/** The pages of pages.ts grouped by who visits them: anonymous first, then each staff role. */
function byVisitor(pages: PageEntry[]): [string, PageEntry[]][] {
	const groups = new Map<string, PageEntry[]>();
	for (const entry of pages) {
		const key = entry.role ?? 'anon';
		groups.set(key, [...(groups.get(key) ?? []), entry]);
	}
	return [...groups];
}

/**
 * Declares one test per visitor (anonymous, admin, council…) that opens each of its pages of
 * pages.ts in the given languages in ONE browser context (one sign-in), and runs `check` on it.
 * Problems are collected per page with expect.soft, so one run lists every failing page.
 */
export function sweepPages(
	title: string,
	locales: ('pl' | 'en')[],
	check: (page: Page, url: string, locale: 'pl' | 'en') => Promise<void>
): void {
	for (const [visitor, entries] of byVisitor(ALL_PAGES)) {
		test(`${title}: ${visitor}`, async ({ browser }: { browser: Browser }) => {
			test.setTimeout(60_000 + entries.length * locales.length * 20_000);
			const context = await browser.newContext();
			const page = await context.newPage();
			try {
				if (visitor !== 'anon') await signIn(page, entries[0].role ?? 'admin');
				for (const entry of entries) {
					const path = await resolvePath(page, entry.path);
					for (const locale of locales) {
						const url = localized(path, locale);
						const response = await page.goto(url);
						expect.soft(response?.status(), `${url} status`).toBe(entry.status ?? 200);
						// Lets client-side data (map layers, lists) arrive; no fixed sleep.
						await page.waitForLoadState('networkidle');
						await check(page, url, locale);
					}
				}
			} finally {
				await context.close();
			}
		});
	}
}
