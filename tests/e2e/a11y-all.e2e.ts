import { expect } from '@playwright/test';
import { seriousViolations } from './report-helpers';
import { sweepPages } from './page-sweep';

// Accessibility: axe shows no serious or critical violations on every page, in
// both languages — every route listed in tests/e2e/pages.ts, staff pages signed in.
sweepPages(
	'axe finds no serious violations on every page in Polish and English',
	['pl', 'en'],
	async (page, url) => {
		expect.soft(await seriousViolations(page), url).toEqual([]);
	}
);
