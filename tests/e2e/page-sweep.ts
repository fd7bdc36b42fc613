import { expect, test, type Browser, type Page } from './fixtures.ts';
import { signIn } from './auth-helpers';
import { gotoSettled } from './helpers';
import { ALL_PAGES, localized, resolvePath, type PageEntry } from './pages';

/** How many pages one test opens: small enough for the two workers to share the sweep evenly. */
const CHUNK = 6;

/**
 * The pages of pages.ts grouped by who visits them (anonymous first, then each staff role), each
 * group cut into chunks of CHUNK pages in the order of pages.ts.
 */
function byVisitor(pages: PageEntry[]): [string, PageEntry[]][] {
	const groups = new Map<string, PageEntry[]>();
	for (const entry of pages) {
		const key = entry.role ?? 'anon';
		groups.set(key, [...(groups.get(key) ?? []), entry]);
	}
	return [...groups].flatMap(([visitor, entries]) =>
		Array.from({ length: Math.ceil(entries.length / CHUNK) }, (_, i): [string, PageEntry[]] => [
			`${visitor} ${i + 1}`,
			entries.slice(i * CHUNK, (i + 1) * CHUNK)
		])
	);
}

/**
 * Declares one test per visitor (anonymous, admin, council…) and chunk of its pages of pages.ts,
 * which opens each page in the given languages in one browser context (one sign-in) and runs
 * `check` on it. The tests may run in parallel (they only read). Problems are collected per page
 * with expect.soft, so one run lists every failing page.
 */
export function sweepPages(
	title: string,
	locales: ('pl' | 'en')[],
	check: (page: Page, url: string, locale: 'pl' | 'en') => Promise<void>
): void {
	test.describe.configure({ mode: 'parallel' });
	for (const [visitor, entries] of byVisitor(ALL_PAGES)) {
		test(`${title}: ${visitor}`, async ({ browser }: { browser: Browser }) => {
			test.setTimeout(60_000 + entries.length * locales.length * 20_000);
			const context = await browser.newContext();
			const page = await context.newPage();
			try {
				if (entries[0].role) await signIn(page, entries[0].role);
				for (const entry of entries) {
					const path = await resolvePath(page, entry.path);
					for (const locale of locales) {
						const url = localized(path, locale);
						// Client-side data (map layers, lists) has arrived before the check.
						const response = await gotoSettled(page, url);
						expect.soft(response?.status(), `${url} status`).toBe(entry.status ?? 200);
						await check(page, url, locale);
					}
				}
			} finally {
				await context.close();
			}
		});
	}
}
