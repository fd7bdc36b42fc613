import { expect, test } from './fixtures.ts';
import { sweepPages } from './page-sweep';
import { FIXTURE_TEXTS } from './pages';
import { findPolish, polishStrings, withoutData } from './polish-strings';
import { seriousViolations } from './report-helpers';

// Every route listed in tests/e2e/pages.ts (staff pages signed in), each page loaded once per
// language: axe shows no serious or critical violations in Polish and English, and English
// pages declare lang="en" and contain no Polish fallback strings. The Polish strings are the
// pl.json messages that differ from English, plus the Polish category labels from the database
// (categories have label_en).

let forbidden: string[] = [];

test.beforeAll(async ({ request }) => {
	const categories = (await (await request.get('/api/categories')).json()) as Record<
		string,
		{ label_pl?: string; label_en?: string }[]
	>;
	const labels = Object.values(categories)
		.flat()
		.filter((c) => c.label_pl && c.label_pl !== c.label_en)
		.map((c) => c.label_pl as string);
	forbidden = polishStrings(labels);
	expect(forbidden.length).toBeGreaterThan(100);
});

sweepPages(
	'every page: no serious axe violations in Polish and English, no Polish UI text in English',
	['pl', 'en'],
	async (page, url, locale) => {
		expect.soft(await seriousViolations(page), url).toEqual([]);
		if (locale !== 'en') return;
		await expect.soft(page.locator('html'), url).toHaveAttribute('lang', 'en');
		// Visible text, the title and the accessible names; an element marked with another language
		// (the "Polski" switch) is Polish on purpose.
		const text = await page.evaluate(() => {
			const other = [...document.querySelectorAll<HTMLElement>('body [lang]:not([lang="en"])')];
			const saved = other.map((el) => el.style.display);
			for (const el of other) el.style.display = 'none';
			const visible = document.body.innerText;
			other.forEach((el, i) => (el.style.display = saved[i]));
			const attrs = [...document.querySelectorAll('[aria-label], [title], [placeholder], img[alt]')]
				.filter((el) => !el.closest('[lang]:not([lang="en"])'))
				.flatMap((el) =>
					['aria-label', 'title', 'placeholder', 'alt'].map((a) => el.getAttribute(a) ?? '')
				);
			return [document.title, visible, ...attrs].join('\n');
		});
		expect.soft(findPolish(withoutData(text, FIXTURE_TEXTS), forbidden), url).toEqual([]);
	}
);
