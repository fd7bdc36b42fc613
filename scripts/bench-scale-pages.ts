// Pages for `npm run bench:scale`: every public page and API answers without an error, and the
// time until the map is ready in headless Chromium.
import { chromium } from 'playwright-core';
import { localized, PUBLIC_PAGES, STAFF_PAGES } from '../tests/e2e/pages.ts';
import { CHROMIUM_ARGS } from '../tests/e2e/chromium.ts';
import { waitForMapIdle, type TestWindow } from '../tests/e2e/helpers.ts';
import { get, ms } from './bench-scale-http.ts';
import { percentile } from './bench-server.ts';

/** What the sweep fills placeholders with; pages needing anything else are skipped (listed). */
export interface SweepIds {
	needRef: string;
	/** The same need's id, for the panel's pages of one need. */
	needId: string;
	activity: string | null;
}

/** The public API, each once (tiles are measured on their own). */
function apiPaths(ref: string): string[] {
	return [
		'/api/needs.geojson',
		'/api/needs.geojson?bbox=18.40,52.24,18.46,52.28&limit=500',
		`/api/needs.geojson?after=${ref}`,
		'/api/needs.geojson?category=kultura&status=done',
		'/api/resources.geojson',
		'/api/villages.geojson',
		'/api/region.geojson',
		'/api/categories',
		'/api/address-search?q=wola',
		'/api/coverage?category=swietlica',
		'/api/prezentacja',
		'/api/villages/kramsk/summary',
		'/api/needs/similar?lon=18.4267&lat=52.265&category=kultura&q=plac',
		'/api/diagnoza/gmina.pdf',
		'/api/diagnoza/gmina.docx',
		'/api/diagnoza/gmina.csv',
		'/api/diagnoza/gmina.geojson',
		'/api/diagnoza/kramsk.pdf',
		'/en/api/diagnoza/kramsk.docx',
		`/potrzeby/${ref}/obraz.png`,
		'/open311/v2/discovery.json',
		'/open311/v2/services.json',
		'/open311/v2/requests.json',
		`/open311/v2/requests/${ref}.json`,
		'/potrzeby.atom',
		'/dzialania.atom',
		'/dzialania.ics',
		'/sitemap.xml',
		'/robots.txt',
		'/healthz',
		'/readyz'
	];
}

/**
 * Every public page of the e2e sweep (tests/e2e/pages.ts) in Polish and English, the public API,
 * and every staff page once with `cookie` (an organizer's session: the admin-only pages answer
 * 403, and the village fund's 404 while it is switched off; both count as answers). A failure is no answer, or a 4xx/5xx the page is not meant to
 * give; redirects count as answers. Returns the failures, the skipped pages and the three
 * slowest answers.
 */
export async function sweep(base: string, ids: SweepIds, cookie: string) {
	const fill: Record<string, string | null> = {
		'{needRef}': ids.needRef,
		'{need}': ids.needId,
		'{activity}': ids.activity
	};
	const checks: { path: string; expected: number[]; cookie?: string }[] = [];
	const skipped: string[] = [];
	const filled = (template: string) => {
		let path: string | null = template;
		for (const hole of template.match(/\{\w+\}/g) ?? []) {
			const value: string | null | undefined = fill[hole];
			path = value && path ? path.replace(hole, value) : null;
		}
		if (!path) skipped.push(template);
		return path;
	};
	for (const page of PUBLIC_PAGES) {
		const path = filled(page.path);
		if (path)
			for (const locale of ['pl', 'en'] as const)
				checks.push({ path: localized(path, locale), expected: [page.status ?? 200] });
	}
	for (const path of apiPaths(ids.needRef)) checks.push({ path, expected: [200] });
	for (const template of new Set(STAFF_PAGES.map((page) => page.path))) {
		const path = filled(template);
		if (path) checks.push({ path, expected: [403, 404], cookie });
	}
	const failures: string[] = [];
	const times: { path: string; ms: number }[] = [];
	for (const { path, expected, cookie: session } of checks) {
		const answer = await get(base, path, {
			accept: 'text/html,*/*;q=0.8',
			...(session ? { cookie: session } : {})
		});
		times.push({ path, ms: answer.ms });
		const ok = answer.status > 0 && (answer.status < 400 || expected.includes(answer.status));
		if (!ok) failures.push(`\`${path}\` ${answer.status || answer.error} after ${ms(answer.ms)}`);
	}
	times.sort((a, b) => b.ms - a.ms);
	return {
		count: checks.length,
		failures,
		skipped,
		slowest: times.slice(0, 3).map((t) => `\`${t.path}\` ${ms(t.ms)}`)
	};
}

/**
 * Opens / in a new browser context `runs` times (nothing cached in the browser) and times it from
 * navigation to "map ready" as the e2e tests define it (waitForMapIdle: MapLibre has replaced the
 * static map, the village areas are drawn and nothing is loading or moving). Needs the test build
 * (window.__map). Also counts the needs (clusters and points) drawn in the first view.
 */
export async function mapReady(base: string, runs = 3) {
	const browser = await chromium.launch({
		executablePath: process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE || '/usr/bin/chromium',
		args: CHROMIUM_ARGS
	});
	const times: number[] = [];
	let drawn = 0;
	let failure = '';
	try {
		for (let i = 0; i < runs; i++) {
			const context = await browser.newContext({ locale: 'pl-PL' });
			const page = await context.newPage();
			try {
				const t0 = performance.now();
				await page.goto(base + '/');
				await waitForMapIdle(page);
				times.push(performance.now() - t0);
				drawn = await page.evaluate(() => {
					const map = (window as TestWindow).__map;
					return (
						map?.queryRenderedFeatures({ layers: ['needs-clusters', 'needs-points'] }).length ?? 0
					);
				});
			} catch (e) {
				failure = e instanceof Error ? e.message.split('\n')[0] : String(e);
			} finally {
				await context.close();
			}
		}
	} finally {
		await browser.close();
	}
	const sorted = [...times].sort((a, b) => a - b);
	const cell = times.length
		? `${ms(times[0])} first, ${ms(percentile(sorted, 50))} median of ${times.length}; ${drawn} need symbols drawn`
		: '';
	return { cell: failure ? `${cell} **not ready: ${failure}**` : cell, medianMs: sorted[0] };
}
